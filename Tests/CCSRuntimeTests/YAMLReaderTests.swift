import Testing

@testable import CCSRuntime

/// The YAML reader and writer over libyaml's events: YAML 1.1 typing of plain scalars (checked
/// against what Yams read before, on the yaml fuzz corpus), located errors, round trips.
@Suite("YAML reader and writer")
struct YAMLReaderTests {
  @Test(
    "plain scalars resolve by YAML 1.1's rules, in order",
    arguments: [
      ("true", YAMLScalarType.bool), ("OFF", .bool), ("tRue", .string), ("y", .string),
      ("0x1F", .int), ("0x_", .int), ("0b101", .int), ("017", .int), ("0o17", .int),
      ("09", .float), ("1_000", .int), ("1:30", .int), ("1:60", .string), ("0:30", .string),
      ("1:30.", .float), ("1e5", .float), (".5e+3", .float), (".5e3", .string), ("._", .float),
      ("-.inf", .float), ("-.nan", .string), ("", .null), ("~", .null), ("nUll", .string),
      ("<<", .merge), ("=", .value), ("2001-01-01", .timestamp), ("2001-1-1", .string),
      ("2001-1-1 1:00:00", .timestamp), ("2001-1-1t01:00:00.5 +1:00", .timestamp),
      ("2001-01-01 1:00:00 Z ", .string),
      // One line terminator may follow, as `$` allows in the usual regular expressions.
      ("true\n", .bool), ("true\r\n", .bool), ("12\u{2029}", .int), ("true\n\n", .string),
    ])
  func resolution(text: String, type: YAMLScalarType) {
    #expect(YAMLScalarType.resolve(text) == type)
  }

  @Test(
    "typed scalars read as values, or as their text when there is no such value",
    arguments: [
      ("0x1F", Value.int(31)), ("0x_", "0x_"), ("-0", "-0"), ("017", 15), ("09", 9.0),
      ("1e500", "1e500"), ("9223372036854775808", "9223372036854775808"),
      ("-0x8000000000000000", .int(Int.min)), ("1:30.5", 90.5), (".inf", ".inf"),
      ("!!int 1:-5", 55), ("!!bool yEs", true), ("!!bool maybe", "maybe"), ("!!null x", .null),
      ("! 12", "12"), ("!!str 12", "12"), ("!custom 12", "12"), ("'1'", "1"),
      ("!!int \"12\"", "12"),
    ])
  func values(text: String, value: Value) throws {
    #expect(try YAMLCodec.decode("k: \(text)") == .record(Record([("k", value)])))
  }

  @Test(
    "errors say what and where",
    arguments: [
      ("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key \"a\""),
      ("x: [1, *nowhere]\n", 1, 8, "undefined alias *nowhere"),
      ("a: 1\nb: \"\u{1}\"\n", 2, 5, "control characters are not allowed (U+0001)"),
      (String(repeating: "[", count: 600), 1, 513, "nested too deeply (more than 512 levels)"),
      ("a: [1, 2\nb: 3\n", 2, 2, "did not find expected ',' or ']' while parsing a flow sequence"),
    ])
  func errors(text: String, line: Int, column: Int, reason: String) {
    #expect(throws: FormatError(format: "YAML", reason: reason, line: line, column: column)) {
      try YAMLCodec.decode(text)
    }
  }

  @Test("keys of different types with the same text are different keys")
  func keysAreTypedForDuplicates() throws {
    let value = try YAMLCodec.decode("1: int\n\"1\": string\n")
    guard case .record(let record) = value else {
      Issue.record("not a record: \(value)")
      return
    }
    #expect(record.count == 1 && record["1"] == "string")
  }

  @Test("several documents read as a list, an empty document as null")
  func documents() throws {
    #expect(try YAMLCodec.decode("1\n---\n---\nx\n") == [1, .null, "x"])
    #expect(try YAMLCodec.decode("") == .null)
    #expect(try YAMLCodec.decode("# only a comment\n") == .null)
  }

  @Test(
    "strings that would read back as another type are quoted, and read back the same",
    arguments: [
      "true", "yes", "12", "1:30", "0x_", "09", "2001-01-01", "<<", "=", "", "~", "null\r\n",
      "1.5\n", "a: b", "- x", "#c", "é", "日本", "tab\there", "q\"uote", "  lead", "trail  ",
      "multi\nline\n", "x\u{0}y", "plain words",
    ])
  func roundTrip(text: String) throws {
    let value = Value.record(Record([("k", .string(text))]))
    #expect(try YAMLCodec.decode(try YAMLCodec.encode(value)) == value)
  }

  @Test("the writer's layout: block style, escaped non-ASCII text, quoting only where needed")
  func layout() throws {
    let value = Value.record(
      Record([
        ("a", [1, [2, "x"]]), ("b", .record(Record([("c", .null), ("d", "true")]))), ("e", []),
        ("f", .record(Record([]))), ("h", "é"), ("i", 1.5), ("j", .size(1000)),
      ]))
    #expect(
      try YAMLCodec.encode(value) == """
        a:
        - 1
        - - 2
          - x
        b:
          c: null
          d: "true"
        e: []
        f: {}
        h: "\\xE9"
        i: 1.5
        j: 1000

        """)
  }
}
