/// The type YAML 1.1's default rules give a plain scalar without an explicit tag.
///
/// The rules are tried in order and the first whose pattern matches the whole text wins: bool,
/// int, float, merge (`<<`), null, timestamp, value (`=`); any other text is a string. As in the
/// regular expressions these rules are usually written with, the end of the text may be
/// followed by one line terminator (`^…$` without multi-line mode).
enum YAMLScalarType: Equatable {
  case null, bool, int, float, merge, timestamp, value, string

  /// The standard tag of each type.
  var tag: String {
    switch self {
    case .null: "tag:yaml.org,2002:null"
    case .bool: "tag:yaml.org,2002:bool"
    case .int: "tag:yaml.org,2002:int"
    case .float: "tag:yaml.org,2002:float"
    case .merge: "tag:yaml.org,2002:merge"
    case .timestamp: "tag:yaml.org,2002:timestamp"
    case .value: "tag:yaml.org,2002:value"
    case .string: "tag:yaml.org,2002:str"
    }
  }

  /// The type of a standard tag, or nil for any other tag.
  init?(tag: String) {
    guard tag.hasPrefix("tag:yaml.org,2002:") else { return nil }
    switch tag.dropFirst("tag:yaml.org,2002:".count) {
    case "null": self = .null
    case "bool": self = .bool
    case "int": self = .int
    case "float": self = .float
    case "merge": self = .merge
    case "timestamp": self = .timestamp
    case "value": self = .value
    case "str": self = .string
    default: return nil
    }
  }

  /// The type of the plain scalar `text`.
  static func resolve(_ text: String) -> YAMLScalarType {
    let bytes = Array(text.utf8)[...]
    if let type = resolveWhole(bytes) { return type }
    if let body = withoutFinalLineTerminator(bytes), let type = resolveWhole(body) { return type }
    return .string
  }

  private static func resolveWhole(_ b: ArraySlice<UInt8>) -> YAMLScalarType? {
    if isBool(b) { return .bool }
    if isInt(b) { return .int }
    if isFloat(b) { return .float }
    if b.elementsEqual("<<".utf8) { return .merge }
    if isNull(b) { return .null }
    if isTimestamp(b) { return .timestamp }
    if b.elementsEqual("=".utf8) { return .value }
    return nil
  }

  /// `b` without its last line terminator (LF, VT, FF, CR, CR LF, NEL, LS or PS), if it ends
  /// with one.
  private static func withoutFinalLineTerminator(_ b: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
    guard let last = b.last else { return nil }
    switch last {
    case 0x0A:
      let body = b.dropLast()
      return body.last == 0x0D ? body.dropLast() : body
    case 0x0B, 0x0C, 0x0D: return b.dropLast()
    default: break
    }
    if b.count >= 2, b.suffix(2).elementsEqual([0xC2, 0x85]) { return b.dropLast(2) }
    if b.count >= 3, b.suffix(3).elementsEqual([0xE2, 0x80, 0xA8]) { return b.dropLast(3) }
    if b.count >= 3, b.suffix(3).elementsEqual([0xE2, 0x80, 0xA9]) { return b.dropLast(3) }
    return nil
  }

  private static let bools: Set<String> = [
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF",
  ]

  private static func isBool(_ b: ArraySlice<UInt8>) -> Bool {
    b.count <= 5 && bools.contains(String(decoding: b, as: UTF8.self))
  }

  private static func isNull(_ b: ArraySlice<UInt8>) -> Bool {
    b.isEmpty || b.elementsEqual("~".utf8) || b.elementsEqual("null".utf8)
      || b.elementsEqual("Null".utf8) || b.elementsEqual("NULL".utf8)
  }

  /// `0b[0-1_]+ | 0o?[0-7_]+ | 0 | [1-9][0-9_]* | 0x[0-9a-fA-F_]+ | [1-9][0-9_]*(:[0-5]?[0-9])+`,
  /// each after an optional sign.
  private static func isInt(_ b: ArraySlice<UInt8>) -> Bool {
    var s = YAMLScan(b)
    s.sign()
    let body = s
    if s.literal("0b"), s.many(isBinaryDigitOrUnderscore), s.atEnd { return true }
    s = body
    if s.literal("0") {
      let afterZero = s
      if s.atEnd { return true }
      _ = s.literal("o")
      if s.many(isOctalDigitOrUnderscore), s.atEnd { return true }
      s = afterZero
      if s.many(isOctalDigitOrUnderscore), s.atEnd { return true }
      s = afterZero
      if s.literal("x"), s.many(isHexDigitOrUnderscore), s.atEnd { return true }
      return false
    }
    guard s.one(isNonZeroDigit) else { return false }
    s.any(isDigitOrUnderscore)
    if s.atEnd { return true }
    return s.sexagesimalGroups() && s.atEnd
  }

