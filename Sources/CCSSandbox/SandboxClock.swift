import Foundation

/// Date helpers shared by the fake APIs: ISO 8601 with milliseconds, as both APIs print.
enum SandboxClock {
  /// The instant seeded history ends at: 2026-01-01T00:00:00Z. Demo data lies before it.
  static let historyEnd = Date(timeIntervalSince1970: 1_767_225_600)

  /// `2026-01-01T00:00:00.000Z`.
  static func iso(_ date: Date) -> String {
    let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    let seconds = millis / 1000
    let fraction = Int(millis % 1000)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second],
      from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    func pad(_ value: Int?, _ width: Int) -> String {
      let text = String(value ?? 0)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T"
      + "\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))."
      + "\(pad(fraction, 3))Z"
  }

  /// Parses ISO 8601 with or without fractional seconds; `nil` when malformed.
  static func parse(_ text: String) -> Date? {
    let withFraction = ISO8601DateFormatter()
    withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = withFraction.date(from: text) { return date }
    let plain = ISO8601DateFormatter()
    plain.formatOptions = [.withInternetDateTime]
    return plain.date(from: text)
  }

  /// Converts a `Duration` to seconds.
  static func seconds(_ duration: Duration) -> TimeInterval {
    let parts = duration.components
    return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
  }
}
