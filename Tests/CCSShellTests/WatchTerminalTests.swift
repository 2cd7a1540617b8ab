import Foundation
import Testing

/// `watch` in a real terminal (tmux): a polled value redrawn in place.
@Suite(
  "Waiting and watching in a terminal", .serialized,
  .enabled(
    if: TmuxSession.isAvailable && CCSExecutable.path != nil, "tmux or the ccs binary is missing"))
struct WatchTerminalTests {
  /// Runs `ccs --sandbox -c SOURCE` in a terminal.
  static func run(_ source: String) throws -> (TmuxSession, String) {
    let home = NSTemporaryDirectory() + "ccs-watch-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    let session = try TmuxSession(
      command: [CCSExecutable.path ?? "ccs", "--sandbox", "-c", source],
      environment: ["HOME": home, "NO_COLOR": "1"], width: 100, height: 30)
    return (session, home)
  }

  @Test("watch --every redraws the value in place")
  func redraw() async throws {
    let (session, home) = try Self.run(
      "mut n = 0\nwatch --every 300ms --count 4 { n += 1; {tick: $n} }")
    defer {
      session.kill()
      try? FileManager.default.removeItem(atPath: home)
    }
    let screen = try await session.waitFor("the last value", timeout: .seconds(30)) {
      $0.contains("tick") && $0.contains("4")
    }
    #expect(try await session.waitForExit() == 0)
    let final = try session.capturePane()
    #expect(
      final.components(separatedBy: "tick").count - 1 == 1,
      "more than one drawing on screen: \(final)")
    _ = screen
  }

  @Test("tasks wait --follow draws one progress bar in place, with the task's log lines above it")
  func progressBarAndLog() async throws {
    let (session, home) = try Self.run(
      """
      let admin = (profile list | where name == "sandbox-clever" | first | get base_url)
      http post "$admin/__sandbox/settings" --body {taskDurationMilliseconds: 4000} | ignore
      let s = (cloudron external-ldap sync)
      print (cloudron tasks wait $s.taskId --follow --interval 100ms | get success)
      """)
    defer {
      session.kill()
      try? FileManager.default.removeItem(atPath: home)
    }
    // Mid-task: a partly filled bar with its percent, under at least one log line.
    let partial = try Regex(#"task \d+ \[#+-+\] +\d{1,2}% "#)
    let running = try await session.waitFor("a partly filled bar", timeout: .seconds(60)) {
      $0.contains(partial)
    }
    #expect(running.split(separator: "\n").first?.contains(try Regex(#"^\d\d:\d\d:\d\d "#)) == true)
    #expect(try await session.waitForExit() == 0)
    let final = try session.capturePane()
    let bars = final.split(separator: "\n").filter { $0.contains(try! Regex(#"task \d+ \["#)) }
    #expect(bars.count == 1, "the bar was drawn on more than one line: \(final)")
    #expect(bars.first?.contains("[####################] 100%") == true)
    #expect(
      final.contains("Task finished successfully\ntask"), "log lines print above the bar: \(final)")
    #expect(final.contains("\ntrue"))
  }
}