  /// `[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?` after an optional sign,
  /// `\.[0-9_]+([eE][-+][0-9]+)?`, `[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*` after an optional sign,
  /// `\.(inf|Inf|INF)` after an optional sign, or `\.(nan|NaN|NAN)`.
  private static func isFloat(_ b: ArraySlice<UInt8>) -> Bool {
    var s = YAMLScan(b)
    if s.literal("."), s.many(isDigitOrUnderscore) {
      if s.atEnd { return true }
      if s.one({ $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }), s.one(isSign),
        s.many(isDigit), s.atEnd
      {
        return true
      }
    }
    s = YAMLScan(b)
    if s.literal(".nan") || s.literal(".NaN") || s.literal(".NAN"), s.atEnd { return true }
    s = YAMLScan(b)
    s.sign()
    let body = s
    if s.literal(".inf") || s.literal(".Inf") || s.literal(".INF"), s.atEnd { return true }
    s = body
    guard s.one(isDigit) else { return false }
    s.any(isDigitOrUnderscore)
    let afterDigits = s
    // Decimal: fraction and exponent, both optional.
    if s.literal(".") { s.any(isDigitOrUnderscore) }
    if s.one({ $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
      s.optional(isSign)
      guard s.many(isDigit) else { return false }
    }
    if s.atEnd { return true }
    // Base 60 with a fraction.
    s = afterDigits
    guard s.sexagesimalGroups(), s.literal(".") else { return false }
    s.any(isDigitOrUnderscore)
    return s.atEnd
  }

  /// `YYYY-MM-DD`, or `YYYY-M-D` then `T`, `t` or blanks and `h:mm:ss`, an optional fraction and
  /// an optional zone (`Z` or `±h[:mm]`, after optional blanks).
  private static func isTimestamp(_ b: ArraySlice<UInt8>) -> Bool {
    var s = YAMLScan(b)
    guard s.digits(4), s.literal("-") else { return false }
    let afterYear = s
    if s.digits(2), s.literal("-"), s.digits(2), s.atEnd { return true }
    s = afterYear
    guard s.oneOrTwoDigits(), s.literal("-"), s.oneOrTwoDigits() else { return false }
    if !s.one({ $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") }) {
      guard s.many(isBlank) else { return false }
    }
    guard s.oneOrTwoDigits(), s.literal(":"), s.digits(2), s.literal(":"), s.digits(2) else {
      return false
    }
    if s.literal(".") { s.any(isDigit) }
    if s.atEnd { return true }
    s.any(isBlank)
    if s.literal("Z") { return s.atEnd }
    guard s.one(isSign), s.oneOrTwoDigits() else { return false }
    if s.atEnd { return true }
    return s.literal(":") && s.digits(2) && s.atEnd
  }
}

// MARK: - Byte classes

private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
private func isNonZeroDigit(_ c: UInt8) -> Bool {
  c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9")
}
private func isDigitOrUnderscore(_ c: UInt8) -> Bool { isDigit(c) || c == UInt8(ascii: "_") }
private func isBinaryDigitOrUnderscore(_ c: UInt8) -> Bool {
  c == UInt8(ascii: "0") || c == UInt8(ascii: "1") || c == UInt8(ascii: "_")
}
private func isOctalDigitOrUnderscore(_ c: UInt8) -> Bool {
  (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "7")) || c == UInt8(ascii: "_")
}
private func isHexDigitOrUnderscore(_ c: UInt8) -> Bool {
  isDigitOrUnderscore(c) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
    || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
}
private func isSign(_ c: UInt8) -> Bool { c == UInt8(ascii: "-") || c == UInt8(ascii: "+") }
private func isBlank(_ c: UInt8) -> Bool { c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") }

/// A cursor over a scalar's bytes for the patterns above. Every pattern is matched greedily:
/// where a class could stop early, the byte after it is never one the class accepts, so no
/// backtracking is needed.
private struct YAMLScan {
  var rest: ArraySlice<UInt8>

  init(_ bytes: ArraySlice<UInt8>) { rest = bytes }

  var atEnd: Bool { rest.isEmpty }

  mutating func literal(_ text: StaticString) -> Bool {
    let count = text.utf8CodeUnitCount
    guard rest.count >= count else { return false }
    let matches = text.withUTF8Buffer { rest.prefix(count).elementsEqual($0) }
    if matches { rest = rest.dropFirst(count) }
    return matches
  }

  mutating func one(_ accepts: (UInt8) -> Bool) -> Bool {
    guard let c = rest.first, accepts(c) else { return false }
    rest = rest.dropFirst()
    return true
  }

  mutating func optional(_ accepts: (UInt8) -> Bool) { _ = one(accepts) }

  mutating func sign() { optional(isSign) }

  mutating func any(_ accepts: (UInt8) -> Bool) { while one(accepts) {} }

  /// One or more bytes `accepts` takes.
  mutating func many(_ accepts: (UInt8) -> Bool) -> Bool {
    guard one(accepts) else { return false }
    any(accepts)
    return true
  }

  mutating func digits(_ count: Int) -> Bool {
    for _ in 0..<count where !one(isDigit) { return false }
    return true
  }

  mutating func oneOrTwoDigits() -> Bool {
    guard one(isDigit) else { return false }
    optional(isDigit)
    return true
  }

  /// `(:[0-5]?[0-9])+`.
  mutating func sexagesimalGroups() -> Bool {
    var groups = 0
    while let colon = rest.first, colon == UInt8(ascii: ":") {
      let start = rest
      rest = rest.dropFirst()
      let pair = rest.prefix(2)
      if pair.count == 2, let tens = pair.first, tens >= UInt8(ascii: "0"),
        tens <= UInt8(ascii: "5"), isDigit(pair[pair.startIndex + 1])
      {
        rest = rest.dropFirst(2)
      } else if !one(isDigit) {
        rest = start
        break
      }
      groups += 1
    }
    return groups > 0
  }
}
