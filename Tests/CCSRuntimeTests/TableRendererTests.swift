import Testing

@testable import CCSRuntime

@Suite("TableRenderer")
struct TableRendererTests {
  struct Snapshot: CustomTestStringConvertible, Sendable {
    let id: String
    let value: Value
    var width = 80
    var style = TableRenderer.Style.unicode
    let expected: String
    var testDescription: String { id }
  }

  static let people: Value = [
    .record(Record([("name", "ada"), ("age", 36)])),
    .record(Record([("name", "bob"), ("city", "Paris")])),
  ]

  static let snapshots: [Snapshot] = [
    Snapshot(
      id: "list of records, union of keys", value: people,
      expected: """
        ╭───┬──────┬─────┬───────╮
        │ # │ name │ age │ city  │
        ├───┼──────┼─────┼───────┤
        │ 0 │ ada  │  36 │       │
        │ 1 │ bob  │     │ Paris │
        ╰───┴──────┴─────┴───────╯
        """),
    Snapshot(
      id: "too narrow drops rightmost columns", value: people, width: 20,
      expected: """
        ╭───┬──────┬───╮
        │ # │ name │ … │
        ├───┼──────┼───┤
        │ 0 │ ada  │ … │
        │ 1 │ bob  │ … │
        ╰───┴──────┴───╯
        """),
    Snapshot(
      id: "long cell truncated",
      value: [.record(Record([("id", 1), ("message", "a very long message that will not fit")]))],
      width: 30,
      expected: """
        ╭───┬────┬───────────────────╮
        │ # │ id │ message           │
        ├───┼────┼───────────────────┤
        │ 0 │  1 │ a very long mess… │
        ╰───┴────┴───────────────────╯
        """),
    Snapshot(
      id: "record as key/value view",
      value: .record(
        Record([
          ("name", "web"), ("count", 3), ("tags", ["a", "b"]),
          ("meta", .record(Record([("x", 1)]))),
          ("gone", .null),
        ])),
      expected: """
        ╭───────┬───────────╮
        │ name  │ web       │
        │ count │ 3         │
        │ tags  │ [2 items] │
        │ meta  │ {1 field} │
        │ gone  │           │
        ╰───────┴───────────╯
        """),
    Snapshot(
      id: "list of scalars, ascii", value: ["a", 10, .null], style: .ascii,
      expected: """
        +---+----+
        | 0 | a  |
        | 1 | 10 |
        | 2 |    |
        +---+----+
        """),
    Snapshot(
      id: "wide characters", value: [.record(Record([("n", "中文")]))],
      expected: """
        ╭───┬──────╮
        │ # │ n    │
        ├───┼──────┤
        │ 0 │ 中文 │
        ╰───┴──────╯
        """),
    Snapshot(id: "string scalar", value: "hello", expected: "hello"),
    Snapshot(id: "int scalar", value: 42, expected: "42"),
    Snapshot(id: "empty list", value: [], expected: "(empty list)"),
    Snapshot(id: "empty record", value: .record(Record()), expected: "(empty record)"),
  ]

  @Test(arguments: snapshots)
  func renders(_ s: Snapshot) {
    let text = TableRenderer.render(s.value, width: s.width, color: false, style: s.style)
    #expect(text == s.expected)
    for line in text.split(separator: "\n") {
      #expect(DisplayWidth.of(String(line)) <= max(s.width, 20), "line too wide: \(line)")
    }
  }

  @Test(arguments: [10, 20, 25, 30, 40, 60, 80, 120])
  func neverWiderThanWidth(width: Int) {
    var items: [Value] = []
    for i in 0..<5 {
      var r = Record()
      r["id"] = .string("app_\(i)_" + String(repeating: "x", count: i * 7))
      r["n"] = .int(i * 1000)
      r["description"] = .string("some fairly long text \(i)")
      r["nested"] = .list([1, 2])
      r["flag"] = .bool(i % 2 == 0)
      items.append(.record(r))
    }
    let rows = Value.list(items)
    let text = TableRenderer.render(rows, width: width)
    for line in text.split(separator: "\n") {
      #expect(DisplayWidth.of(String(line)) <= max(width, 19), "\(width): \(line)")
    }
  }

  @Test func colorOnlyWhenAsked() {
    let value: Value = [.record(Record([("a", 1)]))]
    #expect(!TableRenderer.render(value, color: false).contains("\u{1B}"))
    let colored = TableRenderer.render(value, color: true)
    #expect(colored.contains("\u{1B}[1;32ma\u{1B}[0m"))
  }

  @Test func truncation() {
    let cases: [(String, Int, String)] = [
      ("abc", 5, "abc"), ("abcdef", 4, "abc…"), ("中文字", 4, "中…"), ("ab", 1, "…"),
    ]
    for (input, width, expected) in cases {
      #expect(DisplayWidth.truncate(input, to: width) == expected, "\(input) to \(width)")
    }
  }

  /// The shrinking the table did one column-width at a time, kept as the reference for the
  /// level-at-a-time version.
  static func shrinkOneAtATime(_ widths: inout [Int], by excess: Int, floor: (Int) -> Int) {
    var excess = excess
    while excess > 0 {
      var widest = -1
      for i in 1..<max(widths.count, 1) where widths[i] > floor(i) {
        if widest < 0 || widths[i] > widths[widest] { widest = i }
      }
      if widest < 0 { break }
      widths[widest] -= 1
      excess -= 1
    }
  }

  @Test func shrinkingByLevelsMatchesOneAtATime() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let count = Int.random(in: 0...7, using: &generator)
      let natural = (0..<count).map { _ in Int.random(in: 1...40, using: &generator) }
      let floor = { (i: Int) in i == 0 ? natural[0] : min(natural[i], 6) }
      let excess = Int.random(in: -5...(natural.reduce(0, +) + 5), using: &generator)
      var expected = natural
      Self.shrinkOneAtATime(&expected, by: excess, floor: floor)
      var actual = natural
      TableRenderer.shrink(&actual, by: excess, floor: floor)
      #expect(actual == expected, "\(natural) by \(excess)")
    }
  }

  @Test func aCellMegabytesWideIsCutToTheWidth() {
    let wide = String(repeating: "x", count: 4_000_000)
    let items: [Value] = [.record(Record([("a", .string(wide)), ("b", 1)]))]
    let lines = TableRenderer.render(.list(items), width: 40).split(separator: "\n")
    #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= 40 })
  }
}
