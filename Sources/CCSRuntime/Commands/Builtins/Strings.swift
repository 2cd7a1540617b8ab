import CCSRegex
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Commands on strings.
enum StringCommands {
  static var all: [any Command] {
    [lines, split, join, upcase, downcase, trim, replace, contains, strLength, substring]
  }

  static func eachString(
    _ call: CallFrame, _ input: Value, _ f: @escaping (String) throws -> Value
  ) async throws -> Value {
    switch input {
    case .string(let s): return try f(s)
    case .list, .stream:
      return try await FilterCommands.mapItems(input) { item in
        guard case .string(let s) = item else {
          throw call.error("'\(call.name)' needs strings, found \(item.typeName)")
        }
        return try f(s)
      }
    default:
      if let text = try await input.collectText() { return try f(text) }
      throw call.error("'\(call.name)' needs a string, found \(input.typeName)")
    }
  }

  static let lines = BuiltinCommand(
    "lines", category: "strings", summary: "Split text into lines (lazily for a byte stream).",
    signature: Signature(input: "string|binary", output: "list|stream"),
    examples: [CommandExample("Lines", "\"a\\nb\\n\" | lines", #"["a","b"]"#)]
  ) { call, input in
    if case .stream(let upstream) = input, upstream.isByteStream {
      var buffer: [UInt8] = []
      var pending: [String] = []
      var done = false
      return .stream(
        ValueStream(
          live: upstream.isLive,
          next: {
            while pending.isEmpty {
              if done { return nil }
              if let chunk = try await upstream.next() {
                if case .binary(let b) = chunk {
                  buffer.append(contentsOf: b.bytes)
                } else {
                  buffer.append(contentsOf: Array(Render.plainText(chunk).utf8))
                }
                var start = 0
                for i in buffer.indices where buffer[i] == 10 {
                  var end = i
                  if end > start, buffer[end - 1] == 13 { end -= 1 }
                  pending.append(String(decoding: buffer[start..<end], as: UTF8.self))
                  start = i + 1
                }
                buffer.removeFirst(start)
              } else {
                done = true
                if !buffer.isEmpty { pending.append(String(decoding: buffer, as: UTF8.self)) }
                buffer = []
              }
            }
            return .string(pending.removeFirst())
          }, onCancel: { upstream.cancel() }))
    }
    guard let text = try await input.collectText() else {
      throw call.error("'lines' needs text, found \(input.typeName)")
    }
    // Split on scalars: as Characters, "\r\n" is one grapheme that never equals "\n".
    var parts = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.last == "\r" ? String($0.dropLast()) : String($0)
    }
    if parts.last == "" { parts.removeLast() }
    return .list(parts.map(Value.string))
  }

  static let split = BuiltinCommand(
    "split", category: "strings", summary: "Split a string on a separator.",
    signature: Signature([PositionalSpec("separator", .string)], input: "string", output: "list"),
    examples: [CommandExample("Split", "'a,b,c' | split ','", #"["a","b","c"]"#)]
  ) { call, input in
    let sep = call.string("separator") ?? " "
    return try await eachString(call, input) { s in
      guard !sep.isEmpty else { return .list(s.map { .string(String($0)) }) }
      return .list(s.components(separatedBy: sep).map(Value.string))
    }
  }

  static let join = BuiltinCommand(
    "str join", category: "strings", summary: "Join items into one string with a separator.",
    signature: Signature(
      [PositionalSpec("separator", .string, default: "")], input: "list|stream", output: "string"),
    examples: [CommandExample("Join", "[a b c] | str join '-'", #""a-b-c""#)]
  ) { call, input in
    let sep = call.string("separator") ?? ""
    return .string(try await input.collectList().map(Render.plainText).joined(separator: sep))
  }

  static let upcase = BuiltinCommand(
    "str upcase", category: "strings", summary: "Upper-case a string.",
    signature: Signature(input: "string", output: "string"),
    examples: [CommandExample("Upcase", "'abc' | str upcase", #""ABC""#)]
  ) { call, input in try await eachString(call, input) { .string($0.uppercased()) } }

  static let downcase = BuiltinCommand(
    "str downcase", category: "strings", summary: "Lower-case a string.",
    signature: Signature(input: "string", output: "string"),
    examples: [CommandExample("Downcase", "'ABC' | str downcase", #""abc""#)]
  ) { call, input in try await eachString(call, input) { .string($0.lowercased()) } }

  static let trim = BuiltinCommand(
    "str trim", category: "strings", summary: "Remove surrounding whitespace.",
    signature: Signature(input: "string", output: "string"),
    examples: [CommandExample("Trim", "'  x ' | str trim", #""x""#)]
  ) { call, input in
    try await eachString(call, input) {
      .string($0.trimmingWhitespace())
    }
  }

  static let replace = BuiltinCommand(
    "str replace", category: "strings",
    summary: "Replace occurrences of a pattern (a regex with --regex).",
    signature: Signature(
      [PositionalSpec("find", .string), PositionalSpec("replacement", .string)],
      flags: [FlagSpec("regex", short: "r", nil, "treat find as a regular expression")],
      input: "string", output: "string"),
    examples: [
      CommandExample("Replace", "'a-b-c' | str replace '-' '+'", #""a+b+c""#),
      CommandExample("Regex", "'v1.2.3' | str replace --regex '[0-9]' 'N'", #""vN.N.N""#),
    ]
  ) { call, input in
    let find = call.string("find") ?? ""
    let repl = call.string("replacement") ?? ""
    if call.has("regex") {
      let re = try RegexCache.shared.compile(find, range: call.range(of: "find"), file: call.file)
      let template = try RegexCache.template(
        repl, for: re, range: call.range(of: "replacement"), file: call.file)
      return try await eachString(call, input) { s in
        .string(try re.replacing(in: s, with: template))
      }
    }
    return try await eachString(call, input) {
      .string($0.replacing(find, with: repl))
    }
  }

  static let contains = BuiltinCommand(
    "str contains", category: "strings", summary: "Whether a string contains a substring.",
    signature: Signature(
      [PositionalSpec("substring", .string)],
      flags: [FlagSpec("ignore-case", short: "i", nil, "case-insensitive")], input: "string",
      output: "bool"),
    examples: [CommandExample("Contains", "'hello' | str contains ell", "true")]
  ) { call, input in
    let sub = call.string("substring") ?? ""
    let fold = call.has("ignore-case")
    return try await eachString(call, input) { s in
      .bool(fold ? s.containsIgnoringCase(sub) : s.contains(sub))
    }
  }

  static let strLength = BuiltinCommand(
    "str length", category: "strings", summary: "The number of characters.",
    signature: Signature(input: "string", output: "int"),
    examples: [CommandExample("Length", "'abc' | str length", "3")]
  ) { call, input in try await eachString(call, input) { .int($0.count) } }

  static let substring = BuiltinCommand(
    "str substring", category: "strings",
    summary: "The characters from start (inclusive) to end (exclusive).",
    signature: Signature(
      [PositionalSpec("start", .int), PositionalSpec("end", .int, optional: true)], input: "string",
      output: "string"),
    examples: [CommandExample("Substring", "'abcdef' | str substring 1 3", #""bc""#)]
  ) { call, input in
    let start = call.int("start") ?? 0
    let end = call.int("end")
    return try await eachString(call, input) { s in
      let chars = Array(s)
      let a = Swift.max(0, Swift.min(start, chars.count))
      let b = Swift.max(a, Swift.min(end ?? chars.count, chars.count))
      return .string(String(chars[a..<b]))
    }
  }
}
