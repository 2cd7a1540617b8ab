import CCSLanguage
import Testing

/// Parser diagnostics, with the expected position marked inline by `1️⃣` (swift-syntax style).
struct ParserTests {
  static func parse(_ source: String) -> (Program, [Diagnostic]) {
    Parser.parse(SourceFile(name: "t.ccs", text: source))
  }

  @Test(arguments: [
    "let x = 1",
    "mut y = [1 2 3]\ny = 4",
    "def f [a: int, b = 2, --flag, --n: int = 3, ...rest] { $a + $b }",
    "if $a { 1 } else if $b { 2 } else { 3 }",
    "for x in [1 2] { print $x }",
    "while $i < 3 { $i += 1 }",
    "try { error make 'x' } catch {|e| $e.message }",
    "ls | where size > 10kb | first 3",
    "cloudron tasks list\n| where active\n| length",
    "let r = {a: 1, 'b c': 2, \"d\": [3 4]}",
    "$x.a.0.b?",
    "each {|x, y = 2| $x + $y }",
    "source lib.ccs",
    "[1 2 3] | reduce --fold 0 {|x, acc| $acc + $x}",
  ])
  func parsesWithoutErrors(_ source: String) {
    let (_, diagnostics) = Self.parse(source)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
  }

  @Test(arguments: [
    ("let x = [1 2 1️⃣", "expected ']' to close '[' at line 1, found end of input"),
    ("if $x 1️⃣1", "expected '{' to start the body of 'if', found number 1"),
    ("foo 1 1️⃣+ 2", "unexpected operator '+' in command arguments"),
    ("let x = 1 < 2 1️⃣< 3", "comparison operators cannot be chained"),
    ("let 1️⃣1 = 2", "expected a variable name after 'let', found number 1"),
    ("1 + 1️⃣bare", "unexpected bare word 'bare' in an expression"),
    ("def f 1️⃣{ }", "expected '[' to start the parameters of 'f', found '{'"),
    ("{ a: 1 1️⃣", "expected '}' to close '{' at line 1, found end of input"),
    ("1️⃣}", "unexpected '}' with no '{' to close"),
  ])
  func diagnosticAtMarker(_ marked: String, _ message: String) throws {
    let marker = "1️⃣"
    let range = try #require(marked.range(of: marker))
    let offset = marked.utf8.distance(from: marked.utf8.startIndex, to: range.lowerBound)
    let source = marked.replacingOccurrences(of: marker, with: "")
    let (_, diagnostics) = Self.parse(source)
    let match = diagnostics.first { $0.message == message }
    #expect(match != nil, "got: \(diagnostics.map(\.message))")
    #expect(match?.range.start == offset, "at \(match?.range.start ?? -1), expected \(offset)")
  }

  @Test func recoversAndReportsEveryStatementError() {
    let (_, diagnostics) = Self.parse("let = 1\nlet ok = 2\nfoo 1 + 2\nlet y = [\n")
    #expect(diagnostics.count == 3, "\(diagnostics.map(\.message))")
  }

  @Test func incompleteInputIsDetected() {
    #expect(Parser.isIncomplete("if $x {"))
    #expect(Parser.isIncomplete("[1 2"))
    #expect(Parser.isIncomplete("ls |"))
    #expect(!Parser.isIncomplete("ls | length"))
  }

  @Test func renderedDiagnosticShowsLineAndCaret() {
    let file = SourceFile(name: "t.ccs", text: "let a = 1\nlet b = [2 3\n")
    let (_, diagnostics) = Parser.parse(file)
    let text = DiagnosticRenderer(color: false).render(diagnostics[0])
    #expect(
      text.hasPrefix("t.ccs:2:13: error: expected ']' to close '[' at line 2, found end of input"))
  }
}
