import Foundation
import Testing

@Suite("tmux harness", .serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct TmuxSessionTests {
  @Test("keys and literal text reach the command, the screen shows its output")
  func roundTrip() async throws {
    let session = try TmuxSession(
      command: ["/bin/sh", "-c", "printf 'ready\\n'; read line; printf 'line=[%s]\\n' \"$line\""],
      width: 80, height: 10)
    defer { session.kill() }
    try await session.waitFor(text: "ready")
    try session.sendLiteral("a b; C-c $x")
    try session.sendKeys("Enter")
    try await session.waitFor(text: "line=[a b; C-c $x]")
    #expect(try await session.waitForExit() == 0)
  }

  @Test("the command sees only the given environment, plus TERM and PATH")
  func environment() async throws {
    let session = try TmuxSession(
      command: ["/bin/sh", "-c", "echo \"v=$CCS_V term=$TERM home=${HOME-unset}\"; sleep 5"],
      environment: ["CCS_V": "42"])
    defer { session.kill() }
    try await session.waitFor(text: "v=42 term=screen home=unset")
  }

  @Test("the pane has the requested size")
  func size() async throws {
    let session = try TmuxSession(
      command: ["/bin/sh", "-c", "stty size; sleep 5"], width: 100, height: 30)
    defer { session.kill() }
    try await session.waitFor(text: "30 100")
  }

  @Test("waitFor times out with the screen in the error")
  func timeout() async throws {
    let session = try TmuxSession(command: ["/bin/sh", "-c", "echo nothing here; sleep 5"])
    defer { session.kill() }
    try await session.waitFor(text: "nothing here")
    await #expect(throws: TmuxError.self) {
      try await session.waitFor(text: "never", timeout: .milliseconds(200))
    }
  }

  @Test("the exit status is readable after the command ends")
  func exitStatus() async throws {
    let session = try TmuxSession(command: ["/bin/sh", "-c", "exit 3"])
    defer { session.kill() }
    #expect(try await session.waitForExit() == 3)
  }
}
