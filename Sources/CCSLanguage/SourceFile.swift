/// A half-open range of UTF-8 byte offsets into a `SourceFile`.
///
/// Line and column are computed only when a diagnostic is rendered.
public struct SourceRange: Hashable, Sendable {
  /// Offset of the first byte.
  public var start: Int
  /// Offset one past the last byte.
  public var end: Int

  /// Creates a range from `start` up to (not including) `end`.
  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = max(start, end)
  }

  /// An empty range at offset 0, for values that come from no source.
  public static let none = SourceRange(0, 0)

  /// The smallest range covering both `self` and `other`.
  public func union(_ other: SourceRange) -> SourceRange {
    SourceRange(min(start, other.start), max(end, other.end))
  }
}

/// A named piece of ccs source text: a script file, a `-c` argument, a REPL line.
public final class SourceFile: Sendable {
  /// The name shown in diagnostics (`deploy.ccs`, `<command line>`, `<stdin>`).
  public let name: String
  /// The text as written.
  public let text: String
  /// The text's UTF-8 bytes, which source ranges index.
  public let bytes: [UInt8]
  private let lineStarts: [Int]

  /// Creates a source file from its display name and text.
  public init(name: String, text: String) {
    self.name = name
    self.text = text
    self.bytes = Array(text.utf8)
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    self.lineStarts = starts
  }

  /// The 1-based line and column (in characters) of a byte offset.
  public func location(of offset: Int) -> (line: Int, column: Int) {
    let clamped = min(max(0, offset), bytes.count)
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
    }
    let lineStart = lineStarts[lo]
    let prefix = String(decoding: bytes[lineStart..<clamped], as: UTF8.self)
    return (lo + 1, prefix.count + 1)
  }

  /// The text of a 1-based line, without its newline.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  /// The range of the first occurrence of `needle` inside `range`, or nil.
  public func firstRange(of needle: String, in range: SourceRange) -> SourceRange? {
    let pattern = Array(needle.utf8)
    let s = min(max(0, range.start), bytes.count)
    let e = min(max(s, range.end), bytes.count)
    guard !pattern.isEmpty, e - s >= pattern.count else { return nil }
    for i in s...(e - pattern.count) where bytes[i..<(i + pattern.count)].elementsEqual(pattern) {
      return SourceRange(i, i + pattern.count)
    }
    return nil
  }

  /// The source text a range covers.
  public func text(in range: SourceRange) -> String {
    let s = min(max(0, range.start), bytes.count)
    let e = min(max(s, range.end), bytes.count)
    return String(decoding: bytes[s..<e], as: UTF8.self)
  }
}
