import CCS
import CCSRunbook
import Testing

@Suite("ccs runbook: progress and --step")
struct RunbookProgressTests {
  @Test(.timeLimit(.minutes(1)))
  func terminalProgressShowsTheStepAndElapsedTimeThenTheOutcome() async throws {
    let sink = BufferSink()
    let progress = TerminalProgress(sink: sink, color: false)
    progress.started(1, of: 2, name: "Restart the app")
    // Wait for two redraws (polling: a loaded machine may be slow to schedule the ticker).
    func draws() -> Int { sink.text.components(separatedBy: "▸ [1/2] Restart the app  ").count - 1 }
    let deadline = ContinuousClock.now + .seconds(20)
    while draws() < 2, ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(20))
    }
    #expect(draws() >= 2, "the status line was redrawn while the step ran")
    progress.willWrite()
    progress.finished(1, of: 2, name: "Restart the app", status: .passed, seconds: 0.45)
    progress.skipped(2, of: 2, name: "Reboot", reason: "marked skip")
    let text = sink.text
    #expect(text.hasPrefix("\r\u{1B}[K▸ [1/2] Restart the app  "))
    #expect(text.contains("\r\u{1B}[K✓ [1/2] Restart the app  passed in 0.45 s\n"))
    #expect(text.hasSuffix("\r\u{1B}[K- [2/2] Reboot  skipped (marked skip)\n"))
  }

  @Test func stepAsksBeforeEachStepAndStopsOnQuit() async throws {
    let h = RunbookHarness()
    var options = RunbookOptions(path: "incident.md")
    options.confirmEachStep = true
    var runner = h.runner(options, apis: .none)
    let asked = Locked<[String]>([])
    runner.confirm = { number, total, name in
      asked.withLock { $0.append("\(number)/\(total) \(name)") }
      return [1: false, 2: true][number] ?? nil
    }
    let markdown =
      "# A\n```ccs\nprint 1\n```\n# B\n```ccs\nprint 2\n```\n# C\n```ccs\nprint 3\n```\n# D\n```ccs\nprint 4\n```\n"
    let result = try await runner.run(RunbookDocument(path: "incident.md", text: markdown))
    #expect(asked.withLock { $0 } == ["1/4 A", "2/4 B", "3/4 C"])
    #expect(
      result.steps.map(\.status) == [
        .skipped("declined"), .passed, .skipped("stopped at --step"), .skipped("stopped at --step"),
      ])
    #expect(h.stdout.text == "2\n")
  }
}
