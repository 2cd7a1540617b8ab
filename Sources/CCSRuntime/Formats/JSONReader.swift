/// A byte-level JSON parser that builds `Value`s directly.
///
/// Objects become records in key order (a repeated key keeps its first position and last
/// value), arrays lists, integers that fit in 64 bits `.int`, every other number `.float`.
/// Strings decode every escape, surrogate pairs included; a lone surrogate becomes U+FFFD, as
/// invalid UTF-8 does. Nesting deeper than `maxDepth` is an error, never a stack overflow.
///
/// A reader remembers the keys of the last object it saw at each depth: objects of the same
/// shape (the lines of an NDJSON file) share one key array and allocate no key strings.
///
/// ```swift
/// let v = try JSONReader.parse(Array(#"{"a": [1, 2.5, "x"]}"#.utf8))
/// // .record(["a": [1, 2.5, "x"]])
/// ```
public struct JSONReader: Sendable {
  /// The deepest nesting of arrays and objects accepted.
  public static let maxDepth = 512

  /// Key arrays of the last object seen at each depth.
  private var shapes: [[String]] = []

  /// Creates a reader with no remembered shapes.
  public init() {}

  /// Parses one JSON document (surrounding whitespace allowed).
  public static func parse(_ bytes: [UInt8]) throws -> Value {
    var reader = JSONReader()
    return try reader.parse(bytes)
  }

  /// Parses one JSON document from text.
  public static func parse(_ text: String) throws -> Value {
    var reader = JSONReader()
    var text = text
    return try text.withUTF8 { try reader.parse($0) }
  }

  /// Parses one JSON document, reusing this reader's remembered shapes.
  public mutating func parse(_ bytes: [UInt8]) throws -> Value {
    try bytes.withUnsafeBufferPointer { try parse($0) }
  }

  /// Parses one JSON document from a buffer; `firstLine` numbers the buffer's first line in
  /// error messages (an NDJSON line's number).
  public mutating func parse(
    _ buffer: UnsafeBufferPointer<UInt8>, firstLine: Int = 1
  ) throws
    -> Value
  {
    var cursor = JSONCursor(buffer: buffer, shapes: shapes, firstLine: firstLine)
    defer { shapes = cursor.shapes }
    let value = try cursor.parseValue()
    cursor.skipWhitespace()
    if cursor.pos < buffer.count {
      throw cursor.failure("unexpected \(cursor.found()) after the JSON value")
    }
    return value
  }

  /// Parses one NDJSON line; nil when the line is blank (only whitespace).
  public mutating func parseLine(_ bytes: [UInt8], lineNumber: Int = 1) throws -> Value? {
    try bytes.withUnsafeBufferPointer { try parseLine($0, lineNumber: lineNumber) }
  }

  /// Parses one NDJSON line from a buffer; nil when the line is blank (only whitespace).
  public mutating func parseLine(
    _ buffer: UnsafeBufferPointer<UInt8>, lineNumber: Int
  ) throws
    -> Value?
  {
    var i = 0
    while i < buffer.count, JSONCursor.isWhitespace(buffer[i]) { i += 1 }
    if i == buffer.count { return nil }
    return try parse(buffer, firstLine: lineNumber)
  }
}

// MARK: - Cursor

private let quote: UInt8 = 0x22
private let backslash: UInt8 = 0x5C

/// The parsing state over one buffer.
struct JSONCursor {
  let buffer: UnsafeBufferPointer<UInt8>
  var pos = 0
  var depth = 0
  var shapes: [[String]]
  let firstLine: Int
  /// Scratch space for strings with escapes.
  var scratch: [UInt8] = []

  init(buffer: UnsafeBufferPointer<UInt8>, shapes: [[String]], firstLine: Int) {
    self.buffer = buffer
    self.shapes = shapes
    self.firstLine = firstLine
  }

