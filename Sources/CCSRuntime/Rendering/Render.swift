import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Text forms of values: plain text (interpolation, `print`), short previews for messages.
public enum Render {
  /// The text a value reads as inside a string or when printed: strings as is, structures as
  /// compact JSON.
  public static func plainText(_ v: Value) -> String {
    switch v {
    case .null: return ""
    case .string(let s): return s
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let f): return JSONWriter.number(f)
    case .duration(let d): return duration(d)
    case .size(let s): return size(s)
    case .date(let d): return DateParsing.format(d)
    case .binary(let b):
      if let s = String(validating: b.bytes, as: UTF8.self) { return s }
      return "<binary \(b.bytes.count) bytes, \(b.mediaType)>"
    case .closure(let c): return c.source
    case .stream: return "<stream>"
    case .error(let e): return e.message
    case .list, .record: return JSONWriter.write(v, pretty: false)
    }
  }

  /// A short preview for error messages: quoted, truncated.
  public static func short(_ v: Value) -> String {
    let text: String
    switch v {
    case .string(let s): text = "\"\(s)\""
    case .closure: text = "closure"
    default: text = plainText(v)
    }
    return text.count > 40 ? String(text.prefix(37)) + "…" : text
  }

  /// `1min 30sec`, `250ms`, `0sec`.
  public static func duration(_ ns: Int) -> String {
    if ns == 0 { return "0sec" }
    let sign = ns < 0 ? "-" : ""
    var rest = ns.magnitude
    let units: [(String, UInt)] = [
      ("day", 86_400_000_000_000), ("hr", 3_600_000_000_000), ("min", 60_000_000_000),
      ("sec", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000), ("ns", 1),
    ]
    var parts: [String] = []
    for (name, size) in units where rest >= size {
      parts.append("\(rest / size)\(name)")
      rest %= size
    }
    return sign + parts.joined(separator: " ")
  }

  /// `512 B`, `1.5 KB`, `20.0 MB` (decimal units).
  public static func size(_ bytes: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB", "PB"]
    var value = Double(bytes)
    var i = 0
    while abs(value) >= 1000, i < units.count - 1 {
      value /= 1000
      i += 1
    }
    return i == 0 ? "\(bytes) B" : NumberText.fixed(value, digits: 1) + " " + units[i]
  }
}

/// Writes values as JSON: dates as ISO 8601 strings, durations as nanoseconds, sizes as bytes,
/// binary as base64.
public enum JSONWriter {
  /// The JSON text of a value (streams must be collected first).
  public static func write(_ v: Value, pretty: Bool, indent: Int = 2) -> String {
    var out = ""
    out.reserveCapacity(64)
    append(v, to: &out, pretty: pretty, indent: indent, level: 0)
    return out
  }

  static func append(_ v: Value, to out: inout String, pretty: Bool, indent: Int, level: Int) {
    switch v {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .float(let f): out += f.isFinite ? number(f) : "null"
    case .string(let s): appendString(s, to: &out)
    case .duration(let d), .size(let d): out += String(d)
    case .date(let d): appendString(DateParsing.format(d), to: &out)
    case .binary(let b):
      if let s = String(validating: b.bytes, as: UTF8.self) {
        appendString(s, to: &out)
      } else {
        appendString(Data(b.bytes).base64EncodedString(), to: &out)
      }
    case .closure(let c): appendString(c.source, to: &out)
    case .stream: out += "null"
    case .error(let e):
      append(.record(e.record), to: &out, pretty: pretty, indent: indent, level: level)
    case .list(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        if pretty { newline(&out, indent * (level + 1)) }
        append(item, to: &out, pretty: pretty, indent: indent, level: level + 1)
      }
      if pretty { newline(&out, indent * level) }
      out += "]"
    case .record(let r):
      if r.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      var first = true
      for (k, value) in r {
        if !first { out += "," }
        first = false
        if pretty { newline(&out, indent * (level + 1)) }
        appendString(k, to: &out)
        out += pretty ? ": " : ":"
        append(value, to: &out, pretty: pretty, indent: indent, level: level + 1)
      }
      if pretty { newline(&out, indent * level) }
      out += "}"
    }
  }

