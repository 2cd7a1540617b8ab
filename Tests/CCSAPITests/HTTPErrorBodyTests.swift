import CCSText
import Foundation
import Testing

@testable import CCSAPI

/// The message and code of error bodies in the shapes the two APIs (and proxies) send, and
/// the HTTP-dates of `Retry-After`.
@Suite("Error bodies and HTTP-dates")
struct HTTPErrorBodyTests {
  @Test(
    "JSON error bodies give a message and a code",
    arguments: [
      (#"{"message": "nope", "code": 4004}"#, "nope", "4004"),
      (#"{"error": "bad"}"#, "bad", nil),
      (#"{"error": {"message": "m", "type": "t"}}"#, "m", "t"),
      (#"{"message": "x", "context": {"b": 1, "a": 2}}"#, "x", "a"),
      (#"{"error_description": "d", "id": 7}"#, "d", "7"),
      (#"{"message": "", "code": true}"#, nil, "true"),
      (#""plain text in JSON""#, "plain text in JSON", nil),
      ("[1, 2]", nil, nil),
    ] as [(String, String?, String?)])
  func jsonBodies(body: String, message: String?, code: String?) {
    let parsed = HTTPError.parseBody(Array(body.utf8), mediaType: "application/json")
    #expect(parsed.message == message && parsed.code == code)
  }

  @Test("HTML and text bodies give their title or text")
  func otherBodies() {
    let html = HTTPError.parseBody(
      Array("<html><TITLE>502 Bad Gateway</TITLE></html>".utf8), mediaType: "text/html")
    #expect(html.message == "502 Bad Gateway" && html.code == nil)
    let text = HTTPError.parseBody(Array("  upstream timed out \n".utf8), mediaType: "text/plain")
    #expect(text.message == "upstream timed out")
  }

  @Test(
    "HTTP-dates in their three forms, and what is not one",
    arguments: [
      ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777.0),
      ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777.0),
      ("Sun Nov  6 08:49:37 1994", 784_111_777.0),
      ("Thu, 29 Feb 2024 00:00:00 GMT", 1_709_164_800.0),
      ("Thu, 29 Feb 2023 00:00:00 GMT", nil), ("Sun, 06 Nov 1994 24:00:00 GMT", nil),
      ("Sun, 06 Nov 1994 08:49:37 PST", nil), ("Sun, 6 Nov 1994 08:49:37 GMT", nil),
      ("06 Nov 1994 08:49:37", nil), ("", nil),
    ] as [(String, Double?)])
  func httpDates(text: String, seconds: Double?) {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    #expect(HTTPDate.parse(text, now: now)?.timeIntervalSince1970 == seconds)
  }

  @Test("an RFC 850 year more than 50 years ahead is from the century before")
  func twoDigitYears() {
    let now = Date(timeIntervalSince1970: 1_700_000_000)  // 2023
    #expect(
      HTTPDate.parse("Monday, 01-Jan-73 00:00:00 GMT", now: now)?.timeIntervalSince1970
        == 3_250_454_400)
    #expect(
      HTTPDate.parse("Monday, 01-Jan-74 00:00:00 GMT", now: now)?.timeIntervalSince1970
        == 126_230_400)
    #expect(CivilCalendar.date(days: 0).year == 1970 && CivilCalendar.date(days: -1).year == 1969)
  }
}
