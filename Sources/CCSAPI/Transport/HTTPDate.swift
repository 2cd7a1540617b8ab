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
      let thisYear = civilYear(days: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
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
      day >= 1, day <= daysIn(month: month, year: year)
    else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
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

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (years of at most four digits here).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The Gregorian year of a day counted from 1970-01-01.
  static func civilYear(days: Int) -> Int {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    return yearOfEra + era * 400 + (shiftedMonth >= 10 ? 1 : 0)
  }
}
