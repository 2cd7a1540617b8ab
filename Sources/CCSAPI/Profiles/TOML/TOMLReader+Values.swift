/// Values: strings, numbers, booleans, dates, arrays and inline tables.
extension TOMLReader {
  /// The value after `=` or inside an array; `depth` counts the tables and arrays around it.
  mutating func value(depth: Int) throws(TOMLError) -> TOMLValue {
    guard depth <= Self.maxDepth else {
      throw error("values nested deeper than \(Self.maxDepth) levels")
    }
    guard let byte = peek() else { throw error("expected a value, found the end of the document") }
    switch byte {
    case UInt8(ascii: "\""):
      return .string(startsWith("\"\"\"") ? try multilineString(literal: false) : try basicString())
    case UInt8(ascii: "'"):
      return .string(startsWith("'''") ? try multilineString(literal: true) : try literalString())
    case UInt8(ascii: "["):
      return try array(depth: depth)
    case UInt8(ascii: "{"):
      return try inlineTable(depth: depth)
    case UInt8(ascii: "t") where startsWith("true"), UInt8(ascii: "f") where startsWith("false"):
      let flag = byte == UInt8(ascii: "t")
      index += flag ? 4 : 5
      if let next = peek(), Self.isBareKey(next) {
        throw error("expected a value: booleans are `true` and `false`")
      }
      return .bool(flag)
    default:
      return try numberOrDate()
    }
  }

  // MARK: Arrays and inline tables

