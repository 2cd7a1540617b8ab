/// The candidates a completer offers for the text around the cursor.
///
/// Offsets are UTF-8 byte offsets into the current line, like source ranges in the parser.
/// `replacing` is the text the chosen candidate replaces, usually the word before the cursor:
///
/// ```swift
/// editor.completer = { line, cursor in
///   Completion.words(["cloudron", "clever"], line: line, cursor: cursor)
/// }
/// ```
public struct Completion: Sendable, Equatable {
  /// The UTF-8 byte range of the line the candidates replace; it ends at or after the cursor.
  public var replacing: Range<Int>
  /// Every full replacement for `replacing` (not only the missing suffix).
  public var candidates: [String]
  /// Whether a unique candidate is followed by a space (off for a path ending in `/`, say).
  public var appendsSpaceWhenUnique: Bool
  /// A description per candidate, shown beside it when the candidates are listed.
  public var descriptions: [String: String]
  /// Said under the line when there are no candidates (a lookup still running or failed).
  public var message: String?

  /// Creates a completion replacing `replacing` with one of `candidates`.
  public init(
    replacing: Range<Int>, candidates: [String], appendsSpaceWhenUnique: Bool = true,
    descriptions: [String: String] = [:], message: String? = nil
  ) {
    self.replacing = replacing
    self.candidates = candidates
    self.appendsSpaceWhenUnique = appendsSpaceWhenUnique
    self.descriptions = descriptions
    self.message = message
  }

  /// No candidates: Tab rings the bell.
  public static let none = Completion(replacing: 0..<0, candidates: [])

  /// Completes the whitespace-delimited word before `cursor` from `words`, keeping those that
  /// start with it.
  public static func words(_ words: [String], line: String, cursor: Int) -> Completion {
    let bytes = Array(line.utf8)
    let end = min(max(cursor, 0), bytes.count)
    var start = end
    while start > 0, !isSpace(bytes[start - 1]) { start -= 1 }
    let word = String(decoding: bytes[start..<end], as: UTF8.self)
    return Completion(replacing: start..<end, candidates: words.filter { $0.hasPrefix(word) })
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
  }
}
