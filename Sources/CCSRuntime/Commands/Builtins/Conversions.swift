import CCSLanguage
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `into …`: converting values between types.
enum ConversionCommands {
  static var all: [any Command] {
    [intoInt, intoFloat, intoString, intoBool, intoDatetime, intoDuration, intoRecord]
  }

  static func convert(
    _ call: CallFrame, _ input: Value, _ f: @escaping (Value) throws -> Value
  ) async throws -> Value {
    switch input {
    case .list, .stream: return try await FilterCommands.mapItems(input, f)
    default: return try f(input)
    }
  }

  static func fail(_ call: CallFrame, _ v: Value, _ to: String) -> RuntimeError {
    call.error("cannot convert \(v.typeName) \(Render.short(v)) into \(to)")
  }

  static let intoInt = BuiltinCommand(
    "into int", category: "conversions",
    summary: "Convert to an int (strings are parsed, floats truncated, durations in ns).",
    signature: Signature(input: "any", output: "int"),
    examples: [
      CommandExample("Parse", "'42' | into int", "42"),
      CommandExample("Truncate", "3.9 | into int", "3"),
    ]
  ) { call, input in
    try await convert(call, input) { v in
      switch v {
      case .int: return v
      case .float(let f):
        if let i = ValueLimits.integer(f) { return .int(i) }
        throw call.error(
          "cannot convert float \(Render.short(v)) into int: out of range",
          notes: ["ints run from \(Int.min) to \(Int.max)"])
      case .string(let s):
        if let i = Int(s.trimmingBlanks()) { return .int(i) }
        throw fail(call, v, "int")
      case .bool(let b): return .int(b ? 1 : 0)
      case .duration(let d), .size(let d): return .int(d)
      case .date(let d):
        guard let i = ValueLimits.integer(d.timeIntervalSince1970) else {
          throw fail(call, v, "int")
        }
        return .int(i)
      default: throw fail(call, v, "int")
      }
    }
  }

  static let intoFloat = BuiltinCommand(
    "into float", category: "conversions", summary: "Convert to a float.",
    signature: Signature(input: "any", output: "float"),
    examples: [CommandExample("Parse", "'2.5' | into float", "2.5")]
  ) { call, input in
    try await convert(call, input) { v in
      switch v {
      case .int(let i): return .float(Double(i))
      case .float: return v
      case .string(let s):
        if let d = Double(s.trimmingBlanks()) { return .float(d) }
        throw fail(call, v, "float")
      default: throw fail(call, v, "float")
      }
    }
  }

  static let intoString = BuiltinCommand(
    "into string", category: "conversions",
    summary: "Convert to text (structures become compact JSON).",
    signature: Signature(input: "any", output: "string"),
    examples: [
      CommandExample("Number", "42 | into string", #""42""#),
      CommandExample("Duration", "90sec | into string", #""1min 30sec""#),
    ]
  ) { call, input in
    if case .stream(let s) = input, s.isByteStream {
      return .string(try await input.collectText() ?? "")
    }
    return try await convert(call, input) { .string(Render.plainText($0)) }
  }

  static let intoBool = BuiltinCommand(
    "into bool", category: "conversions", summary: "Convert to a bool (\"true\"/\"false\", 0/1).",
    signature: Signature(input: "any", output: "bool"),
    examples: [CommandExample("Parse", "'true' | into bool", "true")]
  ) { call, input in
    try await convert(call, input) { v in
      switch v {
      case .bool: return v
      case .int(let i): return .bool(i != 0)
      case .string(let s) where ["true", "false"].contains(s.lowercased()):
        return .bool(s.lowercased() == "true")
      default: throw fail(call, v, "bool")
      }
    }
  }

  static let intoDatetime = BuiltinCommand(
    "into datetime", category: "conversions",
    summary: "Convert an ISO 8601 string or epoch seconds (int) into a date.",
    signature: Signature(
      flags: [FlagSpec("unit", .string, "for ints: s, ms, us or ns", default: "s")],
      input: "string|int", output: "date"),
    examples: [
      CommandExample("Parse", "'2026-11-23T10:00:00Z' | into datetime | into int", "1795428000")
    ]
  ) { call, input in
    let divisor: Double = ["ms": 1e3, "us": 1e6, "ns": 1e9][call.string("unit") ?? "s"] ?? 1
    func date(_ seconds: Double, _ v: Value) throws -> Value {
      guard let d = ValueLimits.date(secondsSince1970: seconds) else {
        throw call.error(
          "cannot convert \(v.typeName) \(Render.short(v)) into datetime: out of range",
          notes: ["dates run from year 1 to year 9999"])
      }
      return .date(d)
    }
    return try await convert(call, input) { v in
      switch v {
      case .date: return v
      case .string(let s):
        if let d = DateParsing.parse(s) { return .date(d) }
        throw call.error(
          "cannot parse \(Render.short(v)) as a date",
          notes: ["expected ISO 8601 like 2026-11-23T18:32:44Z"])
      case .int(let i): return try date(Double(i) / divisor, v)
      case .float(let f): return try date(f / divisor, v)
      default: throw fail(call, v, "datetime")
      }
    }
  }

  static let intoDuration = BuiltinCommand(
    "into duration", category: "conversions",
    summary: "Convert nanoseconds (int) or text like '5min' into a duration.",
    signature: Signature(input: "int|string", output: "duration"),
    examples: [
      CommandExample("Nanoseconds", "1000000000 | into duration | into string", #""1sec""#)
    ]
  ) { call, input in
    try await convert(call, input) { v in
      switch v {
      case .duration: return v
      case .int(let i): return .duration(i)
      case .string(let s):
        var lexer = Lexer(file: SourceFile(name: "<duration>", text: s))
        let tokens = lexer.tokenize()
        if lexer.diagnostics.isEmpty, tokens.count == 2, case .duration(let d) = tokens[0].kind {
          return .duration(d)
        }
        throw fail(call, v, "duration")
      default: throw fail(call, v, "duration")
      }
    }
  }

  static let intoRecord = BuiltinCommand(
    "into record", category: "conversions",
    summary: "Convert a list of [key value] pairs or {key, value} rows into a record.",
    signature: Signature(input: "list", output: "record"),
    examples: [CommandExample("Pairs", "[[a 1] [b 2]] | into record", #"{"a":1,"b":2}"#)]
  ) { call, input in
    var r = Record()
    for item in try await input.collectList() {
      switch item {
      case .list(let pair) where pair.count == 2:
        r[Render.plainText(pair[0])] = pair[1]
      case .record(let row) where row["key"] != nil:
        r[Render.plainText(row["key"] ?? .null)] = row["value"] ?? .null
      default:
        throw call.error("'into record' needs [key value] pairs, found \(item.typeName)")
      }
    }
    return .record(r)
  }
}
