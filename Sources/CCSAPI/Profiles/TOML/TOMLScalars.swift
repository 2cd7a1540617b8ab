/// The tokens after `=` that are neither strings nor structures: integers, floats and dates,
/// recognised by their shape, range-checked, never trapping.
enum TOMLScalars {
  enum Classified {
    case value(TOMLValue)
    case invalid(String)
  }

  static func classify(_ token: ArraySlice<UInt8>) -> Classified {
    let text = String(decoding: token, as: UTF8.self)
    switch text {
    case "inf", "+inf": return .value(.float(.infinity))
    case "-inf": return .value(.float(-.infinity))
    case "nan", "+nan", "-nan": return .value(.float(.nan))
    default: break
    }
    if token.contains(UInt8(ascii: ":")) || hasDateShape(token) {
      return isDateTime(token) ? .value(.datetime(text)) : .invalid("a malformed date or time")
    }
    if token.count > 2, token.first == UInt8(ascii: "0"),
      let radix = radix(of: token[token.startIndex + 1])
    {
      return integer(token.dropFirst(2), radix: radix)
    }
    if token.contains(where: {
      $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
    }) {
      return float(token)
    }
    return decimalInteger(token)
  }

  private static func radix(of byte: UInt8) -> Int? {
    switch byte {
    case UInt8(ascii: "x"): return 16
    case UInt8(ascii: "o"): return 8
    case UInt8(ascii: "b"): return 2
    default: return nil
    }
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  /// Digits of `radix` with single underscores between them; the digits without them.
  private static func digits(_ part: ArraySlice<UInt8>, radix: Int = 10) -> String? {
    var out = ""
    var previousWasDigit = false
    for byte in part {
      if byte == UInt8(ascii: "_") {
        guard previousWasDigit else { return nil }
        previousWasDigit = false
        continue
      }
      guard let value = TOMLReader.hexValue(byte), Int(value) < radix else { return nil }
      out.unicodeScalars.append(Unicode.Scalar(byte))
      previousWasDigit = true
    }
    return previousWasDigit ? out : nil
  }

  private static func integer(_ part: ArraySlice<UInt8>, radix: Int) -> Classified {
    guard let digits = digits(part, radix: radix) else {
      return .invalid("digits of base \(radix) with single underscores between them")
    }
    guard let value = Int64(digits, radix: radix) else {
      return .invalid("out of the 64-bit integer range")
    }
    return .value(.integer(value))
  }

  /// `[+-]` and digits without a leading zero.
  private static func decimalInteger(_ token: ArraySlice<UInt8>) -> Classified {
    let (sign, body) = splitSign(token)
    guard let digits = digits(body) else { return .invalid("not a number") }
    guard digits.count == 1 || digits.first != "0" else { return .invalid("a leading zero") }
    guard let value = Int64(sign + digits) else {
      return .invalid("out of the 64-bit integer range")
    }
    return .value(.integer(value))
  }

  /// `[+-]int[.digits][e[+-]digits]`, with a fraction or an exponent or both.
  private static func float(_ token: ArraySlice<UInt8>) -> Classified {
    let (sign, body) = splitSign(token)
    let exponentAt = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    let mantissa = body[..<(exponentAt ?? body.endIndex)]
    let dot = mantissa.firstIndex(of: UInt8(ascii: "."))
    guard let whole = digits(mantissa[..<(dot ?? mantissa.endIndex)]),
      whole.count == 1 || whole.first != "0"
    else { return .invalid("a float needs digits, without a leading zero, before `.` or `e`") }
    var text = sign + whole
    if let dot {
      guard let fraction = digits(mantissa[(dot + 1)...]) else {
        return .invalid("a float needs digits after `.`")
      }
      text += "." + fraction
    }
    if let exponentAt {
      let (exponentSign, exponentBody) = splitSign(body[(exponentAt + 1)...])
      guard let exponent = digits(exponentBody) else {
        return .invalid("a float needs digits in its exponent")
      }
      text += "e" + exponentSign + exponent
    }
    guard let value = Double(text) else { return .invalid("not a number") }
    return .value(.float(value))
  }

  private static func splitSign(_ token: ArraySlice<UInt8>) -> (String, ArraySlice<UInt8>) {
    switch token.first {
    case UInt8(ascii: "+"): return ("", token.dropFirst())
    case UInt8(ascii: "-"): return ("-", token.dropFirst())
    default: return ("", token)
    }
  }

  // MARK: Dates and times (RFC 3339, as TOML 1.0 takes it)

  /// Starts like `YYYY-MM-DD`, valid or not: a date, never a number.
  private static func hasDateShape(_ token: ArraySlice<UInt8>) -> Bool {
    let t = Array(token.prefix(8))
    return t.count == 8 && t[4] == UInt8(ascii: "-") && t[7] == UInt8(ascii: "-")
      && t[0..<4].allSatisfy(isDigit) && t[5..<7].allSatisfy(isDigit)
  }

  /// `YYYY-MM-DD`, a real day of the proleptic Gregorian calendar.
  static func isDate(_ token: ArraySlice<UInt8>) -> Bool {
    guard token.count == 10 else { return false }
    let t = Array(token)
    guard t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-"),
      let year = number(t[0..<4]), let month = number(t[5..<7]), let day = number(t[8..<10]),
      (1...12).contains(month)
    else { return false }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return (1...days).contains(day)
  }

  /// An offset date-time, a local date-time, a local date or a local time.
  static func isDateTime(_ token: ArraySlice<UInt8>) -> Bool {
    let t = Array(token)
    if isDate(token.prefix(10)) {
      if t.count == 10 { return true }
      guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(t[10]) else {
        return false
      }
      return isTime(t[11...], offsetAllowed: true)
    }
    return isTime(t[...], offsetAllowed: false)
  }

  /// `HH:MM:SS[.fraction]`, then (after a date) `Z` or `±HH:MM` or nothing.
  private static func isTime(_ t: ArraySlice<UInt8>, offsetAllowed: Bool) -> Bool {
    let s = t.startIndex
    guard t.count >= 8, t[s + 2] == UInt8(ascii: ":"), t[s + 5] == UInt8(ascii: ":"),
      let hour = number(t[s..<s + 2]), let minute = number(t[s + 3..<s + 5]),
      let second = number(t[s + 6..<s + 8]), hour < 24, minute < 60, second <= 60
    else { return false }
    var rest = t[(s + 8)...]
    if rest.first == UInt8(ascii: ".") {
      let fraction = rest.dropFirst().prefix(while: isDigit)
      guard !fraction.isEmpty else { return false }
      rest = rest[fraction.endIndex...]
    }
    guard let first = rest.first else { return true }
    guard offsetAllowed else { return false }
    if first == UInt8(ascii: "Z") || first == UInt8(ascii: "z") { return rest.count == 1 }
    let r = rest.startIndex
    guard first == UInt8(ascii: "+") || first == UInt8(ascii: "-"), rest.count == 6,
      rest[r + 3] == UInt8(ascii: ":"), let offsetHour = number(rest[r + 1..<r + 3]),
      let offsetMinute = number(rest[r + 4..<r + 6])
    else { return false }
    return offsetHour < 24 && offsetMinute < 60
  }

  /// The value of a run of ASCII digits (at most four here, so never near overflow).
  private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
    guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(isDigit) else { return nil }
    return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
  }
}
