import CCSLanguage
import Foundation
import Testing

/// Feeds the lexer and parser truncated, spliced and random inputs built from the golden corpus:
/// every input must give a program or diagnostics, never a trap or a hang.
struct ParserFuzzTests {
  static let corpus: [String] = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("scripts")
    guard let e = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var sources = e.compactMap { $0 as? String }.filter { $0.hasSuffix(".ccs") }.sorted().compactMap
    {
      try? String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)
    }
    sources.append(contentsOf: [
      "def f [a: int = 1, --b(-c): string] { for x in 1..3 { if $x > 1 { break } } }",
      "try { \"a $(b | c) $d\" } catch {|e| [$e.message {k: 'v'}] }",
      "let x = {a: [1 2 {b: 3}]}; $x.a.2.b | each { $it * 2 } | where $it > 0",
    ])
    return sources
  }()

  struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
  }

  static func survive(_ text: String) {
    let file = SourceFile(name: "fuzz.ccs", text: text)
    let (program, diagnostics) = Parser.parse(file)
    for d in diagnostics {
      #expect(d.range.start >= 0 && d.range.start <= file.bytes.count)
      _ = DiagnosticRenderer(color: false).render(d)
    }
    _ = program.block.statements.count
  }

  @Test func everyPrefixOfEveryCorpusScript() {
    for source in Self.corpus {
      let bytes = Array(source.utf8)
      let step = max(1, bytes.count / 60)
      for cut in stride(from: 0, through: bytes.count, by: step) {
        Self.survive(String(decoding: bytes[0..<cut], as: UTF8.self))
      }
    }
  }

  @Test func randomMutations() {
    var rng = SplitMix(state: 0xC0FFEE)
    let alphabet = Array("{}[]()|$\"'\\:;,.=<>!~-+*/%#\n \tabc123_xyz?")
    for _ in 0..<3000 {
      guard !Self.corpus.isEmpty else { return }
      var chars = Array(Self.corpus[rng.below(Self.corpus.count)])
      for _ in 0..<(1 + rng.below(6)) where !chars.isEmpty {
        let i = rng.below(chars.count)
        switch rng.below(3) {
        case 0: chars.remove(at: i)
        case 1: chars.insert(alphabet[rng.below(alphabet.count)], at: i)
        default: chars[i] = alphabet[rng.below(alphabet.count)]
        }
      }
      Self.survive(String(chars))
    }
  }

  @Test func randomBytes() {
    var rng = SplitMix(state: 42)
    for _ in 0..<2000 {
      let bytes = (0..<rng.below(80)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      Self.survive(String(decoding: bytes, as: UTF8.self))
    }
  }

  @Test(
    "deep nesting is a diagnostic, not a stack overflow",
    arguments: ["(", "[", "{", "{a: ", "- ", "not ", "if true { ", "\"$("])
  func deepNesting(opener: String) {
    let text = String(repeating: opener, count: 50_000)
    let (_, diagnostics) = Parser.parse(SourceFile(name: "deep.ccs", text: text))
    #expect(!diagnostics.isEmpty)
    Self.survive(text)
  }

  @Test("nesting up to the limit parses")
  func nestingAtTheLimit() {
    let depth = Parser.maxNesting - 1
    let text = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
    let (_, diagnostics) = Parser.parse(SourceFile(name: "deep.ccs", text: text))
    #expect(diagnostics.isEmpty)
  }
}