  @inline(__always)
  static func isWhitespace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
  }

  @inline(__always)
  mutating func skipWhitespace() {
    while pos < buffer.count, Self.isWhitespace(buffer[pos]) { pos += 1 }
  }

  /// `'x'` or `end of input`, for messages.
  func found() -> String {
    guard pos < buffer.count else { return "end of input" }
    let b = buffer[pos]
    if b >= 0x20, b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    return "byte 0x" + String(b, radix: 16, uppercase: true)
  }

  /// An error at the current position.
  func failure(_ reason: String) -> FormatError {
    var line = firstLine
    var lineStart = 0
    let end = min(pos, buffer.count)
    for i in 0..<end where buffer[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    return FormatError(format: "JSON", reason: reason, line: line, column: end - lineStart + 1)
  }

  mutating func parseValue() throws -> Value {
    skipWhitespace()
    guard pos < buffer.count else { throw failure("expected a value, found end of input") }
    switch buffer[pos] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case quote: return .string(try parseString())
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try literal("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return try parseNumber()
    default:
      throw failure("expected a value, found \(found())")
    }
  }

  mutating func literal(_ word: StaticString) throws {
    let start = pos
    let count = word.utf8CodeUnitCount
    let ok = word.withUTF8Buffer { w in
      guard pos + count <= buffer.count else { return false }
      for i in 0..<count where buffer[pos + i] != w[i] { return false }
      return true
    }
    guard ok else {
      pos = start
      throw failure("expected a value, found \(found())")
    }
    pos += count
  }

  mutating func enter() throws {
    depth += 1
    if depth > JSONReader.maxDepth {
      throw failure("nesting deeper than \(JSONReader.maxDepth) levels")
    }
  }

  // MARK: Objects and arrays

  /// object := '{' (string ':' value (',' string ':' value)*)? '}'
  mutating func parseObject() throws -> Value {
    try enter()
    pos += 1
    let level = depth
    while shapes.count <= level { shapes.append([]) }
    skipWhitespace()
    if pos < buffer.count, buffer[pos] == UInt8(ascii: "}") {
      pos += 1
      depth -= 1
      return .record(Record())
    }
    // While `shared`, the keys so far equal the first `count` of `shapes[level]`.
    let cached = shapes[level]
    var shared = true
    var count = 0
    var keys: [String] = []
    var values: [Value] = []
    values.reserveCapacity(cached.isEmpty ? 4 : cached.count)
    var index: [String: Int] = [:]
    while true {
      skipWhitespace()
      guard pos < buffer.count, buffer[pos] == quote else {
        throw failure("expected a string key, found \(found())")
      }
      var key: String
      if shared, count < cached.count, matchKey(cached[count]) {
        key = cached[count]
      } else {
        key = try parseString()
        if shared {
          shared = false
          keys = Array(cached[0..<count])
        }
      }
      skipWhitespace()
      guard pos < buffer.count, buffer[pos] == UInt8(ascii: ":") else {
        throw failure("expected ':' after object key, found \(found())")
      }
      pos += 1
      let value = try parseValue()
      if shared {
        values.append(value)
        count += 1
      } else if let existing = duplicate(of: key, in: keys, index: &index) {
        values[existing] = value
      } else {
        keys.append(key)
        values.append(value)
        count += 1
      }
      key = ""
      skipWhitespace()
      guard pos < buffer.count else {
        throw failure("expected ',' or '}' after object member, found end of input")
      }
      let b = buffer[pos]
      pos += 1
      if b == UInt8(ascii: ",") { continue }
      if b == UInt8(ascii: "}") { break }
      pos -= 1
      throw failure("expected ',' or '}' after object member, found \(found())")
    }
    depth -= 1
    if shared, count == cached.count { return .record(Record(keys: cached, values: values)) }
    if shared { keys = Array(cached[0..<count]) }
    shapes[level] = keys
    return .record(Record(keys: keys, values: values))
  }

  /// The position of `key` if it is already in `keys` (linear for small objects).
  func duplicate(of key: String, in keys: [String], index: inout [String: Int]) -> Int? {
    if keys.count < 32 {
      for i in keys.indices where keys[i] == key { return i }
      return nil
    }
    if index.count != keys.count {
      index = [:]
      for (i, k) in keys.enumerated() { index[k] = i }
    }
    if let i = index[key] { return i }
    index[key] = keys.count
    return nil
  }

  /// Consumes `"key"` when its raw bytes equal `key` (no escapes); leaves `pos` otherwise.
  @inline(__always)
  mutating func matchKey(_ key: String) -> Bool {
    var p = pos + 1
    for k in key.utf8 {
      guard p < buffer.count else { return false }
      let b = buffer[p]
      if b != k || b == quote || b == backslash || b < 0x20 { return false }
      p += 1
    }
    guard p < buffer.count, buffer[p] == quote else { return false }
    pos = p + 1
    return true
  }

  /// array := '[' (value (',' value)*)? ']'
  mutating func parseArray() throws -> Value {
    try enter()
    pos += 1
    skipWhitespace()
    var items: [Value] = []
    if pos < buffer.count, buffer[pos] == UInt8(ascii: "]") {
      pos += 1
      depth -= 1
      return .list(items)
    }
    while true {
      items.append(try parseValue())
      skipWhitespace()
      guard pos < buffer.count else {
        throw failure("expected ',' or ']' after array element, found end of input")
      }
      let b = buffer[pos]
      pos += 1
      if b == UInt8(ascii: ",") { continue }
      if b == UInt8(ascii: "]") { break }
      pos -= 1
      throw failure("expected ',' or ']' after array element, found \(found())")
    }
    depth -= 1
    return .list(items)
  }

  // MARK: Strings

  /// string := '"' (char | '\' escape)* '"'
  mutating func parseString() throws -> String {
    let start = pos + 1
    var p = start
    while p < buffer.count {
      let b = buffer[p]
      if b == quote {
        pos = p + 1
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<p]), as: UTF8.self)
      }
      if b == backslash || b < 0x20 { break }
      p += 1
    }
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<p]))
    pos = p
    while true {
      guard pos < buffer.count else { throw failure("unterminated string, found end of input") }
      let b = buffer[pos]
      if b == quote {
        pos += 1
        return String(decoding: scratch, as: UTF8.self)
      }
      if b < 0x20 {
        throw failure("control character in string (escape it as \\u00XX)")
      }
      if b != backslash {
        scratch.append(b)
        pos += 1
        continue
      }
      pos += 1
      guard pos < buffer.count else { throw failure("unterminated escape, found end of input") }
      let e = buffer[pos]
      pos += 1
      switch e {
      case quote, backslash, UInt8(ascii: "/"): scratch.append(e)
      case UInt8(ascii: "b"): scratch.append(0x08)
      case UInt8(ascii: "f"): scratch.append(0x0C)
      case UInt8(ascii: "n"): scratch.append(0x0A)
      case UInt8(ascii: "r"): scratch.append(0x0D)
      case UInt8(ascii: "t"): scratch.append(0x09)
      case UInt8(ascii: "u"): appendScalar(try parseUnicodeEscape())
      default:
        pos -= 1
        throw failure("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string")
      }
    }
  }

  /// After `\u`: four hex digits, and a low surrogate escape after a high one.
  mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
    let unit = try hex4()
    let replacement = Unicode.Scalar(0xFFFD as UInt32) ?? "?"
    if unit >= 0xD800, unit < 0xDC00 {
      if pos + 1 < buffer.count, buffer[pos] == backslash, buffer[pos + 1] == UInt8(ascii: "u") {
        let save = pos
        pos += 2
        let low = try hex4()
        if low >= 0xDC00, low < 0xE000 {
          let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
          return Unicode.Scalar(value) ?? replacement
        }
        pos = save
      }
      return replacement
    }
    return Unicode.Scalar(unit) ?? replacement
  }

  mutating func hex4() throws -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard pos < buffer.count else { throw failure("expected 4 hex digits after \\u") }
      let b = buffer[pos]
      let digit: UInt8
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
      default: throw failure("expected 4 hex digits after \\u, found \(found())")
      }
      value = value << 4 | UInt32(digit)
      pos += 1
    }
    return value
  }

  mutating func appendScalar(_ s: Unicode.Scalar) {
    let v = s.value
    switch v {
    case 0..<0x80:
      scratch.append(UInt8(v))
    case 0x80..<0x800:
      scratch.append(UInt8(0xC0 | (v >> 6)))
      scratch.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0x10000:
      scratch.append(UInt8(0xE0 | (v >> 12)))
      scratch.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
      scratch.append(UInt8(0x80 | (v & 0x3F)))
    default:
      scratch.append(UInt8(0xF0 | (v >> 18)))
      scratch.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
      scratch.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
      scratch.append(UInt8(0x80 | (v & 0x3F)))
    }
  }

  // MARK: Numbers

  /// number := '-'? ('0' | [1-9][0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
  mutating func parseNumber() throws -> Value {
    let start = pos
    var negative = false
    if buffer[pos] == UInt8(ascii: "-") {
      negative = true
      pos += 1
    }
    guard pos < buffer.count, isDigit(buffer[pos]) else {
      throw failure("expected a digit, found \(found())")
    }
    var magnitude: UInt64 = 0
    var overflow = false
    if buffer[pos] == UInt8(ascii: "0") {
      pos += 1
      if pos < buffer.count, isDigit(buffer[pos]) {
        throw failure("leading zeros are not allowed in numbers")
      }
    } else {
      while pos < buffer.count, isDigit(buffer[pos]) {
        let d = UInt64(buffer[pos] - UInt8(ascii: "0"))
        let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
        let (m2, o2) = m1.addingReportingOverflow(d)
        overflow = overflow || o1 || o2
        magnitude = m2
        pos += 1
      }
    }
    var isInteger = true
    if pos < buffer.count, buffer[pos] == UInt8(ascii: ".") {
      isInteger = false
      pos += 1
      guard pos < buffer.count, isDigit(buffer[pos]) else {
        throw failure("expected a digit after '.', found \(found())")
      }
      while pos < buffer.count, isDigit(buffer[pos]) { pos += 1 }
    }
    if pos < buffer.count, buffer[pos] | 0x20 == UInt8(ascii: "e") {
      isInteger = false
      pos += 1
      if pos < buffer.count, buffer[pos] == UInt8(ascii: "+") || buffer[pos] == UInt8(ascii: "-") {
        pos += 1
      }
      guard pos < buffer.count, isDigit(buffer[pos]) else {
        throw failure("expected a digit in the exponent, found \(found())")
      }
      while pos < buffer.count, isDigit(buffer[pos]) { pos += 1 }
    }
    if isInteger, !overflow {
      if !negative, magnitude <= UInt64(Int.max) { return .int(Int(magnitude)) }
      if negative, magnitude <= UInt64(Int.max) + 1 {
        return .int(Int(truncatingIfNeeded: 0 &- magnitude))
      }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<pos]), as: UTF8.self)
    return .float(Double(text) ?? (negative ? -.infinity : .infinity))
  }

  @inline(__always)
  func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
}
