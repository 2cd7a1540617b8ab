/// Joins physical lines into one statement while the caller's `isComplete` says the text so
/// far is unfinished (an open bracket or block, a trailing `|`).
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
    var lines: [String] = []
    while true {
      switch readLine(lines.isEmpty ? prompt : continuationPrompt) {
      case .interrupted:
        return .interrupted
      case .eof:
        return lines.isEmpty ? .eof : .line(lines.joined(separator: "\n"))
      case .line(let line):
        lines.append(line)
        let statement = lines.joined(separator: "\n")
        if isComplete(statement) { return .line(statement) }
      }
    }
  }
}
