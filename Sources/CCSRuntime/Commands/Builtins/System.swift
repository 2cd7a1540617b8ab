import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Commands for output, files, time, errors and generators.
enum SystemCommands {
  static var all: [any Command] {
    [print, echo, describe, env, sleep, open, save, doClosure, ignore, errorMake, seq, generate]
  }

  static let print = BuiltinCommand(
    "print", category: "system", summary: "Write values to standard output as text, one per line.",
    signature: Signature(
      rest: PositionalSpec("values", .any),
      flags: [
        FlagSpec("stderr", short: "e", nil, "write to standard error"),
        FlagSpec("no-newline", short: "n", nil, "no newline at the end"),
      ],
      input: "any", output: "nothing"),
    examples: [CommandExample("Print text", "print 'hello'", "null")]
  ) { call, input in
    var values = call.rest
    if values.isEmpty, input != .null { values = [input] }
    let sink = call.has("stderr") ? call.context.stderr : call.context.stdout
    for v in values {
      var v = v
      if case .stream(let s) = v { v = .list(try await s.collect()) }
      let text: String
      switch v {
      case .list, .record: text = JSONWriter.write(v, pretty: false)
      default: text = Render.plainText(v)
      }
      sink.write(text + (call.has("no-newline") ? "" : "\n"))
    }
    return .null
  }

