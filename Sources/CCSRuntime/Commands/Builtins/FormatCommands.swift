/// The `from …` and `to …` commands: reading and writing JSON, NDJSON, YAML, CSV, SSE and
/// tables. See `docs/formats.md` for the type mapping.
public enum FormatCommands {
  /// Every format command, to register in a `CommandRegistry`.
  public static var all: [any Command] {
    [
      fromJSON, fromNDJSON, fromYAML, fromCSV, fromSSE, toJSON, toNDJSON, toYAML, toCSV,
      toTable,
    ]
  }

  // MARK: - from

  static let fromJSON = BuiltinCommand(
    "from json", category: "formats", summary: "Parse JSON text into a value.",
    details: """
      The whole input is one JSON document: objects become records (key order kept), arrays \
      lists, integers that fit in 64 bits ints, other numbers floats. Blank input is null.
      """,
    signature: Signature(input: "string|binary", output: "any"),
    examples: [
      CommandExample(
        "Parse an object", #"'{"name": "web", "tags": ["a", "b"], "port": 8080}' | from json"#,
        #"{"name":"web","tags":["a","b"],"port":8080}"#),
      CommandExample("Numbers keep their kind", "'[1, 2.5, -3e2]' | from json", "[1,2.5,-300.0]"),
    ]
  ) { call, input in
    let bytes = try await inputBytes(call, input)
    if bytes.allSatisfy({ JSONCursor.isWhitespace($0) }) { return .null }
    return try located(call) { try JSONReader.parse(bytes) }
  }

  static let fromNDJSON = BuiltinCommand(
    "from ndjson", category: "formats",
    summary: "Parse newline-delimited JSON into a lazy stream of values.",
    details: """
      One JSON value per line; LF or CRLF line ends, blank lines skipped. The input is read \
      chunk by chunk and never collected, so files of any size stream in constant memory. A \
      stream of strings is read as one or more lines per item.
      """,
    signature: Signature(input: "string|binary|stream", output: "stream"),
    examples: [
      CommandExample(
        "Parse two lines", #""{\"n\": 1}\n\n{\"n\": 2}\r\n" | from ndjson"#,
        #"[{"n":1},{"n":2}]"#)
    ]
  ) { call, input in
    let chunks = try chunkSource(call, input, itemSeparator: [0x0A])
    var parallel = false
    if case .stream(let s) = input, s.isByteStream { parallel = true }
    let batches = NDJSONBatches(chunks, parallel: parallel)
    var failure: (any Error)?
    var done = false
    return .stream(
      ValueStream(
        live: input.isLiveStream,
        batches: {
          if let error = failure {
            failure = nil
            throw locate(call, error)
          }
          if done { return nil }
          let batch = await batches.next()
          failure = batch.error
          done = batch.isLast
          return batch.values
        },
        onCancel: { batches.cancel() }))
  }

  static let fromYAML = BuiltinCommand(
    "from yaml", category: "formats", summary: "Parse YAML text into a value.",
    details: """
      Plain scalars are typed (ints, floats, bools, null); quoted scalars and timestamps stay \
      strings. Several documents separated by `---` read as a list.
      """,
    signature: Signature(input: "string|binary", output: "any"),
    examples: [
      CommandExample(
        "Parse a mapping",
        #""name: web\nport: 8080\ntags: [a, b]\non: true\nnote: '42'" | from yaml"#,
        #"{"name":"web","port":8080,"tags":["a","b"],"on":true,"note":"42"}"#),
      CommandExample("Several documents", #""a: 1\n---\na: 2" | from yaml"#, #"[{"a":1},{"a":2}]"#),
    ]
  ) { call, input in
    let text = String(decoding: try await inputBytes(call, input), as: UTF8.self)
    return try located(call) { try YAMLCodec.decode(text) }
  }

  static let fromCSV = BuiltinCommand(
    "from csv", category: "formats", summary: "Parse CSV text into a list of records.",
    details: """
      RFC 4180: the first row names the columns; quoted fields may hold separators, quotes \
      (doubled) and line breaks. Fields stay strings unless --infer is given.
      """,
    signature: Signature(
      flags: [
        FlagSpec(
          "separator", short: "s", .string, "the field separator (one character)", default: ","),
        FlagSpec(
          "noheaders", short: "n", nil, "the first row is data; columns are column1, column2…"),
        FlagSpec("infer", nil, "type ints, floats and true/false; empty fields become null"),
      ],
      input: "string|binary", output: "list"),
    examples: [
      CommandExample(
        "Parse with a header", #""name,port\nweb,8080\n\"db, main\",5432\n" | from csv"#,
        #"[{"name":"web","port":"8080"},{"name":"db, main","port":"5432"}]"#),
      CommandExample(
        "Infer types, no header", #""web;8080;true;\n" | from csv --noheaders --infer -s ";""#,
        #"[{"column1":"web","column2":8080,"column3":true,"column4":null}]"#),
    ]
  ) { call, input in
    let text = String(decoding: try await inputBytes(call, input), as: UTF8.self)
    let separator = try separatorFlag(call)
    let records = try located(call) {
      try CSVCodec.decode(
        text, separator: separator, headers: !call.has("noheaders"), infer: call.has("infer"))
    }
    return .list(records)
  }

  static let fromSSE = BuiltinCommand(
    "from sse", category: "formats",
    summary: "Parse a Server-Sent-Events body into a lazy stream of events.",
    details: """
      Yields records {event, data, id, retry}: event is "message" when unnamed, id the last \
      event id in effect (null when none), retry the `retry:` value of the event's own block \
      (null otherwise). data stays text (decode it with `from json`). An unterminated final \
      event is dropped, as browsers do.
      """,
    signature: Signature(input: "string|binary|stream", output: "stream"),
    examples: [
      CommandExample(
        "Two events, one named",
        #""retry: 3000\nid: 7\ndata: {\"a\":1}\n\nevent: END\ndata: bye\n\n" | from sse"#,
        #"[{"event":"message","data":"{\"a\":1}","id":"7","retry":3000},"#
          + #"{"event":"END","data":"bye","id":"7","retry":null}]"#)
    ]
  ) { call, input in
    let chunks = try chunkSource(call, input, itemSeparator: nil)
    var parser = SSEParser()
    var pending: [SSEEvent] = []
    var index = 0
    var done = false
    return .stream(
      ValueStream(
        live: input.isLiveStream,
        next: {
          while true {
            if index < pending.count {
              index += 1
              return .record(pending[index - 1].record)
            }
            pending.removeAll(keepingCapacity: true)
            index = 0
            if done { return nil }
            do {
              if let chunk = try await chunks.next() {
                pending = try parser.feed(chunk)
              } else {
                done = true
                pending = parser.finish()
              }
            } catch {
              done = true
              throw locate(call, error)
            }
          }
        },
        onCancel: { chunks.cancel() }))
  }

  // MARK: - to

  static let toJSON = BuiltinCommand(
    "to json", category: "formats", summary: "Write the input as JSON text.",
    details: """
      Pretty-printed with 2-space indent by default. Streams are collected into an array. \
      Dates become ISO 8601 strings, durations nanoseconds, sizes bytes, binary base64.
      """,
    signature: Signature(
      flags: [
        FlagSpec("raw", short: "r", nil, "compact output on one line"),
        FlagSpec("indent", short: "i", .int, "spaces per indent level", default: 2),
      ],
      input: "any", output: "string"),
    examples: [
      CommandExample(
        "Compact", "{a: 1, b: [true, null]} | to json --raw", #""{\"a\":1,\"b\":[true,null]}""#),
      CommandExample("Pretty", "{a: [1]} | to json", #""{\n  \"a\": [\n    1\n  ]\n}""#),
      CommandExample("Indent 4", "{a: 1} | to json --indent 4", #""{\n    \"a\": 1\n}""#),
    ]
  ) { call, input in
    let value = try await collected(input)
    let indent = call.int("indent") ?? 2
    guard indent >= 0, indent <= 16 else {
      throw call.error("--indent must be between 0 and 16, found \(indent)", at: "indent")
    }
    return .string(JSONWriter.write(value, pretty: !call.has("raw"), indent: indent))
  }

  static let toNDJSON = BuiltinCommand(
    "to ndjson", category: "formats", summary: "Write each item as one line of compact JSON.",
    details: """
      A list (or single value) becomes one string, every line ending in a newline. A stream \
      stays lazy: it becomes a stream of line strings (without newlines), one per item.
      """,
    signature: Signature(input: "any", output: "string|stream"),
    examples: [
      CommandExample("A list", "[{a: 1}, 2, \"x\"] | to ndjson", #""{\"a\":1}\n2\n\"x\"\n""#)
    ]
  ) { _, input in
    switch input {
    case .stream(let upstream):
      return .stream(
        ValueStream(
          live: upstream.isLive,
          next: {
            guard let item = try await upstream.next() else { return nil }
            return .string(JSONWriter.write(item, pretty: false))
          },
          onCancel: { upstream.cancel() }))
    case .list(let items):
      var out = ""
      for item in items {
        JSONWriter.append(item, to: &out, pretty: false, indent: 0, level: 0)
        out += "\n"
      }
      return .string(out)
    default:
      return .string(JSONWriter.write(input, pretty: false) + "\n")
    }
  }

  static let toYAML = BuiltinCommand(
    "to yaml", category: "formats", summary: "Write the input as a YAML document.",
    details: """
      Streams are collected into a sequence. Strings that would read back as another type \
      (`"42"`, `"true"`) are quoted.
      """,
    signature: Signature(input: "any", output: "string"),
    examples: [
      CommandExample(
        "A record", "{name: web, port: 8080, tags: [a], note: \"42\"} | to yaml",
        #""name: web\nport: 8080\ntags:\n- a\nnote: \"42\"\n""#)
    ]
  ) { call, input in
    let value = try await collected(input)
    return .string(try located(call) { try YAMLCodec.encode(value) })
  }

  static let toCSV = BuiltinCommand(
    "to csv", category: "formats", summary: "Write a list of records as CSV text.",
    details: """
      The header is the union of the records' keys in first-seen order. Fields are quoted when \
      they hold the separator, a quote or a line break; null is an empty field; lists and \
      records are written as compact JSON; rows end with a newline.
      """,
    signature: Signature(
      flags: [
        FlagSpec(
          "separator", short: "s", .string, "the field separator (one character)", default: ","),
        FlagSpec("noheaders", short: "n", nil, "leave out the header row"),
      ],
      input: "list|record|stream", output: "string"),
    examples: [
      CommandExample(
        "Union of keys", "[{name: web, port: 80}, {name: \"db, main\", tags: [a]}] | to csv",
        #""name,port,tags\nweb,80,\n\"db, main\",,\"[\"\"a\"\"]\"\n""#)
    ]
  ) { call, input in
    let separator = try separatorFlag(call)
    let items = try await input.collectList()
    return .string(CSVCodec.encode(items, separator: separator, headers: !call.has("noheaders")))
  }

  static let toTable = BuiltinCommand(
    "to table", category: "formats", summary: "Render the input as a text table.",
    details: """
      Lists of records become tables (an index column, then the union of keys), records a \
      key/value view, lists of scalars an indexed list. Cells are cut with … to fit --width \
      (default: the terminal width), dropping rightmost columns when needed. Colors follow the \
      terminal settings. The text of fields named like secrets (accessToken, client_secret, \
      password…) shows as ••••••; --show-secrets shows it, as do `get FIELD` and the JSON formats.
      """,
    signature: Signature(
      flags: [
        FlagSpec("width", short: "w", .int, "the width to fit, in columns"),
        FlagSpec("ascii", nil, "draw borders with ASCII characters only"),
        FlagSpec(
          "show-secrets", nil,
          "show the text of fields named like secrets (accessToken, password…), masked by default"),
      ],
      input: "any", output: "string"),
    examples: [
      CommandExample(
        "A list of records", "[{name: web, port: 80}] | to table --ascii",
        #""+---+------+------+\n| # | name | port |\n+---+------+------+\n"#
          + #"| 0 | web  |   80 |\n+---+------+------+""#)
    ]
  ) { call, input in
    let value = try await collected(input)
    let width = call.int("width") ?? call.context.terminalWidth
    return .string(
      TableRenderer.render(
        value, width: width, color: call.context.color,
        style: call.has("ascii") ? .ascii : .unicode,
        showSecrets: call.has("show-secrets")))
  }

  // MARK: - Helpers

  /// The input as bytes, or a type error naming the command.
  static func inputBytes(_ call: CallFrame, _ input: Value) async throws -> [UInt8] {
    if case .null = input { return [] }
    if case .stream(let s) = input, !s.isByteStream {
      var out: [UInt8] = []
      while let item = try await s.next() {
        switch item {
        case .string(let t): out.append(contentsOf: t.utf8)
        case .binary(let b): out.append(contentsOf: b.bytes)
        default:
          s.cancel()
          throw call.error(
            "'\(call.name)' expects text or bytes, found a stream of \(item.typeName)", kind: "type"
          )
        }
      }
      return out
    }
    guard let bytes = try await input.collectBytes() else {
      throw call.error(
        "'\(call.name)' expects text or bytes, found \(input.typeName)", kind: "type")
    }
    return bytes
  }

  static func chunkSource(
    _ call: CallFrame, _ input: Value, itemSeparator: [UInt8]?
  ) throws
    -> ByteChunks
  {
    guard let chunks = ByteChunks(input, itemSeparator: itemSeparator) else {
      throw call.error(
        "'\(call.name)' expects text or bytes, found \(input.typeName)", kind: "type")
    }
    return chunks
  }

  /// The input with a stream collected into a list.
  static func collected(_ input: Value) async throws -> Value {
    if case .stream(let s) = input { return .list(try await s.collect()) }
    return input
  }

  static func separatorFlag(_ call: CallFrame) throws -> Character {
    let text = call.string("separator") ?? ","
    guard text.count == 1, let c = text.first, c.isASCII else {
      throw call.error(
        "--separator must be one ASCII character, found \"\(text)\"", at: "separator")
    }
    return c
  }

  /// Runs `body`, turning a `FormatError` into a runtime error located at the call.
  static func located<T>(_ call: CallFrame, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw locate(call, error)
    }
  }

  static func locate(_ call: CallFrame, _ error: any Error) -> any Error {
    guard let format = error as? FormatError else { return error }
    return call.error(format.description, kind: "format")
  }
}

extension SSEEvent {
  /// The event as `from sse` yields it: `{event, data, id, retry}`.
  public var record: Record {
    Record(
      keys: ["event", "data", "id", "retry"],
      values: [
        .string(event), .string(data), id.map(Value.string) ?? .null, retry.map(Value.int) ?? .null,
      ])
  }
}

extension Value {
  /// Whether this is a stream that may never end.
  fileprivate var isLiveStream: Bool {
    if case .stream(let s) = self { return s.isLive }
    return false
  }
}
