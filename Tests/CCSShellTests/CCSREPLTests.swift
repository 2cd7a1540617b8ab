import Foundation
import Testing

/// The `ccs` binary next to the test bundle (`swift build` builds it there).
enum CCSExecutable {
  static let path: String? = {
    guard let probe = ProbeBinary.path else { return nil }
    let candidate = URL(fileURLWithPath: probe).deletingLastPathComponent().appendingPathComponent(
      "ccs"
    ).path
    return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
  }()
}

/// The real `ccs` REPL in a real terminal (tmux): what a user sees at the prompt.
@Suite(
  "ccs REPL in a terminal", .serialized,
  .enabled(
    if: TmuxSession.isAvailable && CCSExecutable.path != nil, "tmux or the ccs binary is missing"))
struct CCSREPLTests {
  static var binary: String? { CCSExecutable.path }

  /// Starts `ccs ARGUMENTS` (or `command`, when given) in a terminal, with a fresh `HOME`.
  static func start(
    _ arguments: [String] = [], command: [String]? = nil, environment: [String: String] = [:]
  ) throws -> (TmuxSession, String) {
    let home = NSTemporaryDirectory() + "ccs-repl-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    let session = try TmuxSession(
      command: command ?? [binary ?? "ccs"] + arguments,
      environment: environment.merging(["HOME": home, "NO_COLOR": "1"]) { _, fixed in fixed },
      width: 100, height: 40)
    return (session, home)
  }

  /// Presses Tab twice every half second until `condition` holds for the screen.
  static func pressTabUntil(
    _ session: TmuxSession, _ what: String, timeout: Duration = .seconds(30),
    until condition: @escaping (String) -> Bool
  ) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
      try session.sendKeys("Tab", "Tab")
      if let _ = try? await session.waitFor(what, timeout: .milliseconds(500), until: condition) {
        return
      }
      if ContinuousClock.now >= deadline {
        try await session.waitFor(what, timeout: .zero, until: condition)
        return
      }
    }
  }

  @Test("evaluates statements and renders tables")
  func evaluates() async throws {
    let (session, home) = try Self.start()
    defer {
      session.kill()
      try? FileManager.default.removeItem(atPath: home)
    }
    try await session.waitFor(text: "ccs>", timeout: .seconds(30))
    try session.typeLine("let apps = [{name: api, n: 3} {name: web, n: 1}]")
    try session.typeLine("$apps | where n > 2 | get name")
    let screen = try await session.waitFor(text: "api", timeout: .seconds(20))
    #expect(!screen.contains("web │"))
    try session.typeLine("$apps | length")
    try await session.waitFor("the count") { $0.contains("\n2\n") }
  }

  @Test("reports errors with a caret and keeps running")
  func errors() async throws {
    let (session, home) = try Self.start()
    defer {
      session.kill()
      try? FileManager.default.removeItem(atPath: home)
    }
    try await session.waitFor(text: "ccs>", timeout: .seconds(30))
    try session.typeLine("wher 1")
    try await session.waitFor(text: "unknown command 'wher'", timeout: .seconds(20))
    try session.typeLine("1 + 1")
    try await session.waitFor("the next result") { $0.contains("\n2\n") }
  }

  @Test("continues multi-line input and completes command words")
  func multiLineAndCompletion() async throws {
    let (session, home) = try Self.start()
    defer {
      session.kill()
      try? FileManager.default.removeItem(atPath: home)
    }
    try await session.waitFor(text: "ccs>", timeout: .seconds(30))
    try session.typeLine("[1 2 3] | each {|x|")
    try await session.waitFor(text: "...>", timeout: .seconds(10))
    try session.typeLine("$x * 10 }")
    try await session.waitFor(text: "30", timeout: .seconds(20))
    try await session.waitForLastLine("ccs> ", timeout: .seconds(10))
    try session.sendLiteral("sort-b")
    try session.sendKeys("Tab")
    try await session.waitForLastLine("ccs> sort-by", timeout: .seconds(10))
  }

  @Test("completes live resource ids from the sandbox")
  func liveCompletion() async throws {
    let (session, home) = try Self.start(["--sandbox"])
    defer {
      session.kill()
      try? FileManager.default.removeItem(atPath: home)
    }
    try await session.waitForLastLine("ccs@sandbox> ", timeout: .seconds(30))
    try session.sendLiteral("cloudron tasks get 5")
    // The first Tab may only start the lookup; Tab again until the ids are listed.
    try await Self.pressTabUntil(session, "task ids") { $0.contains("50") && $0.contains("59") }
  }

  @Test("Ctrl-Z stops ccs like any job; fg brings the line back, redrawn and intact")
  func suspendAndResume() async throws {
    // An interactive shell with job control runs ccs, as a user's would.
    let (session, home) = try Self.start(
      command: ["/bin/bash", "--norc", "--noprofile", "-i"], environment: ["PS1": "shell$ "])
    defer {
      session.kill()
      try? FileManager.default.removeItem(atPath: home)
    }
    try await session.waitFor(text: "shell$", timeout: .seconds(30))
    try session.typeLine("'\(Self.binary ?? "ccs")'")
    try await session.waitForLastLine("ccs> ", timeout: .seconds(30))
    try session.sendLiteral("print resumed")
    try session.sendKeys("C-z")
    try await session.waitFor(text: "Stopped", timeout: .seconds(20))
    try session.typeLine("fg")
    try await session.waitFor("the line redrawn after fg", timeout: .seconds(20)) { screen in
      guard let fg = screen.range(of: "shell$ fg") else { return false }
      return screen[fg.upperBound...].contains("ccs> print resumed")
    }
    try session.sendKeys("Enter")
    try await session.waitFor("the line run") { $0.contains("\nresumed\n") }
  }
}
