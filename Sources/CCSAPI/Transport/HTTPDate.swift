import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// HTTP-dates (RFC 9110 §5.6.7), always in GMT: the IMF-fixdate form
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms a recipient must still accept,
/// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
enum HTTPDate {
  /// The time `text` names, or nil if it is none of the three forms or not a calendar date.
  /// An RFC 850 two-digit year more than 50 years after `now` is taken from the century before.
  static func parse(_ text: String, now: Date) -> Date? {
    let fields = text.split(separator: " ", omittingEmptySubsequences: true)
    let day: Int?
    let month: Int?
    var year: Int?
    let time: Substring
    switch fields.count {
    case 6 where fields[0].hasSuffix(",") && fields[5] == "GMT":  // IMF-fixdate
      (day, month, year, time) = (
        number(fields[1], digits: 2...2), Self.month(fields[2]), number(fields[3], digits: 4...4),
        fields[4]
      )
    case 4 where fields[0].hasSuffix(",") && fields[3] == "GMT":  // RFC 850
      let parts = fields[1].split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count == 3, let yy = number(parts[2], digits: 2...2) else { return nil }
      let thisYear = CivilCalendar.date(
        days: Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
      ).year
      var full = thisYear - thisYear % 100 + yy
      if full > thisYear + 50 { full -= 100 }
      (day, month, year, time) = (
        number(parts[0], digits: 2...2), Self.month(parts[1]), full, fields[2]
      )
    case 5:  // asctime
      (day, month, year, time) = (
        number(fields[2], digits: 1...2), Self.month(fields[1]), number(fields[4], digits: 4...4),
        fields[3]
      )
    default:
      return nil
    }
    let clock = time.split(separator: ":", omittingEmptySubsequences: false)
    guard let day, let month, let year, clock.count == 3,
      let hour = number(clock[0], digits: 2...2), hour < 24,
      let minute = number(clock[1], digits: 2...2), minute < 60,
      let second = number(clock[2], digits: 2...2), second <= 60,
      day >= 1, day <= CivilCalendar.daysIn(month: month, year: year)
    else { return nil }
    let days = CivilCalendar.days(year: year, month: month, day: day)
    return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second))
  }

  private static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  /// 1 to 12 for a three-letter month name.
  private static func month(_ name: Substring) -> Int? {
    months.firstIndex(of: String(name)).map { $0 + 1 }
  }

  /// A decimal number of as many ASCII digits as `digits` allows.
  private static func number(_ text: Substring, digits: ClosedRange<Int>) -> Int? {
    guard digits.contains(text.utf8.count),
      text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    else { return nil }
    return Int(text)
  }
}
