import Foundation
import Testing

@testable import CCSRuntime

/// Runs ccs source with only the format commands registered; streams are collected.
/// `input`, when given, is bound to `$input`.
func runFormats(_ source: String, input: Value? = nil, width: Int = 80) async throws -> Value {
  var value = try await evaluateFormats(source, input: input, width: width)
  if case .stream(let s) = value { value = .list(try await s.collect()) }
  return value
}

/// Runs ccs source with only the format commands registered, without collecting the result.
func evaluateFormats(_ source: String, input: Value? = nil, width: Int = 80) async throws -> Value {
  let registry = CommandRegistry()
  registry.register(FormatCommands.all)
  let context = RuntimeContext(
    stdout: BufferSink(), stderr: BufferSink(), environment: [:], currentDirectory: "/tmp",
    terminalWidth: width)
  let interpreter = Interpreter(registry: registry, context: context)
  if let input { interpreter.globals.declare("input", input) }
  return try await interpreter.evaluate(source)
}

/// A byte stream delivering `bytes` in chunks of `size`, counting pulls and cancellation.
/// Raw byte input in chunks of `size`, counting pulls. `from ndjson` reads byte streams one
/// chunk ahead on another task, so the counters are locked.
final class FormatsChunkedInput: Sendable {
  struct State {
    var offset = 0
    var pulls = 0
    var cancelled = false
  }
  let bytes: [UInt8]
  let size: Int
  let state = Locked(State())

  init(_ text: String, size: Int) {
    bytes = Array(text.utf8)
    self.size = size
  }

  var pulls: Int { state.withLock { $0.pulls } }
  var cancelled: Bool { state.withLock { $0.cancelled } }

  var stream: ValueStream {
    ValueStream(
      bytes: true,
      next: { [self] in
        let range: Range<Int>? = state.withLock { s in
          guard s.offset < bytes.count else { return nil }
          s.pulls += 1
          let end = min(s.offset + size, bytes.count)
          defer { s.offset = end }
          return s.offset..<end
        }
        guard let range else { return nil }
        return .binary(Binary(Array(bytes[range])))
      },
      onCancel: { [self] in state.withLock { $0.cancelled = true } })
  }
}

@Suite("Format commands")
struct FormatsCommandTests {
  struct ExampleCase: CustomTestStringConvertible, Sendable {
    let command: String
    let example: CommandExample
    var testDescription: String { "\(command): \(example.description)" }
  }

  static let examples: [ExampleCase] = FormatCommands.all.flatMap { c in
    c.examples.map { ExampleCase(command: c.name, example: $0) }
  }

  @Test(arguments: examples)
  func exampleRuns(_ c: ExampleCase) async throws {
    let value = try await runFormats(c.example.source)
    if let expected = c.example.expected {
      #expect(JSONWriter.write(value, pretty: false) == expected)
    }
  }

  @Test func everyCommandHasExamples() {
    for c in FormatCommands.all {
      #expect(!c.examples.isEmpty, "\(c.name)")
      #expect(!c.summary.isEmpty)
    }
  }

  // MARK: NDJSON

  @Test(arguments: [1, 2, 3, 7, 64, 4096])
  func ndjsonOverChunkedByteStream(chunkSize: Int) async throws {
    let text =
      "{\"n\": 1, \"s\": \"é\"}\r\n\n  \n{\"n\": 2, \"s\": \"中\"}\n{\"n\": 3, \"s\": \"x\"}"
    let input = FormatsChunkedInput(text, size: chunkSize)
    let value = try await runFormats("$input | from ndjson", input: .stream(input.stream))
    #expect(
      JSONWriter.write(value, pretty: false)
        == #"[{"n":1,"s":"é"},{"n":2,"s":"中"},{"n":3,"s":"x"}]"#)
  }

