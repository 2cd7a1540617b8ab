import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Date helpers shared by the fake APIs: ISO 8601 with milliseconds, as both APIs print.
enum SandboxClock {
  /// The instant seeded history ends at: 2026-01-01T00:00:00Z. Demo data lies before it.
  static let historyEnd = Date(timeIntervalSince1970: 1_767_225_600)

  /// `2026-01-01T00:00:00.000Z` (UTC, milliseconds), computed without `Calendar` because
  /// log streams format hundreds of thousands of dates.
  static func iso(_ date: Date) -> String {
    let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    let seconds = millis.floorDivided(by: 1000)
    let fraction = Int(millis - seconds * 1000)
    let days = seconds.floorDivided(by: 86_400)
    let secondOfDay = Int(seconds - days * 86_400)
    let (year, month, day) = CivilCalendar.date(days: Int(days))
    func pad(_ value: Int, _ width: Int) -> String { NumberText.zeroPadded(value, width: width) }
    let hour = pad(secondOfDay / 3_600, 2)
    let minute = pad(secondOfDay / 60 % 60, 2)
    let second = pad(secondOfDay % 60, 2)
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(hour):\(minute):\(second)."
      + "\(pad(fraction, 3))Z"
  }

  /// Parses ISO 8601 with or without fractional seconds; `nil` when malformed.
  static func parse(_ text: String) -> Date? {
    if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
      return date
    }
    return try? Date.ISO8601FormatStyle().parse(text)
  }

  /// Converts a `Duration` to seconds.
  static func seconds(_ duration: Duration) -> TimeInterval {
    let parts = duration.components
    return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
  }
}
