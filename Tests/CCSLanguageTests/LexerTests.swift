import CCSLanguage
import Testing

struct LexerTests {
  static func kinds(_ source: String) -> [TokenKind] {
    var lexer = Lexer(file: SourceFile(name: "t", text: source))
    return lexer.tokenize().map(\.kind).filter { $0 != .eof }
  }

  @Test(arguments: [
    ("42", [TokenKind.int(42)]),
    ("1_000", [.int(1000)]),
    ("0x1F", [.int(31)]),
    ("2.5", [.float(2.5)]),
    ("-3", [.int(-3)]),
    ("500ms", [.duration(500_000_000)]),
    ("10min", [.duration(600_000_000_000)]),
    ("5kb", [.size(5000)]),
    ("2fa", [.word("2fa")]),
    ("orga_x", [.word("orga_x")]),
    ("sort-by", [.word("sort-by")]),
    ("$x", [.variable("x")]),
    ("--flag", [.longFlag("flag")]),
    ("-r", [.shortFlag("r")]),
    ("'raw $x'", [.rawString("raw $x")]),
    ("a | b", [.word("a"), .pipe, .word("b")]),
    ("$a-1", [.variable("a"), .op("-"), .int(1)]),
    ("$x.0.1", [.variable("x"), .dot, .int(0), .dot, .int(1)]),
    ("1..3", [.int(1), .op(".."), .int(3)]),
    ("a == b", [.word("a"), .op("=="), .word("b")]),
    ("x =~ 'e'", [.word("x"), .op("=~"), .rawString("e")]),
    ("http://h:8080/p", [.word("http://h:8080/p")]),
    ("*.json", [.word("*.json")]),
    ("a # comment", [.word("a")]),
    ("10.0.0.1", [.word("10.0.0.1")]),
  ])
  func token(_ source: String, _ expected: [TokenKind]) {
    #expect(Self.kinds(source) == expected)
  }

  @Test func interpolationParts() {
    let kinds = Self.kinds(#""a $b $(c | d) \n""#)
    guard case .string(let parts)? = kinds.first else {
      Issue.record("expected a string")
      return
    }
    #expect(parts.count == 5)
    #expect(parts[0] == .text("a "))
    if case .variable("b", _) = parts[1] {} else { Issue.record("expected $b") }
  }

  @Test(arguments: [
    (#""abc"#, "unterminated string"),
    ("'abc", "unterminated string"),
    ("$ x", "expected a variable name"),
    (#""\q""#, "unknown escape sequence"),
    ("99999999999999999999", "integer literal is too large"),
  ])
  func errors(_ source: String, _ message: String) {
    var lexer = Lexer(file: SourceFile(name: "t", text: source))
    _ = lexer.tokenize()
    #expect(lexer.diagnostics.contains { $0.message.contains(message) }, "\(lexer.diagnostics)")
  }
}