  static let echo = BuiltinCommand(
    "echo", category: "system",
    summary: "Return the arguments: one value as is, several as a list.",
    signature: Signature(rest: PositionalSpec("values", .any), output: "any"),
    examples: [CommandExample("Echo", "echo a b", #"["a","b"]"#)]
  ) { call, _ in call.rest.count == 1 ? call.rest[0] : .list(call.rest) }

  static let describe = BuiltinCommand(
    "describe", category: "system",
    summary: "The type of the input, like `list<record>` or `stream`.",
    signature: Signature(input: "any", output: "string"),
    examples: [
      CommandExample("A record", "{a: 1} | describe", #""record<a: int>""#),
      CommandExample("A list", "[1 2] | describe", #""list<int>""#),
    ]
  ) { _, input in .string(describeType(input)) }

  static func describeType(_ v: Value) -> String {
    switch v {
    case .record(let r):
      let fields = r.prefix(8).map { "\($0.0): \(describeType($0.1))" }
      return "record<" + fields.joined(separator: ", ") + (r.count > 8 ? ", …" : "") + ">"
    case .list(let items):
      let types = Set(items.map(describeType))
      if types.isEmpty { return "list<any>" }
      return "list<" + (types.count == 1 ? types.first ?? "any" : "any") + ">"
    case .binary(let b): return "binary<\(b.mediaType)>"
    case .stream(let s): return s.isByteStream ? "stream<bytes>" : "stream"
    default: return v.typeName
    }
  }

  static let env = BuiltinCommand(
    "env", category: "system",
    summary: "The environment variables as a record (also available as $env).",
    signature: Signature(output: "record"),
    examples: [CommandExample("One variable", "env | get PATH? | describe", nil)]
  ) { call, _ in
    var r = Record()
    for k in call.context.environment.keys.sorted() {
      r[k] = .string(call.context.environment[k] ?? "")
    }
    return .record(r)
  }

  static let sleep = BuiltinCommand(
    "sleep", category: "system", summary: "Wait for a duration (Ctrl-C interrupts).",
    signature: Signature([PositionalSpec("duration", .duration)], output: "nothing"),
    examples: [CommandExample("Wait", "sleep 1ms", "null")]
  ) { call, _ in
    guard case .duration(let ns)? = call.value("duration") else { return .null }
    guard ns >= 0 else { throw call.error("cannot sleep a negative duration", at: "duration") }
    try await Task.sleep(nanoseconds: UInt64(ns))
    return .null
  }

  static let open = BuiltinCommand(
    "open", category: "files",
    summary:
      "Read a file: .json/.yaml/.csv/.ndjson are parsed, other text is a string, the rest binary.",
    signature: Signature(
      [PositionalSpec("path", .string)],
      flags: [FlagSpec("raw", short: "r", nil, "do not parse by extension")],
      output: "any"),
    examples: []
  ) { call, _ in
    let path = call.string("path") ?? ""
    let full = call.context.resolvePath(path)
    guard let data = FileManager.default.contents(atPath: full) else {
      let exists = FileManager.default.fileExists(atPath: full)
      throw call.error(
        "cannot open '\(path)': \(exists ? "permission denied or a directory" : "no such file")",
        at: "path", kind: "io")
    }
    let bytes = [UInt8](data)
    let ext = PathName.extension(of: path).lowercased()
    if !call.has("raw"),
      let parser = call.interpreter.registry.command(
        named: "from \(ext == "yml" ? "yaml" : (ext == "jsonl" ? "ndjson" : ext))")
    {
      var v = try await call.interpreter.run(
        parser, input: .string(String(decoding: bytes, as: UTF8.self)), at: call.range,
        in: call.file,
        scope: call.scope)
      if case .stream(let s) = v { v = .list(try await s.collect()) }
      return v
    }
    if let text = String(validating: bytes, as: UTF8.self) { return .string(text) }
    return .binary(Binary(bytes, mediaType: MediaType.forExtension(ext)))
  }

  static let save = BuiltinCommand(
    "save", category: "files",
    summary:
      "Write the input to a file: binary as bytes, strings as text, other values as JSON (or by extension).",
    signature: Signature(
      [PositionalSpec("path", .string)],
      flags: [
        FlagSpec("force", short: "f", nil, "overwrite an existing file"),
        FlagSpec("append", short: "a", nil, "append to the file"),
      ],
      input: "any", output: "nothing"),
    examples: []
  ) { call, input in
    let path = call.string("path") ?? ""
    let full = call.context.resolvePath(path)
    let fm = FileManager.default
    if fm.fileExists(atPath: full), !call.has("force"), !call.has("append") {
      throw call.error(
        "'\(path)' already exists", at: "path", kind: "io",
        notes: ["use --force to overwrite or --append to add to it"])
    }
    var value = input
    if case .stream(let s) = value {
      value =
        s.isByteStream
        ? .binary(Binary(try await value.collectBytes() ?? [])) : .list(try await s.collect())
    }
    let ext = PathName.extension(of: path).lowercased()
    var bytes: [UInt8]
    switch value {
    case .binary(let b): bytes = b.bytes
    case .string(let s): bytes = Array(s.utf8)
    default:
      if ["yaml", "yml", "csv", "ndjson"].contains(ext),
        let writer = call.interpreter.registry.command(named: "to \(ext == "yml" ? "yaml" : ext)")
      {
        var out = try await call.interpreter.run(
          writer, input: value, at: call.range, in: call.file, scope: call.scope)
        if case .stream(let s) = out {
          out = .string(try await s.collect().map(Render.plainText).joined(separator: "\n") + "\n")
        }
        bytes = Array(Render.plainText(out).utf8)
      } else {
        bytes = Array((JSONWriter.write(value, pretty: true) + "\n").utf8)
      }
    }
    if call.has("append"), fm.fileExists(atPath: full) {
      if let reason = FileDescriptors.append(bytes, toFileAt: full) {
        throw call.error("cannot write '\(path)': \(reason)", at: "path", kind: "io")
      }
      return .null
    }
    guard fm.createFile(atPath: full, contents: Data(bytes)) else {
      throw call.error("cannot write '\(path)'", at: "path", kind: "io")
    }
    return .null
  }

  static let doClosure = BuiltinCommand(
    "do", category: "system",
    summary: "Call a closure with arguments; the pipeline input is its $in.",
    signature: Signature(
      [PositionalSpec("closure", .closure)], rest: PositionalSpec("args", .any), input: "any",
      output: "any"),
    examples: [CommandExample("Call", "do {|a, b| $a + $b} 1 2", "3")]
  ) { call, input in
    guard case .closure(let c)? = call.value("closure") else { return .null }
    return try await call.call(c, call.rest, input: input)
  }

  static let ignore = BuiltinCommand(
    "ignore", category: "system", summary: "Consume the input and return nothing.",
    signature: Signature(input: "any", output: "nothing"),
    examples: [CommandExample("Ignore", "[1 2] | ignore", "null")]
  ) { _, input in
    if case .stream(let s) = input { while try await s.next() != nil {} }
    return .null
  }

  static let errorMake = BuiltinCommand(
    "error make", category: "system",
    summary: "Raise an error with a message (or a record {msg, …}).",
    signature: Signature(
      [PositionalSpec("error", .any, "a message or a record with msg/message")], output: "nothing"),
    examples: [
      CommandExample("Catch it", "try { error make 'boom' } catch {|e| $e.message }", #""boom""#)
    ]
  ) { call, _ in
    let v = call.value("error") ?? .null
    var message = Render.plainText(v)
    var details = Record()
    if case .record(let r) = v {
      message = (r["msg"] ?? r["message"]).map(Render.plainText) ?? "error"
      for (k, x) in r where k != "msg" && k != "message" { details[k] = x }
    }
    throw RuntimeError(message, at: call.range, in: call.file, kind: "user", details: details)
  }

  static let seq = BuiltinCommand(
    "seq", category: "generators",
    summary: "Numbers from start to end inclusive, lazily, with an optional step.",
    signature: Signature(
      [PositionalSpec("start", .int), PositionalSpec("end", .int)],
      flags: [FlagSpec("step", short: "s", .int, "increment", default: 1)], output: "stream"),
    examples: [
      CommandExample("Count", "seq 1 4", "[1,2,3,4]"),
      CommandExample("Step", "seq 10 0 --step -5", "[10,5,0]"),
    ]
  ) { call, _ in
    let start = call.int("start") ?? 0
    let end = call.int("end") ?? 0
    let step = call.int("step") ?? 1
    guard step != 0 else { throw call.error("--step must not be 0", at: "step") }
    var next: Int? = start
    return .stream(
      ValueStream {
        guard let current = next, step > 0 ? current <= end : current >= end else { return nil }
        // Past Int.max (or Int.min) the sequence ends instead of wrapping.
        let (following, overflow) = current.addingReportingOverflow(step)
        next = overflow ? nil : following
        return .int(current)
      })
  }

  static let generate = BuiltinCommand(
    "generate", category: "generators",
    summary:
      "An endless lazy stream: the initial value, then each value computed from the previous one (null ends it).",
    signature: Signature(
      [PositionalSpec("initial", .any), PositionalSpec("next", .closure, "{|prev| next value}")],
      output: "stream"),
    examples: [CommandExample("Powers of two", "generate 1 {|n| $n * 2} | first 5", "[1,2,4,8,16]")]
  ) { call, _ in
    guard case .closure(let c)? = call.value("next") else { return .null }
    let runner = ClosureRunner(c, call)
    // The closure runs only when the next value is asked for, never one ahead.
    var previous: Value?
    var done = false
    return .stream(
      ValueStream(live: true) {
        guard !done else { return nil }
        try Task.checkCancellation()
        guard let p = previous else {
          previous = call.arguments["initial"] ?? .null
          return previous
        }
        let next = try await runner.call(p)
        try Value.checkNesting(next)  // a stream's items nest in the list it may be collected into
        if case .null = next {
          done = true
          return nil
        }
        previous = next
        return next
      })
  }
}

/// Media types by file extension, for `open` and `save`.
public enum MediaType {
  /// The media type usually served for a file extension.
  public static func forExtension(_ ext: String) -> String {
    switch ext.lowercased() {
    case "pdf": "application/pdf"
    case "png": "image/png"
    case "jpg", "jpeg": "image/jpeg"
    case "gif": "image/gif"
    case "svg": "image/svg+xml"
    case "html", "htm": "text/html"
    case "json": "application/json"
    case "yaml", "yml": "application/yaml"
    case "zip": "application/zip"
    case "gz": "application/gzip"
    default: "application/octet-stream"
    }
  }
}
