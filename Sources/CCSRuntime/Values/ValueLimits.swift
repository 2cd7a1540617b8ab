#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The ranges values are kept in, checked where values are made so that no later arithmetic,
/// conversion or formatting can trap on them.
public enum ValueLimits {
  /// The earliest date a value holds: 0001-01-01T00:00:00Z, in seconds since 1970.
  public static let earliestDate: Double = -62_135_596_800
  /// The latest date a value holds: 9999-12-31T23:59:59Z, in seconds since 1970.
  public static let latestDate: Double = 253_402_300_799

  /// The date `seconds` after 1970, or nil outside years 1 to 9999 (or not a number).
  public static func date(secondsSince1970 seconds: Double) -> Date? {
    guard seconds >= earliestDate, seconds <= latestDate + 0.999 else { return nil }
    return Date(timeIntervalSince1970: seconds)
  }

  /// `seconds` as whole nanoseconds, or nil when that does not fit in an int.
  public static func nanoseconds(_ seconds: Double) -> Int? {
    integer(seconds * 1e9)
  }

  /// `value` truncated toward zero, or nil when it is not finite or does not fit in an int.
  public static func integer(_ value: Double) -> Int? {
    // `Int(exactly:)` is nil out of range, where `Int(_:)` traps.
    Int(exactly: value.rounded(.towardZero))
  }
}