  @Test func ndjsonIsLazyAndCancelsUpstream() async throws {
    let lines = (0..<10_000).map { #"{"n": \#($0)}"# }.joined(separator: "\n")
    let input = FormatsChunkedInput(lines, size: 100)
    let result = try await evaluateFormats("$input | from ndjson", input: .stream(input.stream))
    guard case .stream(let s) = result else {
      Issue.record("from ndjson must return a stream")
      return
    }
    #expect(try await s.next() == .record(Record([("n", 0)])))
    #expect(try await s.next() == .record(Record([("n", 1)])))
    // Raw byte input is parsed at most one chunk ahead of what the pipeline has taken.
    #expect(input.pulls <= 2)
    s.cancel()
    // Cancelling waits for the chunk in flight, then cancels the input.
    let deadline = ContinuousClock.now + .seconds(10)
    while !input.cancelled, ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(5))
    }
    #expect(input.cancelled)
    #expect(input.pulls <= 2)
  }

  @Test func ndjsonErrorNamesTheLine() async throws {
    do {
      _ = try await runFormats(#""{\"a\": 1}\n\n{\"a\" 2}\n" | from ndjson"#)
      Issue.record("expected an error")
    } catch let error as RuntimeError {
      #expect(
        error.value.message
          == "invalid JSON at line 3, column 6: expected ':' after object key, found '2'")
      #expect(error.value.kind == "format")
    }
  }

  @Test func ndjsonDecoderStreamsValuesBeforeAnError() throws {
    var decoder = NDJSONDecoder()
    var out: [Value] = []
    #expect(throws: FormatError.self) { try decoder.feed(Array("1\n2\nx\n".utf8), into: &out) }
    #expect(out == [1, 2])
  }

  @Test("a line that never ends is an error at the bound, with its line number")
  func ndjsonLineBound() throws {
    var decoder = NDJSONDecoder()
    var out: [Value] = []
    try decoder.feed(Array("1\n2\n".utf8), into: &out)
    let megabyte = [UInt8](repeating: UInt8(ascii: "7"), count: 1 << 20)
    var fed = 0
    let error = #expect(throws: FormatError.self) {
      while fed <= NDJSONDecoder.maxLineBytes {
        try decoder.feed(megabyte, into: &out)
        fed += megabyte.count
      }
    }
    #expect(fed == NDJSONDecoder.maxLineBytes, "the error comes at the bound, not before")
    #expect(error?.line == 3)
    #expect(error?.description == "invalid NDJSON at line 3: a line longer than 256 MiB")
    #expect(out == [1, 2])
  }

  @Test func toNDJSONKeepsStreamsLazy() async throws {
    let value = try await runFormats(#""{\"a\":1}\n{\"a\":2}" | from ndjson | to ndjson"#)
    #expect(value == .list(["{\"a\":1}", "{\"a\":2}"]))
  }

  // MARK: JSON

  @Test func fromJSONTypeError() async throws {
    await #expect(throws: RuntimeError.self) { _ = try await runFormats("[1] | from json") }
  }

  @Test func fromJSONErrorIsLocated() async throws {
    do {
      _ = try await runFormats("'{\"a\": }' | from json")
      Issue.record("expected an error")
    } catch let error as RuntimeError {
      #expect(
        error.value.message == "invalid JSON at line 1, column 7: expected a value, found '}'")
      #expect(error.value.file != nil)
    }
  }

  @Test func jsonRoundTripOfDatesAndDurations() async throws {
    let input = Value.record(
      Record([("d", .date(Date(timeIntervalSince1970: 0))), ("t", .duration(1_500_000_000))]))
    let value = try await evaluateFormats("$input | to json --raw", input: input)
    #expect(value == .string(#"{"d":"1970-01-01T00:00:00Z","t":1500000000}"#))
  }

  // MARK: CSV

  struct CSVCase: CustomTestStringConvertible, Sendable {
    let id: String
    let text: String
    let expected: [[String]]
    var testDescription: String { id }
  }

  static let csvCases: [CSVCase] = [
    CSVCase(id: "simple", text: "a,b\n1,2\n", expected: [["a", "b"], ["1", "2"]]),
    CSVCase(id: "no final newline", text: "a,b\n1,2", expected: [["a", "b"], ["1", "2"]]),
    CSVCase(id: "CRLF", text: "a,b\r\n1,2\r\n", expected: [["a", "b"], ["1", "2"]]),
    CSVCase(
      id: "quoted separator and quote", text: "\"a,b\",\"say \"\"hi\"\"\"\n",
      expected: [["a,b", "say \"hi\""]]),
    CSVCase(id: "quoted newline", text: "\"line1\nline2\",x\n", expected: [["line1\nline2", "x"]]),
    CSVCase(id: "empty fields", text: ",,\n", expected: [["", "", ""]]),
    CSVCase(id: "empty quoted field", text: "\"\",a\n", expected: [["", "a"]]),
    CSVCase(id: "BOM", text: "\u{FEFF}a\n1\n", expected: [["a"], ["1"]]),
    CSVCase(id: "blank input", text: "", expected: []),
  ]

  @Test(arguments: csvCases)
  func csvRows(_ c: CSVCase) throws {
    #expect(try CSVCodec.rows(c.text) == c.expected)
  }

  @Test func csvUnterminatedQuote() {
    #expect(throws: FormatError.self) { try CSVCodec.rows("a\n\"b,c\n") }
  }

  @Test func csvFuzzNeverCrashes() {
    let alphabet = Array("ab,;\"\r\n é".utf8)
    for _ in 0..<2000 {
      let bytes = (0..<Int.random(in: 0..<30)).map { _ in alphabet.randomElement() ?? 0 }
      _ = try? CSVCodec.decode(String(decoding: bytes, as: UTF8.self), infer: true)
    }
  }

  @Test func csvRoundTrip() throws {
    let items: [Value] = [
      .record(Record([("name", "a \"q\""), ("n", "1")])),
      .record(Record([("name", "x,y\nz"), ("n", " 2 ")])),
    ]
    let text = CSVCodec.encode(items)
    #expect(try CSVCodec.decode(text) == items)
  }

  @Test func csvColumnsAreTheUnionOfKeysInFirstSeenOrder() {
    let items: [Value] = [
      .record(Record([("b", 1), ("a", "x")])),
      .record(Record(keys: ["a", "c", "a"], values: [2, .null, 3])),
      .string("plain"),
      .record(Record([("c", .list([1, 2])), ("b", .bool(true))])),
    ]
    // Missing fields are empty, a repeated key keeps its first value, a non-record item
    // fills the `value` column only.
    #expect(
      CSVCodec.encode(items) == """
        b,a,c,value
        1,x,,
        ,2,,
        ,,,plain
        true,,"[1,2]",

        """)
    #expect(CSVCodec.encode(items, separator: ";", headers: false).hasPrefix("1;x;;\n;2;;\n"))
  }

  @Test func csvQuotesWhatWouldNotReadBack() {
    #expect(CSVCodec.quote("plain é", separator: ",") == "plain é")
    #expect(CSVCodec.quote("a,b", separator: ",") == "\"a,b\"")
    #expect(CSVCodec.quote("a,b", separator: ";") == "a,b")
    #expect(CSVCodec.quote("say \"hi\"", separator: ",") == "\"say \"\"hi\"\"\"")
    #expect(CSVCodec.quote("two\r\nlines", separator: ",") == "\"two\r\nlines\"")
    #expect(CSVCodec.quote(" padded", separator: ",") == "\" padded\"")
    #expect(CSVCodec.quote("x§y", separator: "§") == "\"x§y\"")
  }

  // MARK: YAML

  @Test func yamlKeysThatAreNotScalarsBecomeTheirText() throws {
    let v = try YAMLCodec.decode("? [a, b]\n: 1\n? {k: v}\n: 2\nplain: 3\n")
    guard case .record(let r) = v else {
      Issue.record("not a record: \(v)")
      return
    }
    #expect(r.count == 3)
    #expect(r.values == [1, 2, 3])
    #expect(r.keys[2] == "plain")
  }

  /// A key nested in a key is escaped once per level: a few hundred bytes would render to
  /// gigabytes of key text (found by the yaml fuzz target as a 25-second timeout).
  @Test func yamlNestedComplexKeysAreBounded() {
    let nested = String(repeating: "? ", count: 60) + "x\n"
    #expect {
      try YAMLCodec.decode(nested)
    } throws: { error in
      (error as? FormatError)?.reason.contains("not scalars render to more than") == true
    }
    #expect((try? YAMLCodec.decode(String(repeating: "? ", count: 4) + "x\n")) != nil)
  }

  @Test func yamlMappingsWithManyKeysKeepTheirOrder() throws {
    let text = (0..<2000).map { "k\($0): \($0)" }.joined(separator: "\n")
    guard case .record(let r) = try YAMLCodec.decode(text) else {
      Issue.record("not a record")
      return
    }
    #expect(r.keys == (0..<2000).map { "k\($0)" })
    #expect(r.values == (0..<2000).map { .int($0) })
  }

  /// Two complex keys can render to the same text; past the linear search's few keys, a
  /// repeated key still keeps its first position and takes the last value.
  @Test(arguments: [3, 40])
  func recordFromPairsKeepsFirstPositionAndLastValue(count: Int) {
    var pairs: [(String, Value)] = (0..<count).map { ("k\($0)", .int($0)) }
    pairs.append(("k1", "again"))
    let r = Record(pairs)
    #expect(r.count == count)
    #expect(r.keys[1] == "k1" && r["k1"] == "again")
    #expect(r.keys.last == "k\(count - 1)")
  }

  @Test func yamlScalarsAreTyped() throws {
    let v = try YAMLCodec.decode(
      "i: 1\nf: 1.5\nb: false\nn: null\ns: hello\nq: \"1\"\nt: 2026-11-23\n")
    #expect(
      v
        == .record(
          Record([
            ("i", 1), ("f", 1.5), ("b", false), ("n", .null), ("s", "hello"), ("q", "1"),
            ("t", "2026-11-23"),
          ])))
  }

  @Test func yamlRoundTripQuotesAmbiguousStrings() throws {
    let v = Value.record(
      Record([("a", "true"), ("b", "12"), ("c", ""), ("d", "null"), ("e", [1, "x"]), ("f", .null)]))
    #expect(try YAMLCodec.decode(try YAMLCodec.encode(v)) == v)
  }

  @Test func yamlErrorHasLocation() {
    do {
      _ = try YAMLCodec.decode("a: [1, 2\nb: 3\n")
      Issue.record("expected an error")
    } catch let error as FormatError {
      #expect(error.format == "YAML")
      #expect(error.line != nil)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  // MARK: SSE

  @Test func fromSSEOverChunkedStream() async throws {
    let text =
      "retry: 3000\nid: 1\ndata: {\"message\":\"a\"}\n\nid: 2\ndata: {\"message\":\"b\"}\n\ndata: cut"
    let input = FormatsChunkedInput(text, size: 5)
    let value = try await runFormats("$input | from sse", input: .stream(input.stream))
    #expect(
      JSONWriter.write(value, pretty: false)
        == #"[{"event":"message","data":"{\"message\":\"a\"}","id":"1","retry":3000},"#
        + #"{"event":"message","data":"{\"message\":\"b\"}","id":"2","retry":null}]"#)
  }
}
