/// The values of plain scalars typed bool, int or float, read by YAML 1.1's rules.
///
/// Text that has the type's shape but no value of it (`0x_`, `-0`, a float past `Double`'s
/// range) gives nil, and the scalar then reads as a string.
enum YAMLScalarValue {
  /// A base-60 int (`1:30:00`) past 64 bits.
  struct Overflow: Error {}

  /// `true`, `yes` and `on` or `false`, `no` and `off`, in any case.
  static func bool(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "true", "yes", "on": true
    case "false", "no", "off": false
    default: nil
    }
  }

  /// Underscores are ignored; `0x`, `0b`, `0o` and `0` prefixes (after the sign) choose base
  /// 16, 2, 8 and 8; parts separated by `:` are base-60 digits.
  static func int(_ text: String) throws(Overflow) -> Int? {
    let digits = withoutUnderscores(text)
    if digits == "0" { return 0 }
    let negative = digits.hasPrefix("-")
    let signed = negative || digits.hasPrefix("+")
    let body = digits.dropFirst(signed ? 1 : 0)
    for (prefix, radix) in [("0x", 16), ("0b", 2), ("0o", 8), ("0", 8)] where body.hasPrefix(prefix)
    {
      return Int((negative ? "-" : "") + body.dropFirst(prefix.count), radix: radix)
    }
    if body.contains(":") {
      guard let parts = sexagesimalParts(body, { Int($0, radix: 10) }) else { return nil }
      var value = 0
      var base = 1
      for part in parts.reversed() {
        let (term, o1) = part.multipliedReportingOverflow(by: base)
        let (sum, o2) = value.addingReportingOverflow(term)
        let (next, o3) = base.multipliedReportingOverflow(by: 60)
        if o1 || o2 || o3 { throw Overflow() }
        (value, base) = (sum, next)
      }
      let (signedValue, overflow) = value.multipliedReportingOverflow(by: negative ? -1 : 1)
      if overflow { throw Overflow() }
      return signedValue
    }
    return Int(digits)
  }

  /// Underscores are ignored; parts separated by `:` are base-60 digits. Infinities and NaN
  /// give nil: values hold finite floats only.
  static func float(_ text: String) -> Double? {
    switch text.lowercased() {
    case ".inf", "+.inf", "-.inf", ".nan": return nil
    default: break
    }
    let digits = withoutUnderscores(text)
    guard digits.contains(":") else { return Double(digits).flatMap { $0.isFinite ? $0 : nil } }
    let negative = digits.hasPrefix("-")
    let signed = negative || digits.hasPrefix("+")
    guard let parts = sexagesimalParts(digits.dropFirst(signed ? 1 : 0), { Double($0) }) else {
      return nil
    }
    var value = 0.0
    var base = 1.0
    for part in parts.reversed() {
      value += part * base
      base *= 60
    }
    let result = negative ? -value : value
    return result.isFinite ? result : nil
  }

  private static func withoutUnderscores(_ text: String) -> String {
    text.contains("_") ? String(text.unicodeScalars.filter { $0 != "_" }) : text
  }

  /// The `:`-separated parts of `body`, each read by `read`, or nil if one is not a number.
  private static func sexagesimalParts<T>(
    _ body: Substring, _ read: (Substring) -> T?
  ) -> [T]? {
    var parts: [T] = []
    for part in body.split(separator: ":", omittingEmptySubsequences: false) {
      guard let value = read(part) else { return nil }
      parts.append(value)
    }
    return parts
  }
}
