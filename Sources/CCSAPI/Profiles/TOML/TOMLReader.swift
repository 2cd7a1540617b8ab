/// Reads a TOML 1.0 document (https://toml.io/en/v1.0.0) into a `TOMLTable`.
///
/// Strict where the specification is: a table or key defined twice, a header over a table
/// made by dotted keys, an inline table extended afterwards, an integer out of the 64-bit
/// range, a malformed date are errors, each with its line and column. Nesting, of tables
/// and of values, stops at `maxDepth` with an error rather than at the end of the stack.
public struct TOMLReader {
  public static let maxDepth = 256

  let bytes: [UInt8]
  var index = 0
  var line = 1
  var lineStart = 0

  /// Reads `text`.
  ///
  /// - Throws: ``TOMLError`` at the first place the document breaks the specification.
  public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
    var reader = TOMLReader(bytes: Array(text.utf8))
    return try reader.document()
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
    // A byte order mark is allowed before the document.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      index = 3
      lineStart = 3
    }
  }

  // MARK: The document

  private mutating func document() throws(TOMLError) -> TOMLTable {
    let root = TOMLTableNode(origin: .header, line: nil, depth: 0)
    var current = root
    while true {
      skipBlanks()
      guard let byte = peek() else { break }
      switch byte {
      case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        break
      case UInt8(ascii: "["):
        current = try header(in: root)
      default:
        try keyValue(into: current)
      }
      try endOfLine()
    }
    return root.table()
  }

  /// After a header or a key/value: blanks, an optional comment, then a newline or the end.
  private mutating func endOfLine() throws(TOMLError) {
    skipBlanks()
    if peek() == UInt8(ascii: "#") { try comment() }
    guard let byte = peek() else { return }
    guard try newline() else {
      throw error("expected the end of the line, found \(describe(byte))")
    }
  }

  /// `[a.b]` or `[[a.b]]`: the table that the following keys go into.
  private mutating func header(in root: TOMLTableNode) throws(TOMLError) -> TOMLTableNode {
    let start = mark
    let headerLine = line
    index += 1
    let isArray = peek() == UInt8(ascii: "[")
    if isArray { index += 1 }
    skipBlanks()
    let path = try key()
    skipBlanks()
    try expect("]", "to close the table header")
    if isArray { try expect("]", "to close the array-of-tables header `[[…]]`") }
    var table = root
    for (position, part) in path.enumerated() {
      let named = path[...position].joined(separator: ".")
      let isLast = position == path.count - 1
      switch table[part] {
      case nil:
        let child = try node(
          isLast ? .header : .implicit, line: headerLine, below: table, named: named)
        if isLast && isArray {
          table.set(part, .tables(TOMLArrayNode(line: headerLine, first: child)))
        } else {
          table.set(part, .table(child))
        }
        table = child
      case .table(let child):
        if isLast {
          guard !isArray else {
            throw error("`\(named)` is a table, not an array of tables", at: start)
          }
          guard child.origin == .implicit else {
            throw error(
              child.origin == .dotted
                ? "table `\(named)` is already defined by dotted keys"
                : "table `\(named)` is defined twice", at: start)
          }
          child.origin = .header
        }
        table = child
      case .tables(let array):
        if isLast {
          guard isArray else {
            throw error("`\(named)` is an array of tables, not a table", at: start)
          }
          let child = try node(.header, line: headerLine, below: table, named: named)
          array.tables.append(child)
          table = child
        } else if let last = array.tables.last {
          table = last
        }
      case .value:
        throw error("`\(named)` is already a value, not a table", at: start)
      }
    }
    return table
  }

  /// `key = value`, dotted keys making (or extending) the tables they name.
  mutating func keyValue(into current: TOMLTableNode) throws(TOMLError) {
    let start = mark
    let keyLine = line
    let path = try key()
    skipBlanks()
    try expect("=", "after the key `\(path.joined(separator: "."))`")
    skipBlanks()
    var table = current
    for part in path.dropLast() {
      switch table[part] {
      case nil:
        let child = try node(.dotted, line: keyLine, below: table, named: part)
        table.set(part, .table(child))
        table = child
      case .table(let child) where child.origin == .dotted:
        table = child
      case .table, .tables:
        throw error("dotted keys cannot extend `\(part)`, defined elsewhere", at: start)
      case .value:
        throw error("`\(part)` is already a value, not a table", at: start)
      }
    }
    let value = try self.value(depth: table.depth + 1)
    guard let last = path.last else { return }
    guard table[last] == nil else {
      throw error("`\(path.joined(separator: "."))` is defined twice", at: start)
    }
    table.set(last, .value(value, lines: keyLine...line))
  }

  private func node(
    _ origin: TOMLTableNode.Origin, line: Int, below parent: TOMLTableNode, named: String
  ) throws(TOMLError) -> TOMLTableNode {
    guard parent.depth < Self.maxDepth else {
      throw error("`\(named)`: tables nested deeper than \(Self.maxDepth) levels")
    }
    return TOMLTableNode(origin: origin, line: line, depth: parent.depth + 1)
  }

  /// A key: bare, quoted or literal parts joined by dots.
  mutating func key() throws(TOMLError) -> [String] {
    var parts = [try simpleKey()]
    while true {
      let save = index
      skipBlanks()
      guard peek() == UInt8(ascii: ".") else {
        index = save
        return parts
      }
      index += 1
      skipBlanks()
      guard parts.count < Self.maxDepth else {
        throw error("a key of more than \(Self.maxDepth) parts")
      }
      parts.append(try simpleKey())
    }
  }

  private mutating func simpleKey() throws(TOMLError) -> String {
    switch peek() {
    case UInt8(ascii: "\""):
      if startsWith("\"\"\"") { throw error("a key cannot be a multi-line string") }
      return try basicString()
    case UInt8(ascii: "'"):
      if startsWith("'''") { throw error("a key cannot be a multi-line string") }
      return try literalString()
    default:
      let start = index
      while let byte = peek(), Self.isBareKey(byte) { index += 1 }
      guard index > start else {
        throw error(peek().map { "expected a key, found \(describe($0))" } ?? "expected a key")
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }
  }

  static func isBareKey(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
      return true
    default:
      return false
    }
  }

  // MARK: Blanks, comments, newlines

  func peek(_ offset: Int = 0) -> UInt8? {
    index + offset < bytes.count ? bytes[index + offset] : nil
  }

  func startsWith(_ text: StaticString) -> Bool {
    let count = text.utf8CodeUnitCount
    guard bytes.count - index >= count else { return false }
    let prefix = UnsafeBufferPointer(start: text.utf8Start, count: count)
    return bytes[index..<index + count].elementsEqual(prefix)
  }

  /// Spaces and tabs.
  mutating func skipBlanks() {
    while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
      index += 1
    }
  }

  /// A `#` comment up to (not including) the end of its line.
  mutating func comment() throws(TOMLError) {
    index += 1
    while let byte = peek(), byte != UInt8(ascii: "\n") {
      if byte == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { return }
      if Self.isControl(byte) { throw error("\(describe(byte)) in a comment") }
      index += 1
    }
  }

  /// Consumes LF or CRLF; false when the next bytes are not a newline.
  mutating func newline() throws(TOMLError) -> Bool {
    switch peek() {
    case UInt8(ascii: "\n"):
      index += 1
    case UInt8(ascii: "\r"):
      guard peek(1) == UInt8(ascii: "\n") else {
        throw error("a carriage return not followed by a line feed")
      }
      index += 2
    default:
      return false
    }
    line += 1
    lineStart = index
    return true
  }

  /// Blanks, newlines and comments, as allowed between the values of an array.
  mutating func skipBlanksNewlinesAndComments() throws(TOMLError) {
    while true {
      skipBlanks()
      if peek() == UInt8(ascii: "#") { try comment() }
      guard try newline() else { return }
    }
  }

  /// Control characters other than tab, which TOML allows in no comment or string.
  static func isControl(_ byte: UInt8) -> Bool {
    (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F
  }

  mutating func expect(_ character: Unicode.Scalar, _ purpose: String) throws(TOMLError) {
    guard let byte = peek() else {
      throw error("expected `\(character)` \(purpose), found the end of the document")
    }
    guard byte == UInt8(ascii: character) else {
      throw error("expected `\(character)` \(purpose), found \(describe(byte))")
    }
    index += 1
  }

  // MARK: Errors

  /// A place in the document, to report an error where a construct starts.
  struct Mark {
    var line: Int
    var lineStart: Int
    var index: Int
  }

  var mark: Mark { Mark(line: line, lineStart: lineStart, index: index) }

  /// An error at `mark`, or at the current position.
  func error(_ message: String, at mark: Mark? = nil) -> TOMLError {
    let mark = mark ?? self.mark
    let column =
      String(decoding: bytes[mark.lineStart..<min(mark.index, bytes.count)], as: UTF8.self)
      .count + 1
    return TOMLError(line: mark.line, column: column, message: message)
  }

  func describe(_ byte: UInt8) -> String {
    switch byte {
    case UInt8(ascii: "\n"): return "a newline"
    case UInt8(ascii: "\r"): return "a carriage return"
    case UInt8(ascii: "\t"): return "a tab"
    case 0x20..<0x7F: return "`\(Character(Unicode.Scalar(byte)))`"
    case 0x80...:
      let text = String(decoding: bytes[min(index, bytes.count)...].prefix(4), as: UTF8.self)
      return text.unicodeScalars.first.map { "`\($0)`" } ?? "a non-ASCII character"
    default: return "the control character U+\(String(byte, radix: 16, uppercase: true))"
    }
  }
}
