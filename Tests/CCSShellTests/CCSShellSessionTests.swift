import Foundation
import Testing

@testable import CCSShell

/// The interactive shell's behaviour around statements: completion that never waits, the
/// prompt, history across shells and secrets, init file, exit status, continuation lines.
@Suite(
  "ccs shell session in a terminal", .serialized,
  .enabled(
    if: TmuxSession.isAvailable && CCSExecutable.path != nil, "tmux or the ccs binary is missing"))
struct CCSShellSessionTests {
  static func cleanUp(_ session: TmuxSession, _ home: String) {
    session.kill()
    try? FileManager.default.removeItem(atPath: home)
  }

  @Test("with a slow API a key typed after Tab appears at once; candidates show descriptions")
  func nonBlockingCompletion() async throws {
    let (session, home) = try CCSREPLTests.start([
      "--sandbox", "--sandbox-fault", "responseDelayMilliseconds=5000",
    ])
    defer { Self.cleanUp(session, home) }
    try await session.waitFor(text: "ccs@sandbox>", timeout: .seconds(30))
    // The first use of an API parses its catalog (slow in a debug build on a loaded machine);
    // do it before timing, so the measure is the completer's wait alone.
    try session.typeLine("let warm = (help cloudron tasks get); print ('catalog' + '-ready')")
    try await session.waitFor(text: "catalog-ready", timeout: .seconds(60))
    try await session.waitForLastLine("ccs@sandbox> ", timeout: .seconds(10))
    try session.sendLiteral("cloudron tasks get ")
    try await session.waitForLastLine("ccs@sandbox> cloudron tasks get ", timeout: .seconds(10))
    let clock = ContinuousClock()
    let start = clock.now
    try session.sendKeys("Tab")
    try session.sendLiteral("5")
    try await session.waitFor(text: "cloudron tasks get 5", timeout: .seconds(10))
    let elapsed = clock.now - start
    // The API answers after 5 s (per page: the list has three); typing must not wait for it.
    // The completer gives up after 150 ms; the bound is generous because tmux itself is slow
    // when the whole suite runs in parallel on a 2-core machine, and still below the delay.
    #expect(elapsed < .seconds(4), "the typed key appeared after \(elapsed)")
    try await session.waitFor(text: "still waiting for the API", timeout: .seconds(5))
    try await CCSREPLTests.pressTabUntil(
      session, "task ids with descriptions", timeout: .seconds(60)
    ) { screen in
      screen.contains("50") && screen.contains("59") && screen.contains(" · ")
    }
  }

  @Test("the prompt shows the API in use and marks the sandbox")
  func prompt() async throws {
    let (session, home) = try CCSREPLTests.start(["--sandbox"])
    defer { Self.cleanUp(session, home) }
    try await session.waitFor(text: "ccs@sandbox>", timeout: .seconds(30))
    try session.typeLine("cloudron tasks list | length")
    try await session.waitFor(text: "cloudron@sandbox>", timeout: .seconds(20))
    let (plain, plainHome) = try CCSREPLTests.start()
    defer { Self.cleanUp(plain, plainHome) }
    let screen = try await plain.waitFor(text: "ccs>", timeout: .seconds(30))
    #expect(!screen.contains("\u{1B}"))
  }

  /// The history file's lines, as libedit decodes them.
  static func history(in home: String) -> [String] {
    LineEditor(programName: "test", historyFile: "\(home)/.local/state/ccs/history").historyEntries
  }

  @Test("a line with a secret is saved with *** in its place")
  func secretLine() async throws {
    let (session, home) = try CCSREPLTests.start()
    defer { Self.cleanUp(session, home) }
    try await session.waitFor(text: "ccs>", timeout: .seconds(30))
    try session.typeLine("let pw = \"hunter2\"")
    try session.typeLine("print $pw")
    try await session.waitFor("the value printed") { $0.contains("\nhunter2\n") }
    try session.typeLine("exit")
    _ = try await session.waitForExit()
    let saved = Self.history(in: home)
    #expect(saved.contains("let pw = \"***\""))
    #expect(saved.contains("print $pw"))
    let raw = try String(contentsOfFile: "\(home)/.local/state/ccs/history", encoding: .utf8)
    #expect(!raw.contains("hunter2"))
  }

  @Test("two shells writing history at once lose no line")
  func twoShells() async throws {
    let (first, home) = try CCSREPLTests.start()
    defer { Self.cleanUp(first, home) }
    let second = try TmuxSession(
      command: [CCSExecutable.path ?? "ccs"], environment: ["HOME": home, "NO_COLOR": "1"],
      width: 100, height: 40)
    defer { second.kill() }
    try await first.waitFor(text: "ccs>", timeout: .seconds(30))
    try await second.waitFor(text: "ccs>", timeout: .seconds(30))
    for i in 0..<10 {
      try first.typeLine("print a\(i)")
      try second.typeLine("print b\(i)")
    }
    try await first.waitFor(text: "a9", timeout: .seconds(20))
    try await second.waitFor(text: "b9", timeout: .seconds(20))
    try first.typeLine("exit")
    try second.typeLine("exit")
    _ = try await first.waitForExit()
    _ = try await second.waitForExit()
    let saved = Self.history(in: home)
    for i in 0..<10 {
      #expect(saved.contains("print a\(i)"))
      #expect(saved.contains("print b\(i)"))
    }
  }

  @Test("init.ccs runs at start, --no-init skips it, exit N exits with N")
  func initFileAndExit() async throws {
    let (session, home) = try CCSREPLTests.start()
    defer { Self.cleanUp(session, home) }
    try await session.waitFor(text: "ccs>", timeout: .seconds(30))
    try FileManager.default.createDirectory(
      atPath: "\(home)/.config/ccs", withIntermediateDirectories: true)
    try "let greeting = \"from-init\"\n".write(
      toFile: "\(home)/.config/ccs/init.ccs", atomically: true, encoding: .utf8)
    try session.typeLine("exit 3")
    #expect(try await session.waitForExit() == 3)

    let withInit = try TmuxSession(
      command: [CCSExecutable.path ?? "ccs"], environment: ["HOME": home, "NO_COLOR": "1"],
      width: 100, height: 40)
    defer { withInit.kill() }
    try await withInit.waitFor(text: "ccs>", timeout: .seconds(30))
    try withInit.typeLine("print \"value-$greeting\"")
    try await withInit.waitFor(text: "value-from-init", timeout: .seconds(20))

    let noInit = try TmuxSession(
      command: [CCSExecutable.path ?? "ccs", "--no-init"],
      environment: ["HOME": home, "NO_COLOR": "1"],
      width: 100, height: 40)
    defer { noInit.kill() }
    try await noInit.waitFor(text: "ccs>", timeout: .seconds(30))
    try noInit.typeLine("print \"value-$greeting\"")
    let screen = try await noInit.waitFor("an error") { $0.contains("error") }
    #expect(!screen.contains("value-from-init"))
  }

  @Test("an open string and a trailing backslash continue onto the next line")
  func continuation() async throws {
    let (session, home) = try CCSREPLTests.start()
    defer { Self.cleanUp(session, home) }
    try await session.waitFor(text: "ccs>", timeout: .seconds(30))
    try session.typeLine("print \"first")
    try await session.waitFor(text: "...>", timeout: .seconds(10))
    try session.typeLine("second\"")
    try await session.waitFor("both lines printed") { $0.contains("\nfirst\nsecond\n") }
    try session.typeLine("[1 2 3] \\")
    try session.typeLine("| length")
    try await session.waitFor("the joined pipeline's result") { $0.contains("\n3\n") }
  }
}