  private static func newline(_ out: inout String, _ spaces: Int) {
    out += "\n"
    out += String(repeating: " ", count: spaces)
  }

  /// A float in shortest round-trip form, always with a decimal point or exponent.
  public static func number(_ f: Double) -> String {
    if f == f.rounded(), abs(f) < 1e16 { return NumberText.fixed(f, digits: 1) }
    return "\(f)"
  }

  static func appendString(_ s: String, to out: inout String) {
    out += "\""
    var needsEscape = false
    for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C {
      needsEscape = true
      break
    }
    if !needsEscape {
      out += s
      out += "\""
      return
    }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 {
          out += "\\u" + NumberText.hex(scalar.value, width: 4)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}

/// ISO 8601 parsing and formatting for API timestamps and `into datetime`.
public enum DateParsing {
  /// Parses `2026-11-23T18:32:44Z`, with optional fractional seconds and offset, or a plain
  /// date `2026-11-23`.
  public static func parse(_ s: String) -> Date? {
    let bytes = Array(s.utf8)
    guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
      return nil
    }
    func num(_ from: Int, _ len: Int) -> Int? {
      guard from + len <= bytes.count else { return nil }
      var v = 0
      for b in bytes[from..<(from + len)] {
        guard b >= 48, b <= 57 else { return nil }
        v = v * 10 + Int(b - 48)
      }
      return v
    }
    guard let year = num(0, 4), let month = num(5, 2), let day = num(8, 2),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    var comps = DateComponents()
    comps.year = year
    comps.month = month
    comps.day = day
    comps.hour = 0
    comps.minute = 0
    comps.second = 0
    var offset = 0
    var fraction = 0.0
    if bytes.count > 10 {
      guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
        let h = num(11, 2), bytes.count > 13, bytes[13] == UInt8(ascii: ":"), let m = num(14, 2)
      else { return nil }
      comps.hour = h
      comps.minute = m
      var i = 16
      if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
        guard let sec = num(17, 2) else { return nil }
        comps.second = sec
        i = 19
      }
      if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
        var j = i + 1
        var digits = ""
        while j < bytes.count, bytes[j] >= 48, bytes[j] <= 57 {
          digits.append(Character(Unicode.Scalar(bytes[j])))
          j += 1
        }
        fraction = Double("0." + digits) ?? 0
        i = j
      }
      if i < bytes.count {
        if bytes[i] == UInt8(ascii: "Z") || bytes[i] == UInt8(ascii: "z") {
          i += 1
        } else if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
          let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
          guard let oh = num(i + 1, 2) else { return nil }
          var om = 0
          if i + 3 < bytes.count, bytes[i + 3] == UInt8(ascii: ":") {
            om = num(i + 4, 2) ?? 0
            i += 6
          } else {
            om = num(i + 3, 2) ?? 0
            i += 5
          }
          offset = sign * (oh * 3600 + om * 60)
        } else {
          return nil
        }
      }
      guard i == bytes.count else { return nil }
    }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
    guard let date = calendar.date(from: comps) else { return nil }
    return date.addingTimeInterval(fraction - Double(offset))
  }

  /// Formats a date as `2026-11-23T18:32:44Z` (with milliseconds when present), in UTC.
  public static func format(_ d: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
    let c = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second, .nanosecond], from: d)
    let ms = Int((Double(c.nanosecond ?? 0) / 1e6).rounded())
    let two = { (n: Int?) in NumberText.zeroPadded(n ?? 0, width: 2) }
    let base =
      NumberText.zeroPadded(c.year ?? 0, width: 4) + "-" + two(c.month) + "-" + two(c.day) + "T"
      + two(c.hour) + ":" + two(c.minute) + ":" + two(c.second)
    return ms > 0 && ms < 1000 ? base + "." + NumberText.zeroPadded(ms, width: 3) + "Z" : base + "Z"
  }
}
