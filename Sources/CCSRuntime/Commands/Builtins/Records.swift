import CCSLanguage

/// Commands that reshape records.
enum RecordCommands {
  static var all: [any Command] {
    [columns, values, insert, update, upsert, merge, rename, transpose, wrap]
  }

  static let columns = BuiltinCommand(
    "columns", category: "records",
    summary: "The field names of a record, or of the records in a list.",
    signature: Signature(input: "record|list", output: "list"),
    examples: [CommandExample("Field names", "{a: 1, b: 2} | columns", #"["a","b"]"#)]
  ) { call, input in
    if case .record(let r) = input { return .list(r.keys.map(Value.string)) }
    return .list(ColumnLayout(try await input.collectList()).columns.map(Value.string))
  }

  static let values = BuiltinCommand(
    "values", category: "records", summary: "The field values of a record.",
    signature: Signature(input: "record", output: "list"),
    examples: [CommandExample("Values", "{a: 1, b: 2} | values", "[1,2]")]
  ) { call, input in
    guard case .record(let r) = input else {
      throw call.error("'values' needs a record, found \(input.typeName)")
    }
    return .list(r.values)
  }

  static func setField(_ call: CallFrame, _ input: Value, mode: String) async throws -> Value {
    let field = call.string("field") ?? ""
    let newValue = call.value("value") ?? .null
    var runner: ClosureRunner?
    if case .closure(let c) = newValue { runner = ClosureRunner(c, call) }
    func apply(_ r: Record) async throws -> Value {
      let exists = r[field] != nil
      if mode == "insert", exists {
        throw call.error("field '\(field)' already exists; use 'update' or 'upsert'", at: "field")
      }
      if mode == "update", !exists {
        throw call.error("field '\(field)' does not exist; use 'insert' or 'upsert'", at: "field")
      }
      var out = r
      let value = try await runner?.call(.record(r)) ?? newValue
      try Value.checkNesting(value)
      out[field] = value
      return .record(out)
    }
    if case .record(let r) = input { return try await apply(r) }
    return try await FilterCommands.mapItems(input) { item in
      guard case .record(let r) = item else {
        throw call.error("'\(call.name)' needs records, found \(item.typeName)")
      }
      return try await apply(r)
    }
  }

  static let insert = BuiltinCommand(
    "insert", category: "records",
    summary: "Add a field (a value, or a closure computing it from the record).",
    signature: Signature(
      [PositionalSpec("field", .string), PositionalSpec("value", .any)],
      input: "record|list|stream", output: "record|list|stream"),
    examples: [
      CommandExample(
        "Computed field", "{n: 2} | insert double {|r| $r.n * 2}", #"{"n":2,"double":4}"#)
    ]
  ) { call, input in try await setField(call, input, mode: "insert") }

  static let update = BuiltinCommand(
    "update", category: "records",
    summary: "Change an existing field (a value, or a closure over the record).",
    signature: Signature(
      [PositionalSpec("field", .string), PositionalSpec("value", .any)],
      input: "record|list|stream", output: "record|list|stream"),
    examples: [CommandExample("Update", "{n: 2} | update n 5", #"{"n":5}"#)]
  ) { call, input in try await setField(call, input, mode: "update") }

  static let upsert = BuiltinCommand(
    "upsert", category: "records", summary: "Set a field whether or not it exists.",
    signature: Signature(
      [PositionalSpec("field", .string), PositionalSpec("value", .any)],
      input: "record|list|stream", output: "record|list|stream"),
    examples: [CommandExample("Upsert", "{n: 2} | upsert m 1", #"{"n":2,"m":1}"#)]
  ) { call, input in try await setField(call, input, mode: "upsert") }

  static let merge = BuiltinCommand(
    "merge", category: "records", summary: "Merge another record's fields into the input record.",
    signature: Signature(
      [PositionalSpec("other", .record)], input: "record|list", output: "record|list"),
    examples: [
      CommandExample("Merge", "{a: 1, b: 2} | merge {b: 3, c: 4}", #"{"a":1,"b":3,"c":4}"#)
    ]
  ) { call, input in
    guard case .record(let other)? = call.value("other") else { return input }
    func apply(_ v: Value) throws -> Value {
      guard case .record(var r) = v else {
        throw call.error("'merge' needs a record input, found \(v.typeName)")
      }
      for (k, x) in other { r[k] = x }
      return .record(r)
    }
    if case .record = input { return try apply(input) }
    return try await FilterCommands.mapItems(input) { try apply($0) }
  }

  static let rename = BuiltinCommand(
    "rename", category: "records", summary: "Rename fields: rename old new [old new …].",
    signature: Signature(
      rest: PositionalSpec("pairs", .string, "old and new names, alternating"),
      input: "record|list|stream", output: "record|list|stream"),
    examples: [CommandExample("Rename", "{a: 1} | rename a b", #"{"b":1}"#)]
  ) { call, input in
    let names = call.rest.compactMap(\.stringValue)
    guard names.count % 2 == 0 else { throw call.error("'rename' takes pairs of names (old new)") }
    return try await FilterCommands.recordItems(input, call) { r in
      var keys = r.keys
      for i in stride(from: 0, to: names.count, by: 2) {
        if let idx = keys.firstIndex(of: names[i]) { keys[idx] = names[i + 1] }
      }
      return .record(Record(Array(zip(keys, r.values))))
    }
  }

  static let transpose = BuiltinCommand(
    "transpose", category: "records",
    summary: "Turn a record into a list of {key, value} rows, or such rows back into a record.",
    signature: Signature(input: "record|list", output: "list|record"),
    examples: [CommandExample("Record to rows", "{a: 1} | transpose", #"[{"key":"a","value":1}]"#)]
  ) { call, input in
    if case .record(let r) = input {
      try Value.checkNesting(r.values, levels: 2)  // a row in a list
      return .list(
        r.map { .record(Record(keys: ["key", "value"], values: [.string($0.0), $0.1])) })
    }
    var out = RecordBuilder()
    for item in try await input.collectList() {
      guard case .record(let row) = item, case .string(let k)? = row["key"] else {
        throw call.error("'transpose' needs {key, value} rows")
      }
      out.set(k, row["value"] ?? .null)
    }
    return .record(out.record)
  }

  static let wrap = BuiltinCommand(
    "wrap", category: "records", summary: "Wrap each item in a record under the given field name.",
    signature: Signature([PositionalSpec("name", .string)], input: "any", output: "record|list"),
    examples: [CommandExample("Wrap", "[1 2] | wrap n", #"[{"n":1},{"n":2}]"#)]
  ) { call, input in
    let name = call.string("name") ?? "value"
    switch input {
    case .list, .stream:
      return try await FilterCommands.mapItems(input) { item in
        try Value.checkNesting(item, levels: 2)  // in a record, in the list or stream's item
        return .record(Record(keys: [name], values: [item]))
      }
    default:
      try Value.checkNesting(input)
      return .record(Record(keys: [name], values: [input]))
    }
  }
}
