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
