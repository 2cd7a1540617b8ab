import CCSText

/// A POSIX TZ rule, as the footer of a zone file gives it (`CET-1CEST,M3.5.0,M10.5.0/3`,
/// `<+0330>-3:30`): a standard offset, and optionally a daylight one with the two yearly
/// changes between them. Offsets here are seconds east of UTC (POSIX writes them west).
struct PosixZoneRule: Sendable {
  let standardOffset: Int
  private var daylightOffset: Int?
  private var start: Change?
  private var end: Change?

  /// A yearly change: a day of the year and a local time (seconds, may pass 24 h or be
  /// negative, RFC 8536 §3.3.1).
  private struct Change: Sendable {
    enum Day: Sendable {
      /// `Mm.w.d`: day `d` (0 = Sunday) of week `w` (5 = the last) of month `m`.
      case monthWeekDay(month: Int, week: Int, weekday: Int)
      /// `Jn`: day 1…365, February 29 never counted.
      case julian(Int)
      /// `n`: day 0…365, February 29 counted.
      case zeroBased(Int)
    }
    var day: Day
    var time = 7_200

    /// Local seconds since the epoch of this change in `year`.
    func local(in year: Int) -> Int64 {
      let days: Int
      switch day {
      case .monthWeekDay(let month, let week, let weekday):
        let first = CivilCalendar.days(year: year, month: month, day: 1)
        let firstWeekday = ((first + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday
        var day = 1 + (weekday - firstWeekday + 7) % 7 + 7 * (week - 1)
        while day > CivilCalendar.daysIn(month: month, year: year) { day -= 7 }
        days = first + day - 1
      case .julian(let n):
        let leap = CivilCalendar.daysIn(month: 2, year: year) == 29
        days = CivilCalendar.days(year: year, month: 1, day: 1) + n - 1 + (leap && n >= 60 ? 1 : 0)
      case .zeroBased(let n):
        days = CivilCalendar.days(year: year, month: 1, day: 1) + n
      }
      return Int64(days) * 86_400 + Int64(time)
    }
  }

  /// Parses a rule; nil when it is malformed.
  init?(_ text: String) {
    var scanner = Scanner(Array(text.utf8))
    guard scanner.name(), let standard = scanner.offset() else { return nil }
    standardOffset = -standard
    if scanner.atEnd { return }
    guard scanner.name() else { return nil }
    var daylight = standardOffset + 3_600
    if let explicit = scanner.offset() { daylight = -explicit }
    daylightOffset = daylight
    if scanner.atEnd { return }
    guard scanner.take(UInt8(ascii: ",")), let start = scanner.change(),
      scanner.take(UInt8(ascii: ",")), let end = scanner.change(), scanner.atEnd
    else { return nil }
    self.start = start
    self.end = end
  }

  /// Offset east of UTC at `seconds` since the epoch.
  func offset(at seconds: Int64) -> Int {
    guard let daylight = daylightOffset, let start, let end else { return standardOffset }
    let localDays = (seconds + Int64(standardOffset)).floorDivided(by: 86_400)
    let year = CivilCalendar.date(days: Int(clamping: localDays)).year
    // The start is written in standard time, the end in daylight time.
    let begins = start.local(in: year) - Int64(standardOffset)
    let ends = end.local(in: year) - Int64(daylight)
    if begins < ends { return seconds >= begins && seconds < ends ? daylight : standardOffset }
    // Southern hemisphere: daylight time spans the new year.
    return seconds >= ends && seconds < begins ? standardOffset : daylight
  }

  private struct Scanner {
    let bytes: [UInt8]
    var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { at == bytes.count }

    mutating func take(_ byte: UInt8) -> Bool {
      guard at < bytes.count, bytes[at] == byte else { return false }
      at += 1
      return true
    }

    /// A zone abbreviation: three or more letters, or anything in `<…>`.
    mutating func name() -> Bool {
      if take(UInt8(ascii: "<")) {
        guard let close = bytes[at...].firstIndex(of: UInt8(ascii: ">")) else { return false }
        at = close + 1
        return true
      }
      let start = at
      while at < bytes.count, (bytes[at] | 0x20) >= UInt8(ascii: "a"),
        (bytes[at] | 0x20) <= UInt8(ascii: "z")
      {
        at += 1
      }
      return at - start >= 3
    }

    /// `[+-]hh[:mm[:ss]]` as seconds (hours up to 167), or nil.
    mutating func offset() -> Int? {
      var sign = 1
      if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
      guard let hours = number(), hours <= 167 else { return nil }
      var seconds = hours * 3_600
      if take(UInt8(ascii: ":")) {
        guard let minutes = number(), minutes < 60 else { return nil }
        seconds += minutes * 60
        if take(UInt8(ascii: ":")) {
          guard let s = number(), s < 60 else { return nil }
          seconds += s
        }
      }
      return sign * seconds
    }

    /// A run of at most three digits.
    mutating func number() -> Int? {
      var value = 0
      let start = at
      while at < bytes.count, at - start < 3, bytes[at] >= UInt8(ascii: "0"),
        bytes[at] <= UInt8(ascii: "9")
      {
        value = value * 10 + Int(bytes[at] - UInt8(ascii: "0"))
        at += 1
      }
      return at > start ? value : nil
    }

    mutating func change() -> Change? {
      var change: Change
      if take(UInt8(ascii: "M")) {
        guard let month = number(), (1...12).contains(month), take(UInt8(ascii: ".")),
          let week = number(), (1...5).contains(week), take(UInt8(ascii: ".")),
          let weekday = number(), weekday <= 6
        else { return nil }
        change = Change(day: .monthWeekDay(month: month, week: week, weekday: weekday))
      } else if take(UInt8(ascii: "J")) {
        guard let n = number(), (1...365).contains(n) else { return nil }
        change = Change(day: .julian(n))
      } else {
        guard let n = number(), n <= 365 else { return nil }
        change = Change(day: .zeroBased(n))
      }
      if take(UInt8(ascii: "/")) {
        guard let time = offset() else { return nil }
        change.time = time
      }
      return change
    }
  }
}
