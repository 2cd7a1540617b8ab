import Foundation
import Testing

/// Runs the examples of the language reference, `docs/language.md`, through the real `ccs`
/// binary: every ```` ```ccs ```` block directly followed by an ```` ```output ```` block, an
/// ```` ```error ```` block, or both (in that order) is an example whose standard output and
/// standard error must equal those blocks exactly (a missing block means "empty"). A `ccs`
/// block without either is illustration only and is not run.
struct LanguageDocTests {
  struct Example: CustomTestStringConvertible, Sendable {
    /// The line of the ```` ```ccs ```` fence in docs/language.md.
    var line: Int
    var source: String
    var output: String
    var error: String
    var testDescription: String { "docs/language.md:\(line)" }
  }

  static let path = CCSBinary.repoRoot.appendingPathComponent("docs/language.md")

  /// The ccs+output pairs of the document, in order.
  static var examples: [Example] {
    guard let text = try? String(contentsOf: path, encoding: .utf8) else { return [] }
    let lines = text.components(separatedBy: "\n")
    var examples: [Example] = []
    var i = 0
    /// Reads a fenced block starting at `start` (the fence line); returns its body and the index
    /// after its closing fence.
    func block(at start: Int) -> (String, Int)? {
      var body: [String] = []
      var j = start + 1
      while j < lines.count {
        if lines[j] == "```" { return (body.joined(separator: "\n"), j + 1) }
        body.append(lines[j])
        j += 1
      }
      return nil
    }
    while i < lines.count {
      guard lines[i] == "```ccs", let (source, next) = block(at: i) else {
        i += 1
        continue
      }
      /// The expected block of `kind` starting at the first non-blank line from `from`.
      func expected(_ kind: String, from: Int) -> (String, Int)? {
        var k = from
        while k < lines.count, lines[k].trimmingCharacters(in: .whitespaces).isEmpty { k += 1 }
        guard k < lines.count, lines[k] == "```" + kind, let (body, after) = block(at: k) else {
          return nil
        }
        return (body.isEmpty ? "" : body + "\n", after)
      }
      let output = expected("output", from: next)
      let error = expected("error", from: output?.1 ?? next)
      if output != nil || error != nil {
        examples.append(
          Example(line: i + 1, source: source, output: output?.0 ?? "", error: error?.0 ?? ""))
      }
      i = error?.1 ?? output?.1 ?? next
    }
    return examples
  }

  @Test func documentHasEnoughExamples() {
    #expect(
      Self.examples.count >= 40, "docs/language.md has \(Self.examples.count) tested examples")
  }

  @Test(arguments: examples)
  func example(_ example: Example) async throws {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ccs-doc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }
    let result = try await CCSBinary.run(
      ["-c", example.source], environment: ["HOME": tmp.path], directory: tmp)
    #expect(result.stdout == example.output, "stdout of the example at \(example.testDescription)")
    #expect(result.stderr == example.error, "stderr of the example at \(example.testDescription)")
  }
}
