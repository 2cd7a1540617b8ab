import Foundation
import Testing

/// Examples/OpsBot, the example host, is built with the tests and run here.
@Suite("example host: OpsBot")
struct ExampleHostTests {
  static var binary: String? {
    guard let ccs = CCSBinary.path else { return nil }
    let path = URL(fileURLWithPath: ccs).deletingLastPathComponent().appendingPathComponent(
      "OpsBot"
    ).path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  @Test(.timeLimit(.minutes(2)))
  func opsBotPipesAPIResultsThroughItsHostCommands() async throws {
    let path = try #require(Self.binary, "OpsBot is built next to ccs")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.environment = ["HOME": "/nonexistent-ccs-test-home", "PATH": "/usr/bin:/bin"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let reader = ReadAll(out.fileHandleForReading)
    // Wait on a thread of its own, not on the cooperative pool other tests need.
    let text = await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        process.waitUntilExit()
        continuation.resume(returning: reader.wait())
      }
    }
    #expect(process.terminationStatus == 0, "\(text)")
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.first == "OpsBot report", "\(text)")
    // The triage counts (a value host command) add up to the failed tasks, and one page per
    // failed task (at most five) went out through the streaming host command.
    let counts = lines.drop { $0 != "failed cloudron tasks by type:" }.dropFirst()
      .prefix { $0.hasPrefix("  ") }.compactMap {
        Int($0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "")
      }
    let failed = counts.reduce(0, +)
    #expect(failed > 0)
    let sent = try #require(
      lines.first { $0.hasPrefix("pages sent: ") }.flatMap { Int($0.dropFirst(12)) })
    #expect(sent == min(failed, 5))
    #expect(
      lines.filter { $0.hasPrefix("  #ops: cloudron task ") && $0.hasSuffix(" failed") }.count
        == sent)
    #expect(lines.contains { $0.hasPrefix("clever zones: ") && $0 != "clever zones: 0" })
  }
}
