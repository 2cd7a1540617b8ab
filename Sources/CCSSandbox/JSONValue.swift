import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A JSON document with ordered object keys, so that sandbox responses are byte-for-byte
/// deterministic and read in the order the real APIs document their fields.
enum JSONValue: Sendable, Equatable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// An integer number.
  case int(Int)
  /// A floating-point number.
  case double(Double)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object whose keys keep their insertion order.
  case object([(String, JSONValue)])

  /// Compares two values; objects compare key by key in order.
  static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.int(let a), .int(let b)): return a == b
    case (.double(let a), .double(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }
}

// MARK: - Access

extension JSONValue {
  /// The member named `key` of an object, or `nil`.
  subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.last(where: { $0.0 == key })?.1
  }

  /// The string payload, or `nil`.
  var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The boolean payload, or `nil`.
  var boolValue: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }

  /// The integer payload (doubles with no fraction count), or `nil`.
  var intValue: Int? {
    switch self {
    case .int(let number): return number
    // `Int(exactly:)` is nil out of range (1e300), where `Int(_:)` traps.
    case .double(let number): return Int(exactly: number)
    default: return nil
    }
  }

  /// The object members, or `nil`.
  var objectMembers: [(String, JSONValue)]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// A copy with `key` set to `value` (replacing in place or appending).
  func setting(_ key: String, to value: JSONValue) -> JSONValue {
    guard case .object(var members) = self else { return self }
    if let index = members.firstIndex(where: { $0.0 == key }) {
      members[index].1 = value
    } else {
      members.append((key, value))
    }
    return .object(members)
  }

  /// A copy keeping only the object members whose key is in `keys`.
  func keeping(_ keys: Set<String>) -> JSONValue {
    guard case .object(let members) = self else { return self }
    return .object(members.filter { keys.contains($0.0) })
  }
}

// MARK: - Serialising

extension JSONValue {
  /// Compact JSON text, keys in insertion order, `/` not escaped.
  var serialized: String {
    var output = ""
    write(to: &output)
    return output
  }

  /// Serialized JSON as UTF-8 bytes.
  var data: Data { Data(serialized.utf8) }

  private func write(to output: inout String) {
    switch self {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .int(let number): output += String(number)
    case .double(let number):
      if number.isFinite, number.rounded() == number, abs(number) < 1e15 {
        output += String(Int(number))
      } else if number.isFinite {
        output += String(number)
      } else {
        output += "null"
      }
    case .string(let text): JSONValue.writeString(text, to: &output)
    case .array(let items):
      output += "["
      for (index, item) in items.enumerated() {
        if index > 0 { output += "," }
        item.write(to: &output)
      }
      output += "]"
    case .object(let members):
      output += "{"
      for (index, member) in members.enumerated() {
        if index > 0 { output += "," }
        JSONValue.writeString(member.0, to: &output)
        output += ":"
        member.1.write(to: &output)
      }
      output += "}"
    }
  }

  private static func writeString(_ text: String, to output: inout String) {
    output += "\""
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      output += text
      output += "\""
      return
    }
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case _ where scalar.value < 0x20:
        output += "\\u" + NumberText.hex(scalar.value, width: 4)
      default: output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}

// MARK: - Parsing

extension JSONValue {
  /// Parses JSON bytes (keys keep their order); `nil` when they are not valid JSON.
  init?(parsing data: Data) {
    var parser = JSONParser(bytes: Array(data))
    guard let value = parser.parseDocument() else { return nil }
    self = value
  }
}

/// A small recursive-descent JSON parser that keeps object key order.
///
/// Nesting stops at ``maxDepth`` levels (the document is then invalid), so a body of 100,000
/// `[` cannot overflow the stack, neither while parsing nor when the value is released.
private struct JSONParser {
  /// The deepest nesting accepted, as in ccs's own JSON reader.
  static let maxDepth = 512
  let bytes: [UInt8]
  var position = 0
  var depth = 0

