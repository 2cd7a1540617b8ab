import Foundation
import Testing

@testable import CCSRuntime

@Suite("JSONReader")
struct FormatsJSONReaderTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let id: String
    let json: String
    let expected: Value
    var testDescription: String { id }
  }

  static let valid: [Case] = [
    Case(id: "null", json: "null", expected: .null),
    Case(id: "true with spaces", json: " \t\r\n true \n", expected: .bool(true)),
    Case(id: "false", json: "false", expected: .bool(false)),
    Case(id: "zero", json: "0", expected: .int(0)),
    Case(id: "negative int", json: "-42", expected: .int(-42)),
    Case(id: "int max", json: "9223372036854775807", expected: .int(Int.max)),
    Case(id: "int min", json: "-9223372036854775808", expected: .int(Int.min)),
    Case(
      id: "int overflow is float", json: "9223372036854775808",
      expected: .float(9.223372036854775808e18)),
    Case(id: "fraction", json: "2.5", expected: .float(2.5)),
    Case(id: "exponent", json: "1E3", expected: .float(1000)),
    Case(id: "negative exponent", json: "-1.5e-2", expected: .float(-0.015)),
    Case(id: "empty string", json: #""""#, expected: .string("")),
    Case(
      id: "escapes", json: #""a\"b\\c\/d\b\f\n\r\t""#,
      expected: .string("a\"b\\c/d\u{08}\u{0C}\n\r\t")),
    Case(id: "unicode escape", json: #""\u00e9\u4e2d""#, expected: .string("é中")),
    Case(id: "surrogate pair", json: #""\ud83d\ude00""#, expected: .string("😀")),
    Case(id: "lone high surrogate", json: #""\ud83dx""#, expected: .string("\u{FFFD}x")),
    Case(id: "lone low surrogate", json: #""\ude00""#, expected: .string("\u{FFFD}")),
    Case(id: "raw utf8", json: "\"héllo 中文\"", expected: .string("héllo 中文")),
    Case(id: "empty array", json: "[ ]", expected: .list([])),
    Case(id: "empty object", json: "{ }", expected: .record(Record())),
    Case(
      id: "nested", json: #"{"a": [1, {"b": null}], "c": "d"}"#,
      expected: .record(Record([("a", [1, .record(Record([("b", .null)]))]), ("c", "d")]))),
    Case(
      id: "key order kept", json: #"{"z": 1, "a": 2}"#,
      expected: .record(Record([("z", 1), ("a", 2)]))),
    Case(
      id: "duplicate key keeps first position, last value", json: #"{"a": 1, "b": 2, "a": 3}"#,
      expected: .record(Record([("a", 3), ("b", 2)]))),
    Case(id: "escaped key", json: #"{"a\nb": 1}"#, expected: .record(Record([("a\nb", 1)]))),
  ]

  @Test(arguments: valid)
  func parsesValid(_ c: Case) throws {
    let value = try JSONReader.parse(c.json)
    #expect(value == c.expected)
    if case .float(let f) = c.expected { #expect(value == .float(f)) }
    if case .int = c.expected { #expect(value.intValue != nil) }
  }

  struct ErrorCase: CustomTestStringConvertible, Sendable {
    let id: String
    let json: String
    let message: String
    var testDescription: String { id }
  }

  static let invalid: [ErrorCase] = [
    ErrorCase(
      id: "empty", json: "",
      message: "invalid JSON at line 1, column 1: expected a value, found end of input"),
    ErrorCase(
      id: "missing comma", json: "{\n  \"a\": 1\n  \"b\": 2}",
      message:
        "invalid JSON at line 3, column 3: expected ',' or '}' after object member, found '\"'"),
    ErrorCase(
      id: "trailing comma in array", json: "[1,]",
      message: "invalid JSON at line 1, column 4: expected a value, found ']'"),
    ErrorCase(
      id: "unterminated string", json: #""abc"#,
      message: "invalid JSON at line 1, column 5: unterminated string, found end of input"),
    ErrorCase(
      id: "bad literal", json: "tru",
      message: "invalid JSON at line 1, column 1: expected a value, found 't'"),
    ErrorCase(
      id: "leading zero", json: "012",
      message: "invalid JSON at line 1, column 2: leading zeros are not allowed in numbers"),
    ErrorCase(
      id: "bare minus", json: "-",
      message: "invalid JSON at line 1, column 2: expected a digit, found end of input"),
    ErrorCase(
      id: "trailing data", json: "1 2",
      message: "invalid JSON at line 1, column 3: unexpected '2' after the JSON value"),
    ErrorCase(
      id: "non-string key", json: "{1: 2}",
      message: "invalid JSON at line 1, column 2: expected a string key, found '1'"),
    ErrorCase(
      id: "missing colon", json: #"{"a" 1}"#,
      message: "invalid JSON at line 1, column 6: expected ':' after object key, found '1'"),
    ErrorCase(
      id: "bad escape", json: #""\x""#,
      message: #"invalid JSON at line 1, column 3: invalid escape '\x' in string"#),
    ErrorCase(
      id: "control char", json: "\"a\u{01}\"",
      message:
        "invalid JSON at line 1, column 3: control character in string (escape it as \\u00XX)"),
    ErrorCase(
      id: "short unicode escape", json: #""\u12""#,
      message: "invalid JSON at line 1, column 6: expected 4 hex digits after \\u, found '\"'"),
  ]

  @Test(arguments: invalid)
  func reportsErrors(_ c: ErrorCase) {
    do {
      let v = try JSONReader.parse(c.json)
      Issue.record("expected an error, got \(v)")
    } catch let error as FormatError {
      #expect(error.description == c.message)
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func depthLimit() throws {
    let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    _ = try JSONReader.parse(ok)
    let deep = String(repeating: "[", count: 100_000)
    #expect(throws: FormatError.self) { try JSONReader.parse(deep) }
    let deepObjects = String(repeating: #"{"a":"#, count: 10_000)
    #expect(throws: FormatError.self) { try JSONReader.parse(deepObjects) }
  }

  @Test func agreesWithFoundationOnRoundTrip() throws {
    let sample = #"{"id":"app_1","n":12,"ok":true,"f":0.1,"tags":["a","b"],"m":{"x":null,"y":-7}}"#
    let value = try JSONReader.parse(sample)
    #expect(JSONWriter.write(value, pretty: false) == sample)
  }

  @Test func sameShapeSharesKeys() throws {
    var reader = JSONReader()
    let a = try reader.parse(Array(#"{"n": 1, "s": "x"}"#.utf8))
    let b = try reader.parse(Array(#"{"n": 2, "s": "y"}"#.utf8))
    let c = try reader.parse(Array(#"{"n": 3, "t": "y"}"#.utf8))
    guard case .record(let ra) = a, case .record(let rb) = b, case .record(let rc) = c else {
      Issue.record("not records")
      return
    }
    let shared = ra.keys.withUnsafeBufferPointer { pa in
      rb.keys.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress }
    }
    #expect(shared)
    #expect(rc.keys == ["n", "t"])
    #expect(rb["s"] == "y")
  }

  @Test func prefixOfCachedShape() throws {
    var reader = JSONReader()
    _ = try reader.parse(Array(#"{"a": 1, "b": 2}"#.utf8))
    #expect(try reader.parse(Array(#"{"a": 3}"#.utf8)) == .record(Record([("a", 3)])))
    #expect(
      try reader.parse(Array(#"{"a": 1, "b": 2, "c": 3}"#.utf8))
        == .record(Record([("a", 1), ("b", 2), ("c", 3)])))
    #expect(try reader.parse(Array(#"{"a": 1, "a": 2}"#.utf8)) == .record(Record([("a", 2)])))
  }

  /// Every prefix of valid documents and random byte strings must fail cleanly, never crash.
  @Test func fuzzTruncatedAndRandomInputs() {
    let samples = [
      #"{"a": [1, -2.5e3, true, false, null, "x\"\u00e9\ud83d\ude00"], "b": {"c": {}}}"#,
      #"[{"id": 1, "v": "é"}, {"id": 2, "v": "\\"}]"#,
    ]
    for sample in samples {
      let bytes = Array(sample.utf8)
      for n in 0..<bytes.count {
        #expect(throws: FormatError.self) { try JSONReader.parse(Array(bytes[0..<n])) }
      }
    }
    var rng = SystemRandomNumberGenerator()
    let alphabet =
      Array(#"{}[]:,"\\u0123456789.eE+-truefalsnl \#n\#tab"#.utf8) + [0xC3, 0xA9, 0xFF, 0x00]
    for _ in 0..<3000 {
      let length = Int.random(in: 0..<40, using: &rng)
      let bytes = (0..<length).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
      _ = try? JSONReader.parse(bytes)
    }
  }
}
