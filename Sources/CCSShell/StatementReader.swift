/// Joins physical lines into one statement while the caller's `isComplete` says the text so
/// far is unfinished (an open bracket, block or string, a trailing `|`), or the line ends in
/// a `\` (dropped, and the lines joined with a space, as in a POSIX shell).
enum StatementReader {
  /// Reads lines through `readLine`, giving it `prompt` for the first line and
  /// `continuationPrompt` for the others, and joins them with newlines.
  ///
  /// Ctrl-C (`.interrupted`) abandons the whole statement. End of input after some lines
  /// returns the unfinished statement, so the parser can report what was left open; end of
  /// input before any line is `.eof`.
  static func read(
    prompt: String,
    continuationPrompt: String,
    isComplete: (String) -> Bool,
    readLine: (String) -> LineResult
  ) -> LineResult {
    var statement: String?
    var joinWithSpace = false
    while true {
      switch readLine(statement == nil ? prompt : continuationPrompt) {
      case .interrupted:
        return .interrupted
      case .eof:
        return statement.map(LineResult.line) ?? .eof
      case .line(var line):
        let continued = endsWithBackslash(line)
        if continued { line.removeLast() }
        statement = statement.map { $0 + (joinWithSpace ? " " : "\n") + line } ?? line
        joinWithSpace = continued
        if !continued, let text = statement, isComplete(text) { return .line(text) }
      }
    }
  }

  /// Whether `line` ends in an odd number of backslashes (an even run is escaped ones).
  static func endsWithBackslash(_ line: String) -> Bool {
    var count = 0
    for c in line.reversed() {
      guard c == "\\" else { break }
      count += 1
    }
    return count % 2 == 1
  }
}