  mutating func parseDocument() -> JSONValue? {
    guard let value = parseValue() else { return nil }
    skipWhitespace()
    return position == bytes.count ? value : nil
  }

  private mutating func skipWhitespace() {
    while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) {
      position += 1
    }
  }

  private mutating func consume(_ literal: String) -> Bool {
    let literalBytes = Array(literal.utf8)
    guard position + literalBytes.count <= bytes.count,
      Array(bytes[position..<position + literalBytes.count]) == literalBytes
    else { return false }
    position += literalBytes.count
    return true
  }

  private mutating func parseValue() -> JSONValue? {
    skipWhitespace()
    guard position < bytes.count else { return nil }
    switch bytes[position] {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      guard depth < Self.maxDepth else { return nil }
      depth += 1
      defer { depth -= 1 }
      return bytes[position] == UInt8(ascii: "{") ? parseObject() : parseArray()
    case UInt8(ascii: "\""): return parseString().map(JSONValue.string)
    case UInt8(ascii: "t"): return consume("true") ? .bool(true) : nil
    case UInt8(ascii: "f"): return consume("false") ? .bool(false) : nil
    case UInt8(ascii: "n"): return consume("null") ? .null : nil
    default: return parseNumber()
    }
  }

  private mutating func parseObject() -> JSONValue? {
    position += 1
    var members: [(String, JSONValue)] = []
    skipWhitespace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\""),
        let key = parseString()
      else { return nil }
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
      position += 1
      guard let value = parseValue() else { return nil }
      members.append((key, value))
      skipWhitespace()
      guard position < bytes.count else { return nil }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
      } else if bytes[position] == UInt8(ascii: "}") {
        position += 1
        return .object(members)
      } else {
        return nil
      }
    }
  }

  private mutating func parseArray() -> JSONValue? {
    position += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
      position += 1
      return .array(items)
    }
    while true {
      guard let value = parseValue() else { return nil }
      items.append(value)
      skipWhitespace()
      guard position < bytes.count else { return nil }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
      } else if bytes[position] == UInt8(ascii: "]") {
        position += 1
        return .array(items)
      } else {
        return nil
      }
    }
  }

  private mutating func parseString() -> String? {
    position += 1
    var scalars = String.UnicodeScalarView()
    var raw: [UInt8] = []
    func flush() {
      if !raw.isEmpty {
        scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
        raw.removeAll()
      }
    }
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      if byte == UInt8(ascii: "\"") {
        flush()
        return String(scalars)
      }
      if byte != UInt8(ascii: "\\") {
        raw.append(byte)
        continue
      }
      flush()
      guard position < bytes.count else { return nil }
      let escape = bytes[position]
      position += 1
      switch escape {
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "u"):
        guard var code = parseHex4() else { return nil }
        if (0xD800..<0xDC00).contains(code), consume("\\u"), let low = parseHex4() {
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
      default: scalars.append(Unicode.Scalar(escape))
      }
    }
    return nil
  }

  private mutating func parseHex4() -> UInt32? {
    guard position + 4 <= bytes.count,
      let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
    else { return nil }
    position += 4
    return code
  }

  private mutating func parseNumber() -> JSONValue? {
    let start = position
    while position < bytes.count,
      "+-0123456789.eE".utf8.contains(bytes[position])
    {
      position += 1
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    if let integer = Int(text) { return .int(integer) }
    if let double = Double(text) { return .double(double) }
    return nil
  }
}

// MARK: - Literals

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
  ExpressibleByFloatLiteral, ExpressibleByNilLiteral
{
  /// A string literal.
  init(stringLiteral value: String) { self = .string(value) }
  /// An integer literal.
  init(integerLiteral value: Int) { self = .int(value) }
  /// A boolean literal.
  init(booleanLiteral value: Bool) { self = .bool(value) }
  /// An array literal.
  init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  /// A dictionary literal; keys keep their written order.
  init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
  /// A float literal.
  init(floatLiteral value: Double) { self = .double(value) }
  /// `nil` as JSON `null`.
  init(nilLiteral: ()) { self = .null }
}
