import Testing

@testable import CCSRuntime

@Suite("SSEParser")
struct SSEParserTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let id: String
    let input: String
    let expected: [SSEEvent]
    var testDescription: String { id }
  }

  static let cases: [Case] = [
    // WHATWG HTML §9.2.5 examples.
    Case(
      id: "spec: stock ticker data lines", input: "data: YHOO\ndata: +2\ndata: 10\n\n",
      expected: [SSEEvent(data: "YHOO\n+2\n10")]),
    Case(
      id: "spec: comment, ids, persistence",
      input:
        ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
      expected: [
        SSEEvent(data: "first event", id: "1"), SSEEvent(data: "second event", id: nil),
        SSEEvent(data: " third event", id: nil),
      ]),
    Case(
      id: "spec: empty data lines", input: "data\n\ndata\ndata\n\ndata:",
      expected: [SSEEvent(data: ""), SSEEvent(data: "\n")]),
    Case(
      id: "spec: space after colon optional", input: "data:test\n\ndata: test\n\n",
      expected: [SSEEvent(data: "test"), SSEEvent(data: "test")]),
    Case(
      id: "named event", input: "event: add\ndata: 73857293\n\n",
      expected: [SSEEvent(event: "add", data: "73857293")]),
    Case(
      id: "CR line endings", input: "data: a\revent: e\r\r",
      expected: [SSEEvent(event: "e", data: "a")]),
    Case(
      id: "CRLF line endings", input: "data: a\r\ndata: b\r\n\r\n",
      expected: [SSEEvent(data: "a\nb")]),
    Case(
      id: "mixed line endings", input: "data: a\rdata: b\ndata: c\r\n\n",
      expected: [SSEEvent(data: "a\nb\nc")]),
    Case(id: "leading BOM stripped", input: "\u{FEFF}data: x\n\n", expected: [SSEEvent(data: "x")]),
    Case(id: "second BOM kept", input: "\u{FEFF}\u{FEFF}data: x\n\n", expected: []),
    Case(
      id: "unterminated event dropped", input: "data: a\n\ndata: b\n",
      expected: [SSEEvent(data: "a")]),
    Case(
      id: "event without data not dispatched", input: "event: x\n\ndata: y\n\n",
      expected: [SSEEvent(data: "y")]),
    Case(
      id: "id persists and can be reset", input: "id: 5\ndata: a\n\ndata: b\n\nid\ndata: c\n\n",
      expected: [SSEEvent(data: "a", id: "5"), SSEEvent(data: "b", id: "5"), SSEEvent(data: "c")]),
    Case(
      id: "id with NUL ignored", input: "id: 1\n\nid: a\u{0}b\ndata: x\n\n",
      expected: [SSEEvent(data: "x", id: "1")]),
    Case(
      id: "retry digits only", input: "retry: 10x\ndata: a\n\nretry: 250\ndata: b\n\ndata: c\n\n",
      expected: [SSEEvent(data: "a"), SSEEvent(data: "b", retry: 250), SSEEvent(data: "c")]),
    Case(
      id: "unknown field ignored", input: "foo: bar\ndata: a\n\n", expected: [SSEEvent(data: "a")]),
    Case(
      id: "field value with colons", input: "data: a: b:c\n\n", expected: [SSEEvent(data: "a: b:c")]
    ),
    Case(id: "utf8 data", input: "data: héllo 😀\n\n", expected: [SSEEvent(data: "héllo 😀")]),
    Case(
      id: "Clever Cloud application log stream",
      input: """
        event: HEARTBEAT
        data: {}

        id: 1700000000000-0
        event: APPLICATION_LOG
        data: {"id":"l1","message":"started","severity":"INFO"}

        event: END_OF_STREAM
        data: {"endedBy":"UNTIL_REACHED"}


        """,
      expected: [
        SSEEvent(event: "HEARTBEAT", data: "{}"),
        SSEEvent(
          event: "APPLICATION_LOG", data: #"{"id":"l1","message":"started","severity":"INFO"}"#,
          id: "1700000000000-0"),
        SSEEvent(
          event: "END_OF_STREAM", data: #"{"endedBy":"UNTIL_REACHED"}"#, id: "1700000000000-0"),
      ]),
    Case(
      id: "Cloudron task log stream",
      input: """
        retry: 3000
        id: 1694092715000000
        data: {"realtimeTimestamp":1694092715000000,"message":"Checking certs","source":"364"}

        id: undefined
        data: {"realtimeTimestamp":1694092716000000,"message":"done","source":"364"}


        """,
      expected: [
        SSEEvent(
          data:
            #"{"realtimeTimestamp":1694092715000000,"message":"Checking certs","source":"364"}"#,
          id: "1694092715000000", retry: 3000),
        SSEEvent(
          data: #"{"realtimeTimestamp":1694092716000000,"message":"done","source":"364"}"#,
          id: "undefined"),
      ]),
  ]

  @Test(arguments: cases)
  func parsesWhole(_ c: Case) throws {
    var parser = SSEParser()
    var events = try parser.feed(Array(c.input.utf8))
    events += parser.finish()
    #expect(events == c.expected)
  }

  /// Splitting the input into two chunks at every byte offset gives the same events.
  @Test(arguments: cases)
  func parsesSplitAtEveryOffset(_ c: Case) throws {
    let bytes = Array(c.input.utf8)
    for split in 0...bytes.count {
      var parser = SSEParser()
      var events = try parser.feed(bytes[0..<split])
      events += try parser.feed(bytes[split...])
      events += parser.finish()
      #expect(events == c.expected, "split at \(split)")
    }
  }

  @Test(arguments: cases)
  func parsesByteByByte(_ c: Case) throws {
    var parser = SSEParser()
    var events: [SSEEvent] = []
    for b in c.input.utf8 { events += try parser.feed([b]) }
    #expect(events == c.expected)
  }

  @Test func crAndLFInSeparateChunksIsOneLineEnd() throws {
    var parser = SSEParser()
    #expect(try parser.feed(Array("data: a\r".utf8)).isEmpty)
    #expect(try parser.feed(Array("\ndata: b\r".utf8)).isEmpty)
    #expect(try parser.feed(Array("\n\r\n".utf8)) == [SSEEvent(data: "a\nb")])
  }

  @Test func randomBytesNeverCrash() throws {
    let alphabet = Array("data:event:id:retry: 12\r\n\0é".utf8) + [0xEF, 0xBB, 0xBF, 0xFF]
    for _ in 0..<2000 {
      var parser = SSEParser()
      let bytes = (0..<Int.random(in: 0..<60)).map { _ in alphabet.randomElement() ?? 0 }
      for event in try parser.feed(bytes) { #expect(!event.event.isEmpty) }
      #expect(parser.finish().isEmpty)
    }
  }

  /// Random input gives the same events whole, byte by byte and in random chunks.
  @Test func chunkingNeverChangesTheEvents() throws {
    let alphabet = Array("data:event:id:retry: 12x\r\n\r\n\n".utf8) + [0xEF, 0xBB, 0xBF]
    for _ in 0..<2000 {
      let bytes = (0..<Int.random(in: 0..<80)).map { _ in alphabet.randomElement() ?? 0 }
      var whole = SSEParser()
      let expected = try whole.feed(bytes)
      var single = SSEParser()
      let byByte = try bytes.flatMap { try single.feed([$0]) }
      var chunked = SSEParser()
      var events: [SSEEvent] = []
      var start = 0
      while start < bytes.count {
        let end = min(bytes.count, start + Int.random(in: 1...7))
        events += try chunked.feed(bytes[start..<end])
        start = end
      }
      #expect(byByte == expected, "\(bytes)")
      #expect(events == expected, "\(bytes)")
    }
  }

  @Test(
    "an event past the bound is an error, and the events after it still read",
    arguments: [
      // One line that never ends.
      [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20),
      // Data lines of one event that never ends.
      Array("data: ".utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: (1 << 20) - 7) + [0x0A],
    ])
  func eventBound(_ piece: [UInt8]) throws {
    var parser = SSEParser()
    var fed = 0
    #expect(try parser.feed(Array("data: before\n\n".utf8)) == [SSEEvent(data: "before")])
    #expect(throws: FormatError.self) {
      while fed <= SSEParser.maxEventBytes {
        _ = try parser.feed(piece)
        fed += piece.count
      }
    }
    #expect(fed >= SSEParser.maxEventBytes - piece.count, "the error comes at the bound")
    #expect(try parser.feed(Array("\n\ndata: after\n\n".utf8)) == [SSEEvent(data: "after")])
  }

  @Test func exposesLastIDAndRetry() throws {
    var parser = SSEParser()
    _ = try parser.feed(Array("retry: 3000\n\nid: 9\n\n".utf8))
    #expect(parser.reconnectionTime == 3000)
    #expect(parser.lastEventID == "9")
    #expect(parser.finish() == [])
  }
}
