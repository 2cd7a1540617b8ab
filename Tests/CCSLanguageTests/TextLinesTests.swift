import CCSLanguage
import Testing

@Suite("Text lines")
struct TextLinesTests {
  @Test(
    "LF and CRLF texts split alike, empty lines dropped",
    arguments: [
      ("one\ntwo\n\nthree\n", ["one", "two", "three"]),
      ("one\r\ntwo\r\n\r\nthree\r\n", ["one", "two", "three"]),
      ("\r\n\nfirst\r\nsecond", ["first", "second"]),
      ("é\u{301}\r\n\u{1F600}", ["é\u{301}", "\u{1F600}"]),
      ("", []),
    ])
  func lines(text: String, expected: [String]) {
    #expect(text.nonEmptyLines == expected)
  }
}
