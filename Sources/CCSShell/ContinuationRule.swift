import CCSLanguage

/// When the REPL reads another line before running what was typed: an open bracket or block
/// or a trailing `|` (the parser's rule), or an open string. A trailing `\` is handled by
/// ``StatementReader`` itself.
enum ContinuationRule {
  /// Whether `source` is a whole statement.
  static func isComplete(_ source: String) -> Bool {
    !hasOpenString(source) && !Parser.isIncomplete(source)
  }

  /// Whether a quoted string is still open at the end of `source`.
  static func hasOpenString(_ source: String) -> Bool {
    var lexer = Lexer(file: SourceFile(name: "<input>", text: source))
    _ = lexer.tokenize()
    return lexer.diagnostics.contains { $0.message.hasPrefix("unterminated string") }
  }
}

/// `exit` and `exit N` typed at the prompt: leave the shell with status N (0 by default).
enum ExitRequest {
  /// The status `source` asks to exit with, or nil when it is not an exit request.
  static func status(of source: String) -> Int32? {
    let words = source.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
    guard words.first == "exit", words.count <= 2 else { return nil }
    guard words.count == 2 else { return 0 }
    return Int32(words[1]).map { $0 & 0xFF }
  }
}
