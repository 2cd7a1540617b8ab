import Testing

@testable import CCSText

/// The helpers that stand in for full Foundation: each behaves as the Foundation call it
/// replaced did on the inputs ccs gives it.
@Suite("Text and system helpers")
struct CCSTextTests {
  @Test(
    "trimming blanks keeps line breaks; trimming whitespace drops them too",
    arguments: [
      (" \t a b \u{00A0}", "a b", "a b"), ("\n x \n", "\n x \n", "x"), ("   ", "", ""),
      ("\u{2028}y\r\n", "\u{2028}y\r\n", "y"), ("", "", ""),
    ])
  func trimming(text: String, blanks: String, whitespace: String) {
    #expect(text.trimmingBlanks() == blanks)
    #expect(text.trimmingWhitespace() == whitespace)
  }

  @Test(
    "path names join and split as text",
    arguments: [
      ("/a/b/c.txt", "/a/b", "txt"), ("/a", "/", ""), ("a", "", ""), ("/", "/", ""),
      ("a/b/", "a", ""), ("dir/.profile", "dir", ""), ("x.tar.gz", "", "gz"), ("a.", "", ""),
    ])
  func pathNames(path: String, directory: String, ext: String) {
    #expect(PathName.directory(of: path) == directory)
    #expect(PathName.extension(of: path) == ext)
  }

  @Test func joins() {
    #expect(PathName.join("/a/b", "c") == "/a/b/c")
    #expect(PathName.join("/a/b/", "c") == "/a/b/c")
    #expect(PathName.join("", "c") == "c")
    #expect(PathName.join("/", "c") == "/c")
  }

  @Test func numbers() {
    #expect(NumberText.zeroPadded(5, width: 2) == "05")
    #expect(NumberText.zeroPadded(-5, width: 3) == "-05")
    #expect(NumberText.zeroPadded(1234, width: 2) == "1234")
    #expect(NumberText.zeroPadded(Int.min, width: 1) == "-9223372036854775808")
    #expect(NumberText.hex(0x1F, width: 4) == "001f")
    #expect(NumberText.hex(0x1F, width: 4, uppercase: true) == "001F")
    #expect(NumberText.fixed(1.25, digits: 1) == "1.2")  // printf: ties to even, exactly
    #expect(NumberText.fixed(0.15, digits: 1) == "0.1")  // 0.1499999… in binary
    #expect(NumberText.fixed(2, digits: 2) == "2.00")
    #expect(NumberText.fixed(1e300, digits: 1).count == 303)
  }

  @Test(
    "calendar days count from 1970-01-01 both ways",
    arguments: [
      (1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 2, 29, 11_016), (2026, 12, 4, 20_791),
      (1600, 3, 1, -135_080), (9999, 12, 31, 2_932_896),
    ])
  func civilCalendar(year: Int, month: Int, day: Int, days: Int) {
    #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
    let date = CivilCalendar.date(days: days)
    #expect(date.year == year && date.month == month && date.day == day)
  }

  @Test func monthLengths() {
    #expect(CivilCalendar.daysIn(month: 2, year: 2024) == 29)
    #expect(CivilCalendar.daysIn(month: 2, year: 1900) == 28)
    #expect(CivilCalendar.daysIn(month: 2, year: 2000) == 29)
    #expect(CivilCalendar.daysIn(month: 4, year: 2026) == 30)
    #expect(CivilCalendar.daysIn(month: 12, year: 2026) == 31)
  }

  @Test(
    "floor division rounds toward negative infinity",
    arguments: [
      (7, 2, 3), (-7, 2, -4), (7, -2, -4), (-7, -2, 3), (-1, 1000, -1), (-1000, 1000, -1),
      (-1001, 1000, -2), (0, 86_400, 0), (86_399, 86_400, 0), (-86_400, 86_400, -1),
      (Int64.min, 1000, Int64.min / 1000 - 1), (Int64.max, 1, Int64.max),
    ] as [(Int64, Int64, Int64)])
  func floorDivision(dividend: Int64, divisor: Int64, quotient: Int64) {
    #expect(dividend.floorDivided(by: divisor) == quotient)
  }

  @Test func percentDecoding() {
    #expect("a%20b%2Fc".percentDecoded == "a b/c")
    #expect("%C3%A9".percentDecoded == "é")
    #expect("%zz".percentDecoded == nil)
    #expect("%4".percentDecoded == nil)
    #expect("%FF".percentDecoded == nil)
    #expect("%FF".percentDecodedOrSelf == "%FF")
  }

  @Test func caseInsensitiveSearch() {
    #expect("Straße".containsIgnoringCase("STRASSE"))
    #expect("DNS Error here".containsIgnoringCase("dns error"))
    #expect(!"abc".containsIgnoringCase("abd"))
    let html = "<HTML><Title>Hi</TITLE>"
    let open = html.firstRangeIgnoringASCIICase(of: "<title>")
    #expect(open.map { String(html[$0]) } == "<Title>")
    #expect(html.firstRangeIgnoringASCIICase(of: "</title>", from: open?.upperBound) != nil)
    #expect(html.firstRangeIgnoringASCIICase(of: "<body>") == nil)
  }

  @Test func padding() {
    #expect("ab".padded(toLength: 4) == "ab  ")
    #expect("abcdef".padded(toLength: 3) == "abc")
  }

  @Test("a detached thread runs its body; the lock serialises")
  func threadsAndLock() async {
    let lock = Lock()
    let box = CounterBox()
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
      let remaining = CounterBox()
      for _ in 0..<8 {
        #expect(
          detachThread {
            for _ in 0..<1000 { lock.withLock { box.value += 1 } }
            if lock.withLock({ () -> Bool in
              remaining.value += 1
              return remaining.value == 8
            }) {
              done.resume()
            }
          })
      }
    }
    #expect(lock.withLock { box.value } == 8000)
  }
}

/// A counter guarded by the test's lock.
private final class CounterBox: @unchecked Sendable {
  // @unchecked: every access holds the test's `Lock`.
  var value = 0
}
