import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A time zone a date is shown in: UTC, a fixed offset, or an IANA zone read from the system's
/// zone files (``ZoneRules``).
struct Zone: Sendable {
  /// `GMT`, `GMT+0530`, or the IANA name.
  let identifier: String
  private let fixedOffset: Int
  private let rules: ZoneRules?

  static let utc = Zone(offset: 0)

  /// A fixed offset east of UTC, in seconds.
  init(offset: Int) {
    fixedOffset = offset
    rules = nil
    let sign = offset < 0 ? "-" : "+"
    let minutes = abs(offset) / 60
    identifier =
      offset == 0
      ? "GMT"
      : "GMT\(sign)\(NumberText.zeroPadded(minutes / 60, width: 2))"
        + NumberText.zeroPadded(minutes % 60, width: 2)
  }

  private init(name: String, rules: ZoneRules) {
    identifier = name
    fixedOffset = 0
    self.rules = rules
  }

  /// The IANA zone `name` from `$TZDIR` or `/usr/share/zoneinfo`, read once per process.
  static func iana(_ name: String) -> Zone? {
    if let cached = loaded.withLock({ $0[name] }) { return cached }
    let directory =
      ProcessEnvironment.value(of: "TZDIR").flatMap { $0.isEmpty ? nil : $0 }
      ?? "/usr/share/zoneinfo"
    let zone = ZoneRules.load(name, directory: directory).map { Zone(name: name, rules: $0) }
    loaded.withLock { cache in
      if cache.count > 64 { cache.removeAll() }
      cache[name] = .some(zone)
    }
    return zone
  }

  private static let loaded = Locked<[String: Zone?]>([:])

  /// Offset east of UTC, in seconds, at `date`.
  func secondsFromGMT(for date: Date) -> Int {
    guard let rules else { return fixedOffset }
    let seconds = date.timeIntervalSince1970.rounded(.down)
    guard seconds.isFinite, abs(seconds) < 1e15 else { return rules.offset(at: 0) }
    return rules.offset(at: Int64(seconds))
  }

  /// The calendar fields of `date` in this zone.
  func local(_ date: Date) -> LocalTime {
    let t = date.timeIntervalSince1970
    let whole = t.isFinite && abs(t) < 1e15 ? t.rounded(.down) : 0
    let seconds = Int64(whole) + Int64(secondsFromGMT(for: date))
    let days = seconds.floorDivided(by: 86_400)
    let secondOfDay = Int(seconds - days * 86_400)
    let (year, month, day) = CivilCalendar.date(days: Int(days))
    return LocalTime(
      year: year, month: month, day: day, hour: secondOfDay / 3_600,
      minute: secondOfDay / 60 % 60, second: secondOfDay % 60,
      nanosecond: Int(((t - whole) * 1e9).rounded(.down)),
      weekday: Int(((days + 4) % 7 + 7) % 7))
  }
}

/// A date's calendar fields in a zone; `weekday` 0 is Sunday.
struct LocalTime: Sendable {
  var year, month, day, hour, minute, second, nanosecond, weekday: Int
}
