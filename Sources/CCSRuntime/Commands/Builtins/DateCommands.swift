import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Commands over dates: the current time, formatting, and time zones.
///
/// A date is an instant; a time zone only matters when it is shown, so zones are arguments of
/// `date format` and `date to-timezone`, not part of the value.
enum DateCommands {
  static var all: [any Command] { [now, format, toTimezone, toRecord] }

  static let now = BuiltinCommand(
    "date now", category: "time", summary: "The current date and time.",
    signature: Signature(output: "date"),
    examples: [CommandExample("Now", "date now | describe", #""date""#)]
  ) { _, _ in .date(Date()) }

  static let timezoneFlag = FlagSpec(
    "timezone", short: "z", .string, "an IANA zone (Europe/Paris), UTC, or an offset like +02:00",
    default: "UTC")

  static let format = BuiltinCommand(
    "date format", category: "time",
    summary: "Format a date with a strftime-like pattern (default ISO 8601), in UTC or --timezone.",
    details:
      "Patterns: %Y year, %m month, %d day, %H hour, %M minute, %S second, %f milliseconds, %s epoch seconds, %z offset (+0200), %Z zone name, %F = %Y-%m-%d, %T = %H:%M:%S, %% a percent sign.",
    signature: Signature(
      [PositionalSpec("pattern", .string, optional: true)], flags: [timezoneFlag], input: "date",
      output: "string"),
    examples: [
      CommandExample(
        "Format", "2026-01-02T03:04:05Z | date format '%Y/%m/%d %H:%M'", #""2026/01/02 03:04""#),
      CommandExample(
        "In a zone", "2026-07-01T10:00:00Z | date format '%F %T %z' --timezone Europe/Paris",
        #""2026-07-01 12:00:00 +0200""#),
    ]
  ) { call, input in
    let d = try date(input, call)
    let zone = try timeZone(call)
    guard let pattern = call.string("pattern") else { return .string(iso(d, in: zone)) }
    return .string(render(d, pattern, in: zone))
  }

  static let toTimezone = BuiltinCommand(
    "date to-timezone", category: "time",
    summary:
      "The date as ISO 8601 text in a time zone (2026-07-01T12:00:00+02:00); the same instant.",
    details:
      "Dates are instants and always compare as such; this shows one in a zone. `into datetime` reads the text back as the same instant.",
    signature: Signature(
      [
        PositionalSpec(
          "zone", .string, "an IANA zone (Europe/Paris), UTC, or an offset like +02:00")
      ],
      input: "date", output: "string"),
    examples: [
      CommandExample(
        "Paris in summer", "2026-07-01T10:00:00Z | date to-timezone Europe/Paris",
        #""2026-07-01T12:00:00+02:00""#),
      CommandExample(
        "Round trip",
        "2026-07-01T10:00:00Z | date to-timezone '+05:30' | into datetime | date format",
        #""2026-07-01T10:00:00Z""#),
    ]
  ) { call, input in
    let d = try date(input, call)
    guard let zone = zone(named: call.string("zone") ?? "") else {
      throw call.error(
        "unknown time zone '\(call.string("zone") ?? "")'", at: "zone", notes: zoneNotes)
    }
    return .string(iso(d, in: zone))
  }

  static let toRecord = BuiltinCommand(
    "date to-record", category: "time",
    summary:
      "The parts of a date in UTC or --timezone: year, month, day, hour, minute, second, weekday, offset.",
    signature: Signature(flags: [timezoneFlag], input: "date", output: "record"),
    examples: [
      CommandExample("Parts", "2026-01-02T03:04:05Z | date to-record | get weekday", #""friday""#)
    ]
  ) { call, input in
    let d = try date(input, call)
    let zone = try timeZone(call)
    let c = zone.local(d)
    let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    return .record(
      Record([
        ("year", .int(c.year)), ("month", .int(c.month)), ("day", .int(c.day)),
        ("hour", .int(c.hour)), ("minute", .int(c.minute)),
        ("second", .int(c.second)),
        ("weekday", .string(weekdays[c.weekday])),
        ("offset", .string(offset(zone.secondsFromGMT(for: d), colon: true))),
      ]))
  }

  // MARK: - Helpers

  static let zoneNotes = [
    "zones are IANA names (Europe/Paris, America/New_York), UTC, or offsets like +02:00"
  ]

  private static func date(_ input: Value, _ call: CallFrame) throws -> Date {
    switch input {
    case .date(let d): return d
    case .string(let s):
      if let d = DateParsing.parse(s) { return d }
    default: break
    }
    throw call.error(
      "'\(call.name)' needs a date, found \(input.typeName)",
      notes: ["convert text with 'into datetime'"])
  }

  private static func timeZone(_ call: CallFrame) throws -> Zone {
    let name = call.string("timezone") ?? "UTC"
    guard let zone = zone(named: name) else {
      throw call.error("unknown time zone '\(name)'", at: "timezone", notes: zoneNotes)
    }
    return zone
  }

  /// A zone by IANA name, `UTC`/`Z`, or fixed offset (`+02:00`, `-0530`).
  static func zone(named name: String) -> Zone? {
    if name == "UTC" || name == "Z" || name == "utc" { return .utc }
    if let sign = name.first, sign == "+" || sign == "-" {
      let digits = name.dropFirst().filter { $0 != ":" }
      guard digits.count == 4, let h = Int(digits.prefix(2)), let m = Int(digits.suffix(2)), h < 24,
        m < 60
      else {
        return nil
      }
      return Zone(offset: (sign == "-" ? -1 : 1) * (h * 3600 + m * 60))
    }
    return Zone.iana(name)
  }

  private static func offset(_ seconds: Int, colon: Bool) -> String {
    let sign = seconds < 0 ? "-" : "+"
    let s = abs(seconds)
    return sign + NumberText.zeroPadded(s / 3600, width: 2) + (colon ? ":" : "")
      + NumberText.zeroPadded((s % 3600) / 60, width: 2)
  }

  /// ISO 8601 in a zone: `Z` for UTC, else the zone's offset at that instant.
  static func iso(_ d: Date, in zone: Zone) -> String {
    let seconds = zone.secondsFromGMT(for: d)
    if seconds == 0 { return DateParsing.format(d) }
    let text = render(d, "%FT%T", in: zone)
    let ms = Int(
      ((d.timeIntervalSince1970 - d.timeIntervalSince1970.rounded(.down)) * 1000).rounded())
    return text + (ms > 0 && ms < 1000 ? "." + NumberText.zeroPadded(ms, width: 3) : "")
      + offset(seconds, colon: true)
  }

  static func render(_ d: Date, _ pattern: String, in zone: Zone) -> String {
    let c = zone.local(d)
    var out = ""
    var chars = pattern.makeIterator()
    while let ch = chars.next() {
      guard ch == "%", let f = chars.next() else {
        out.append(ch)
        continue
      }
      switch f {
      case "Y": out += NumberText.zeroPadded(c.year, width: 4)
      case "m": out += NumberText.zeroPadded(c.month, width: 2)
      case "d": out += NumberText.zeroPadded(c.day, width: 2)
      case "H": out += NumberText.zeroPadded(c.hour, width: 2)
      case "M": out += NumberText.zeroPadded(c.minute, width: 2)
      case "S": out += NumberText.zeroPadded(c.second, width: 2)
      case "f":
        out += NumberText.zeroPadded(
          min(999, Int((Double(c.nanosecond) / 1e6).rounded())), width: 3)
      case "s": out += String(ValueLimits.integer(d.timeIntervalSince1970) ?? 0)
      case "z": out += offset(zone.secondsFromGMT(for: d), colon: false)
      case "Z": out += zone.identifier
      case "F": out += render(d, "%Y-%m-%d", in: zone)
      case "T": out += render(d, "%H:%M:%S", in: zone)
      case "%": out += "%"
      default: out += "%\(f)"
      }
    }
    return out
  }
}
