import CCSRunbook
import Foundation
import Testing

@Suite("ccs runbook: --report")
struct RunbookReportTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/report")

  /// The report of check-service.md, compared with check-service.report.md (re-record with
  /// CCS_RECORD=1). Durations are reproducible: the harness clock advances 0.25 s per reading.
  @Test func reportMatchesTheGoldenFile() async throws {
    let path = Self.fixtures.appendingPathComponent("check-service.md").path
    let document = try RunbookDocument.load(path)
    let h = RunbookHarness()
    var options = RunbookOptions(path: "check-service.md")
    options.keepGoing = true
    let named = RunbookDocument(path: "check-service.md", text: document.text)
    let result = try await h.runner(options, apis: .none).run(named)
    #expect(result.exitCode == 1)
    let report = RunbookReport.render(named, result)
    let golden = Self.fixtures.appendingPathComponent("check-service.report.md")
    if ProcessInfo.processInfo.environment["CCS_RECORD"] != nil {
      try report.write(to: golden, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(report == expected)
  }
}
