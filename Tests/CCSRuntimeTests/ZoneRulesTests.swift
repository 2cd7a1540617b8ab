import Testing

@testable import CCSRuntime

/// Time zones without ICU: POSIX TZ rules and the system's zone files.
@Suite("Time zone rules")
struct ZoneRulesTests {
  @Test(
    "POSIX rules give the offset at an instant",
    arguments: [
      // Paris: daylight time from the last Sunday of March 01:00 UTC to the last of October.
      ("CET-1CEST,M3.5.0,M10.5.0/3", 1_774_745_999, 3_600),  // 2026-03-29T00:59:59Z
      ("CET-1CEST,M3.5.0,M10.5.0/3", 1_774_746_000, 7_200),  // 2026-03-29T01:00:00Z
      ("CET-1CEST,M3.5.0,M10.5.0/3", 1_792_889_999, 7_200),  // 2026-10-25T00:59:59Z
      ("CET-1CEST,M3.5.0,M10.5.0/3", 1_792_890_000, 3_600),
      // New York, and Sydney (daylight time across the new year).
      ("EST5EDT,M3.2.0,M11.1.0", 1_782_900_000, -14_400),
      ("EST5EDT,M3.2.0,M11.1.0", 1_768_478_400, -18_000),
      ("AEST-10AEDT,M10.1.0,M4.1.0/3", 1_768_478_400, 39_600),
      ("AEST-10AEDT,M10.1.0,M4.1.0/3", 1_782_900_000, 36_000),
      // Fixed offsets, with minutes and an angle-bracket name; Julian days.
      ("<+0530>-5:30", 0, 19_800), ("IST-5:30", 1_782_900_000, 19_800),
      ("XXX3YYY,J60/2,300", 1_782_900_000, -7_200),
    ])
  func posixRules(rule: String, seconds: Int64, offset: Int) throws {
    let parsed = try #require(PosixZoneRule(rule))
    #expect(parsed.offset(at: seconds) == offset)
  }

  @Test(
    "malformed POSIX rules are refused",
    arguments: ["", "C", "CET", "CET-1CEST,M13.1.0,M10.5.0", "CET-1CEST,M3.5.0", "CET-999"])
  func malformedRules(rule: String) {
    #expect(PosixZoneRule(rule) == nil)
  }

  @Test func zoneFilesAreReadOnlyInsideTheirDirectory() {
    #expect(ZoneRules.load("../../etc/passwd", directory: "/usr/share/zoneinfo") == nil)
    #expect(ZoneRules.load("/etc/passwd", directory: "/usr/share/zoneinfo") == nil)
    #expect(ZoneRules.load("Europe/./Paris", directory: "/usr/share/zoneinfo") == nil)
    #expect(ZoneRules.parse(Array("TZif2 not really".utf8)) == nil)
    #expect(ZoneRules.parse([]) == nil)
  }
}