  private mutating func array(depth: Int) throws(TOMLError) -> TOMLValue {
    let start = mark
    index += 1
    var items: [TOMLValue] = []
    while true {
      try skipBlanksNewlinesAndComments()
      if peek() == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      }
      guard peek() != nil else { throw error("an array that is never closed", at: start) }
      items.append(try value(depth: depth + 1))
      try skipBlanksNewlinesAndComments()
      switch peek() {
      case UInt8(ascii: ","):
        index += 1
      case UInt8(ascii: "]"):
        index += 1
        return .array(items)
      case let byte?:
        throw error("expected `,` or `]` in the array, found \(describe(byte))")
      case nil:
        throw error("an array that is never closed", at: start)
      }
    }
  }

  /// `{ a = 1, b.c = 2 }`: on one line, no comma after the last pair, complete once closed.
  private mutating func inlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
    let start = mark
    index += 1
    let table = TOMLTableNode(origin: .dotted, line: line, depth: depth)
    skipBlanks()
    if peek() == UInt8(ascii: "}") {
      index += 1
      return .table(table.table())
    }
    while true {
      skipBlanks()
      try keyValue(into: table)
      skipBlanks()
      switch peek() {
      case UInt8(ascii: ","):
        index += 1
      case UInt8(ascii: "}"):
        index += 1
        return .table(table.table())
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        throw error("an inline table must be on one line (TOML 1.0)")
      case let byte?:
        throw error("expected `,` or `}` in the inline table, found \(describe(byte))")
      case nil:
        throw error("an inline table that is never closed", at: start)
      }
    }
  }

  // MARK: Strings

  /// `"…"` with escapes, on one line.
  mutating func basicString() throws(TOMLError) -> String {
    let start = mark
    index += 1
    var out: [UInt8] = []
    while true {
      guard let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
        throw error("a string that is not closed on its line", at: start)
      }
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        try escape(into: &out)
      default:
        if Self.isControl(byte) { throw error("\(describe(byte)) in a string") }
        out.append(byte)
        index += 1
      }
    }
  }

  /// `'…'` as written, on one line.
  mutating func literalString() throws(TOMLError) -> String {
    let start = mark
    index += 1
    let first = index
    while true {
      guard let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
        throw error("a string that is not closed on its line", at: start)
      }
      if byte == UInt8(ascii: "'") {
        index += 1
        return String(decoding: bytes[first..<index - 1], as: UTF8.self)
      }
      if Self.isControl(byte) { throw error("\(describe(byte)) in a string") }
      index += 1
    }
  }

  /// `"""…"""` (with escapes and line-ending backslashes) or `'''…'''`. A newline right after
  /// the opening delimiter is dropped; newlines inside read as `\n`.
  private mutating func multilineString(literal: Bool) throws(TOMLError) -> String {
    let start = mark
    let quote = literal ? UInt8(ascii: "'") : UInt8(ascii: "\"")
    index += 3
    _ = try newline()
    var out: [UInt8] = []
    while true {
      guard let byte = peek() else {
        throw error("a multi-line string that is never closed", at: start)
      }
      if byte == quote, peek(1) == quote, peek(2) == quote {
        var count = 3
        while peek(count) == quote { count += 1 }
        guard count <= 5 else {
          throw error("more than two quotes before the end of a multi-line string")
        }
        out.append(contentsOf: repeatElement(quote, count: count - 3))
        index += count
        return String(decoding: out, as: UTF8.self)
      }
      switch byte {
      case UInt8(ascii: "\\") where !literal:
        if try !lineEndingBackslash() { try escape(into: &out) }
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        _ = try newline()
        out.append(UInt8(ascii: "\n"))
      default:
        if Self.isControl(byte) { throw error("\(describe(byte)) in a string") }
        out.append(byte)
        index += 1
      }
    }
  }

  /// A `\` that ends its line (blanks may follow it) joins the next non-blank text: true when
  /// it was one, and it and the whitespace after it are consumed.
  private mutating func lineEndingBackslash() throws(TOMLError) -> Bool {
    var ahead = 1
    while let byte = peek(ahead), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
      ahead += 1
    }
    guard peek(ahead) == UInt8(ascii: "\n") || peek(ahead) == UInt8(ascii: "\r") else {
      return false
    }
    index += ahead
    while try newline() { skipBlanks() }
    return true
  }

  /// The escape at `\`, appended as UTF-8.
  private mutating func escape(into out: inout [UInt8]) throws(TOMLError) {
    let start = mark
    index += 1
    guard let byte = peek() else { throw error("a string that is never closed", at: start) }
    index += 1
    switch byte {
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
    case UInt8(ascii: "u"), UInt8(ascii: "U"):
      let count = byte == UInt8(ascii: "u") ? 4 : 8
      var code: UInt32 = 0
      for _ in 0..<count {
        guard let digit = peek().flatMap(Self.hexValue) else {
          throw error("`\\\(Character(Unicode.Scalar(byte)))` needs \(count) hex digits", at: start)
        }
        code = code << 4 | UInt32(digit)
        index += 1
      }
      guard let scalar = Unicode.Scalar(code) else {
        throw error(
          "`\\\(Character(Unicode.Scalar(byte)))` names no Unicode scalar value", at: start)
      }
      out.append(contentsOf: Array(String(Character(scalar)).utf8))
    default:
      throw error("unknown escape `\\\(Character(Unicode.Scalar(byte)))`", at: start)
    }
  }

  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  // MARK: Numbers and dates

  /// An integer, a float or a date/time: the token is read whole, then classified.
  private mutating func numberOrDate() throws(TOMLError) -> TOMLValue {
    let start = mark
    let first = index
    while let byte = peek(), Self.isTokenByte(byte) { index += 1 }
    // `1979-05-27 07:32:00`: a date, one space, a time.
    if index - first == 10, TOMLScalars.isDate(bytes[first..<index]), peek() == UInt8(ascii: " "),
      let next = peek(1), TOMLScalars.isDigit(next)
    {
      index += 1
      while let byte = peek(), Self.isTokenByte(byte) { index += 1 }
    }
    let token = bytes[first..<index]
    guard !token.isEmpty else {
      throw error(peek().map { "expected a value, found \(describe($0))" } ?? "expected a value")
    }
    let text = String(decoding: token, as: UTF8.self)
    switch TOMLScalars.classify(token) {
    case .value(let value): return value
    case .invalid(let reason): throw error("`\(text)` is not a valid value: \(reason)", at: start)
    }
  }

  private static func isTokenByte(_ byte: UInt8) -> Bool {
    isBareKey(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
      || byte == UInt8(ascii: ":")
  }
}
