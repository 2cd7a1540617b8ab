import CCSLanguage

/// Commands that select, transform and reduce the items of lists and streams.
enum FilterCommands {
  static var all: [any Command] {
    [
      where_, each, reduce, first, last, skip, length, select, reject, get, flatten, uniq, reverse,
      enumerate, compact, append, prepend, isEmpty, any, allOf, take, skipWhile, takeWhile,
    ]
  }

  /// Applies `transform` lazily to a stream, eagerly to a list. The results must nest in a
  /// list (``Value/maxDepth``); `keepsItems` says they are input items (filters), which do.
  static func mapItems(
    _ input: Value, keepsItems: Bool = false,
    _ transform: @escaping (Value) async throws -> Value?
  ) async throws -> Value {
    if case .stream(let s) = input {
      if keepsItems { return .stream(.mapping(s, transform)) }
      return .stream(
        .mapping(s) { item in
          let v = try await transform(item)
          if let v { try Value.checkNesting(v) }
          return v
        })
    }
    var out: [Value] = []
    for item in try await input.collectList() {
      try Task.checkCancellation()
      if let v = try await transform(item) { out.append(v) }
    }
    if !keepsItems { try Value.checkNesting(out) }
    return .list(out)
  }

  static func closure(_ call: CallFrame, _ name: String) throws -> Closure {
    guard case .closure(let c)? = call.value(name) else {
      throw call.error("'\(call.name)' needs a closure", at: name)
    }
    return c
  }

  static let where_ = BuiltinCommand(
    "where", category: "filters",
    summary: "Keep the items for which a condition holds.",
    details: "Bare words in the condition are fields of the current item; $it is the item.",
    signature: Signature(
      [PositionalSpec("condition", .condition, "a row condition or a closure")],
      input: "list|stream", output: "list|stream"),
    examples: [
      CommandExample("Keep records by field", "[{n: 1} {n: 7}] | where n > 5", #"[{"n":7}]"#),
      CommandExample(
        "Boolean fields", "[{id: 1, active: true} {id: 2, active: false}] | where active | get id",
        "[1]"),
      CommandExample("The item itself", "[1 2 3 4] | where $it mod 2 == 0", "[2,4]"),
      CommandExample("A closure", "[1 2 3] | where {|x| $x > 1}", "[2,3]"),
    ]
  ) { call, input in
    let runner = ClosureRunner(try closure(call, "condition"), call)
    if case .stream(let s) = input { return .stream(.filtering(s, runner)) }
    return try await mapItems(input, keepsItems: true) { item in
      try await runner.test(item) ? item : nil
    }
  }

  static let each = BuiltinCommand(
    "each", category: "filters",
    summary: "Run a closure on each item and collect the results (null results are dropped).",
    signature: Signature(
      [PositionalSpec("closure", .closure, "called with each item")], input: "list|stream",
      output: "list|stream"),
    examples: [
      CommandExample("Double each number", "[1 2 3] | each {|x| $x * 2}", "[2,4,6]"),
      CommandExample(
        "A block binds $it", "[{name: a} {name: b}] | each { $it.name }", #"["a","b"]"#),
    ]
  ) { call, input in
    let runner = ClosureRunner(try closure(call, "closure"), call)
    return try await mapItems(input) { item in
      let v = try await runner.call(item)
      if case .null = v { return nil }
      return v
    }
  }

  static let reduce = BuiltinCommand(
    "reduce", category: "filters",
    summary: "Combine all items into one value with an accumulator closure {|item, acc| …}.",
    signature: Signature(
      [PositionalSpec("closure", .closure, "called as {|item, acc| …}")],
      flags: [
        FlagSpec("fold", short: "f", .any, "the initial accumulator (default: the first item)")
      ],
      input: "list|stream", output: "any"),
    examples: [
      CommandExample("Sum", "[1 2 3 4] | reduce {|x, acc| $acc + $x}", "10"),
      CommandExample(
        "With an initial value", "[a b c] | reduce --fold '' {|x, acc| $acc + $x}", #""abc""#),
    ]
  ) { call, input in
    let c = try closure(call, "closure")
    let runner = ClosureRunner(c, call)
    let stream = input.asStream()
    var acc: Value
    if let fold = call.arguments["fold"] {
      acc = fold
    } else {
      guard let first = try await stream.next() else { return .null }
      acc = first
    }
    while let item = try await stream.next() {
      acc = try await runner.call([item, acc], input: item)
    }
    return acc
  }

  static let first = BuiltinCommand(
    "first", category: "filters",
    summary: "The first item, or the first N items as a list; stops reading the input after them.",
    signature: Signature(
      [PositionalSpec("count", .int, "how many items", optional: true)], input: "list|stream",
      output: "any"),
    examples: [
      CommandExample("First item", "[5 6 7] | first", "5"),
      CommandExample("First two", "[5 6 7] | first 2", "[5,6]"),
      CommandExample("From an endless generator", "generate 1 {|n| $n + 1} | first 3", "[1,2,3]"),
    ]
  ) { call, input in
    let stream = input.asStream()
    defer { stream.cancel() }
    guard let n = call.int("count") else {
      guard let v = try await stream.next() else {
        throw call.error(
          "'first' on an empty input", notes: ["use 'first 1' to get an empty list instead"])
      }
      return v
    }
    guard n >= 0 else { throw call.error("count must not be negative, found \(n)", at: "count") }
    var out: [Value] = []
    while out.count < n, let v = try await stream.next() { out.append(v) }
    try Value.checkNesting(out)
    return .list(out)
  }

  static let take = BuiltinCommand(
    "take", category: "filters",
    summary: "The first N items, lazily (a stream stays a stream).",
    signature: Signature(
      [PositionalSpec("count", .int, "how many items")], input: "list|stream", output: "list|stream"
    ),
    examples: [CommandExample("Take two", "[1 2 3] | take 2", "[1,2]")]
  ) { call, input in
    let n = call.int("count") ?? 0
    if case .stream(let upstream) = input {
      var taken = 0
      return .stream(
        ValueStream(
          live: upstream.isLive,
          next: {
            guard taken < n else {
              upstream.cancel()
              return nil
            }
            taken += 1
            return try await upstream.next()
          }, onCancel: { upstream.cancel() }))
    }
    return .list(Array(try await input.collectList().prefix(max(0, n))))
  }

  static let last = BuiltinCommand(
    "last", category: "filters",
    summary: "The last item, or the last N items as a list.",
    signature: Signature(
      [PositionalSpec("count", .int, "how many items", optional: true)], input: "list|stream",
      output: "any"),
    examples: [
      CommandExample("Last item", "[5 6 7] | last", "7"),
      CommandExample("Last two", "[5 6 7] | last 2", "[6,7]"),
    ]
  ) { call, input in
    let stream = input.asStream()
    let n = call.int("count") ?? 1
    var window: [Value] = []
    while let v = try await stream.next() {
      window.append(v)
      let keep = max(n, 1)
      if window.count - keep > keep { window.removeFirst(window.count - keep) }
    }
    if call.int("count") == nil {
      guard let v = window.last else { throw call.error("'last' on an empty input") }
      return v
    }
    let kept = Array(window.suffix(max(0, n)))
    try Value.checkNesting(kept)
    return .list(kept)
  }

  static let skip = BuiltinCommand(
    "skip", category: "filters",
    summary: "Drop the first N items (default 1).",
    signature: Signature(
      [PositionalSpec("count", .int, "how many items", default: 1)], input: "list|stream",
      output: "list|stream"),
    examples: [CommandExample("Skip two", "[1 2 3 4] | skip 2", "[3,4]")]
  ) { call, input in
    var remaining = call.int("count") ?? 1
    return try await mapItems(input) { item in
      if remaining > 0 {
        remaining -= 1
        return nil
      }
      return item
    }
  }

  static let skipWhile = BuiltinCommand(
    "skip-while", category: "filters",
    summary: "Drop items while a condition holds, then keep the rest.",
    signature: Signature(
      [PositionalSpec("condition", .condition)], input: "list|stream", output: "list|stream"),
    examples: [CommandExample("Skip small numbers", "[1 2 5 1] | skip-while $it < 3", "[5,1]")]
  ) { call, input in
    let runner = ClosureRunner(try closure(call, "condition"), call)
    var skipping = true
    return try await mapItems(input) { item in
      if skipping, try await runner.test(item) { return nil }
      skipping = false
      return item
    }
  }

  static let takeWhile = BuiltinCommand(
    "take-while", category: "filters",
    summary: "Keep items while a condition holds, then stop reading.",
    signature: Signature(
      [PositionalSpec("condition", .condition)], input: "list|stream", output: "list|stream"),
    examples: [CommandExample("Take small numbers", "[1 2 5 1] | take-while $it < 3", "[1,2]")]
  ) { call, input in
    let runner = ClosureRunner(try closure(call, "condition"), call)
    let upstream = input.asStream()
    var done = false
    let stream = ValueStream(
      live: upstream.isLive,
      next: {
        guard !done, let item = try await upstream.next() else { return nil }
        if try await runner.test(item) { return item }
        done = true
        upstream.cancel()
        return nil
      }, onCancel: { upstream.cancel() })
    if case .stream = input { return .stream(stream) }
    return .list(try await stream.collect())
  }

  static let length = BuiltinCommand(
    "length", category: "filters",
    summary:
      "The number of items in a list or stream, fields in a record, or characters in a string.",
    signature: Signature(input: "list|stream|record|string", output: "int"),
    examples: [
      CommandExample("Count items", "[1 2 3] | length", "3"),
      CommandExample("Count characters", "'héllo' | length", "5"),
    ]
  ) { call, input in
    switch input {
    case .list(let items): return .int(items.count)
    case .record(let r): return .int(r.count)
    case .string(let s): return .int(s.count)
    case .binary(let b): return .int(b.bytes.count)
    case .null: return .int(0)
    case .stream(let s):
      var n = 0
      while let batch = try await s.nextBatch() {
        n += batch.count
        if n & 0x3FFF < batch.count { try Task.checkCancellation() }
      }
      return .int(n)
    default:
      throw call.error("'length' does not apply to \(input.typeName)")
    }
  }

  static func recordItems(
    _ input: Value, _ call: CallFrame, transform: @escaping (Record) throws -> Value
  ) async throws -> Value {
    switch input {
    case .record(let r): return try transform(r)
    case .error(let e): return try transform(e.record)
    default:
      return try await mapItems(input) { item in
        switch item {
        case .record(let r): return try transform(r)
        case .error(let e): return try transform(e.record)
        default:
          throw call.error(
            "'\(call.name)' needs records, found \(item.typeName) \(Render.short(item))")
        }
      }
    }
  }

  static let select = BuiltinCommand(
    "select", category: "filters",
    summary: "Keep only the given fields (cell paths) of each record, in the given order.",
    signature: Signature(
      rest: PositionalSpec("fields", .cellPath, "field names or paths"),
      input: "record|list|stream", output: "record|list|stream"),
    examples: [
      CommandExample("Pick fields", "[{a: 1, b: 2, c: 3}] | select c a", #"[{"c":3,"a":1}]"#),
      CommandExample(
        "Nested paths", "{s: {state: UP}, id: 1} | select id s.state", #"{"id":1,"s.state":"UP"}"#),
    ]
  ) { call, input in
    let paths = call.rest.map(CellPath.parse)
    return try await recordItems(input, call) { r in
      var out = Record()
      for path in paths {
        out[CellPath.name(path)] = CellPath.lookup(.record(r), path) ?? .null
      }
      return .record(out)
    }
  }

  static let reject = BuiltinCommand(
    "reject", category: "filters",
    summary: "Remove the given fields from each record.",
    signature: Signature(
      rest: PositionalSpec("fields", .string, "field names"), input: "record|list|stream",
      output: "record|list|stream"),
    examples: [CommandExample("Drop a field", "{a: 1, b: 2} | reject a", #"{"b":2}"#)]
  ) { call, input in
    let names = call.rest.compactMap(\.stringValue)
    return try await recordItems(input, call) { r in
      var out = r
      for n in names { out[n] = nil }
      return .record(out)
    }
  }

  static let get = BuiltinCommand(
    "get", category: "filters",
    summary: "The value at a cell path; on a list or stream, the value from every item.",
    signature: Signature(
      [PositionalSpec("path", .cellPath, "a field name or path like a.b.0")],
      flags: [
        FlagSpec("optional", short: "o", nil, "give null for missing fields instead of an error")
      ],
      input: "any", output: "any"),
    examples: [
      CommandExample("A field", "{a: {b: 5}} | get a.b", "5"),
      CommandExample("From each record", "[{id: 1} {id: 2}] | get id", "[1,2]"),
      CommandExample("An index", "[10 20 30] | get 1", "20"),
    ]
  ) { call, input in
    let path = CellPath.parse(call.value("path") ?? .null)
    let optional = call.has("optional")
    func one(_ v: Value) throws -> Value {
      if optional { return CellPath.lookup(v, path) ?? .null }
      return try CellPath.get(v, path, call, arg: "path")
    }
    if case .stream = input {
      return try await mapItems(input) { try one($0) }
    }
    if case .list(let items) = input, case .key? = path.first?.kind {
      return .list(try items.map(one))
    }
    return try one(input)
  }

  static let flatten = BuiltinCommand(
    "flatten", category: "filters",
    summary: "Splice nested lists into their parent list (one level, or all with --all).",
    signature: Signature(
      flags: [FlagSpec("all", short: "a", nil, "flatten every level")], input: "list|stream",
      output: "list"),
    examples: [
      CommandExample("One level", "[[1 2] [3 [4]]] | flatten", "[1,2,3,[4]]"),
      CommandExample("All levels", "[[1 2] [3 [4]]] | flatten --all", "[1,2,3,4]"),
    ]
  ) { call, input in
    let deep = call.has("all")
    func flat(_ items: [Value], _ out: inout [Value]) {
      for item in items {
        if case .list(let inner) = item {
          if deep { flat(inner, &out) } else { out.append(contentsOf: inner) }
        } else {
          out.append(item)
        }
      }
    }
    var out: [Value] = []
    flat(try await input.collectList(), &out)
    return .list(out)
  }

  static let uniq = BuiltinCommand(
    "uniq", category: "filters",
    summary: "Drop repeated items, keeping the first occurrence (or by a cell path with --by).",
    signature: Signature(
      flags: [FlagSpec("by", .cellPath, "compare items by this field")], input: "list|stream",
      output: "list|stream"),
    examples: [
      CommandExample("Unique numbers", "[1 2 1 3 2] | uniq", "[1,2,3]"),
      CommandExample(
        "Unique by field", "[{k: a, n: 1} {k: a, n: 2}] | uniq --by k", #"[{"k":"a","n":1}]"#),
    ]
  ) { call, input in
    let path = call.value("by").map(CellPath.parse)
    // Bucketed by a hash consistent with `==`, so equal items are one item (`1` and `1.0`
    // included), which their JSON text was not.
    var seen: [Int: [Value]] = [:]
    return try await mapItems(input) { item in
      let key = path.map { CellPath.lookup(item, $0) ?? .null } ?? item
      let hash = key.fingerprint
      if seen[hash]?.contains(key) == true { return nil }
      seen[hash, default: []].append(key)
      return item
    }
  }

  static let reverse = BuiltinCommand(
    "reverse", category: "filters", summary: "The items in reverse order.",
    signature: Signature(input: "list|stream", output: "list"),
    examples: [CommandExample("Reverse", "[1 2 3] | reverse", "[3,2,1]")]
  ) { _, input in .list(try await input.collectList().reversed()) }

  static let enumerate = BuiltinCommand(
    "enumerate", category: "filters", summary: "Pair each item with its index: {index, item}.",
    signature: Signature(input: "list|stream", output: "list|stream"),
    examples: [
      CommandExample(
        "Number items", "[a b] | enumerate", #"[{"index":0,"item":"a"},{"index":1,"item":"b"}]"#)
    ]
  ) { _, input in
    var i = -1
    return try await mapItems(input) { item in
      i += 1
      try Value.checkNesting(item, levels: 2)  // in a record, in the list or stream's item
      return .record(Record(keys: ["index", "item"], values: [.int(i), item]))
    }
  }

  static let compact = BuiltinCommand(
    "compact", category: "filters",
    summary: "Drop null items (and, with --empty, empty strings, lists and records).",
    signature: Signature(
      flags: [FlagSpec("empty", short: "e", nil, "also drop empty values")], input: "list|stream",
      output: "list|stream"),
    examples: [CommandExample("Drop nulls", "[1 null 2] | compact", "[1,2]")]
  ) { call, input in
    let empty = call.has("empty")
    return try await mapItems(input) { item in
      switch item {
      case .null: return nil
      case .string(let s) where empty && s.isEmpty: return nil
      case .list(let l) where empty && l.isEmpty: return nil
      case .record(let r) where empty && r.isEmpty: return nil
      default: return item
      }
    }
  }

  static let append = BuiltinCommand(
    "append", category: "filters", summary: "Add items at the end of a list.",
    signature: Signature(
      [PositionalSpec("items", .any, "a value or a list of values")], input: "list|stream",
      output: "list"),
    examples: [CommandExample("Append", "[1 2] | append 3", "[1,2,3]")]
  ) { call, input in
    let extra = call.value("items") ?? .null
    if extra.listItems == nil { try Value.checkNesting(extra) }
    return .list(try await input.collectList() + (extra.listItems ?? [extra]))
  }

  static let prepend = BuiltinCommand(
    "prepend", category: "filters", summary: "Add items at the start of a list.",
    signature: Signature(
      [PositionalSpec("items", .any, "a value or a list of values")], input: "list|stream",
      output: "list"),
    examples: [CommandExample("Prepend", "[2 3] | prepend 1", "[1,2,3]")]
  ) { call, input in
    let extra = call.value("items") ?? .null
    if extra.listItems == nil { try Value.checkNesting(extra) }
    return .list((extra.listItems ?? [extra]) + (try await input.collectList()))
  }

  static let isEmpty = BuiltinCommand(
    "is-empty", category: "filters",
    summary: "Whether the input has no items, fields or characters.",
    signature: Signature(input: "any", output: "bool"),
    examples: [CommandExample("Empty list", "[] | is-empty", "true")]
  ) { _, input in
    switch input {
    case .null: return .bool(true)
    case .string(let s): return .bool(s.isEmpty)
    case .record(let r): return .bool(r.isEmpty)
    case .stream(let s):
      let first = try await s.next()
      s.cancel()
      return .bool(first == nil)
    default: return .bool(try await input.collectList().isEmpty)
    }
  }

  static let any = BuiltinCommand(
    "any", category: "filters",
    summary: "Whether the condition holds for at least one item (stops at the first).",
    signature: Signature(
      [PositionalSpec("condition", .condition)], input: "list|stream", output: "bool"),
    examples: [CommandExample("Any big", "[1 9] | any $it > 5", "true")]
  ) { call, input in
    let runner = ClosureRunner(try closure(call, "condition"), call)
    let s = input.asStream()
    defer { s.cancel() }
    while let item = try await s.next() {
      if try await runner.test(item) { return .bool(true) }
    }
    return .bool(false)
  }

  static let allOf = BuiltinCommand(
    "all", category: "filters",
    summary: "Whether the condition holds for every item (stops at the first failure).",
    signature: Signature(
      [PositionalSpec("condition", .condition)], input: "list|stream", output: "bool"),
    examples: [CommandExample("All small", "[1 9] | all $it < 5", "false")]
  ) { call, input in
    let runner = ClosureRunner(try closure(call, "condition"), call)
    let s = input.asStream()
    defer { s.cancel() }
    while let item = try await s.next() {
      if try await !runner.test(item) { return .bool(false) }
    }
    return .bool(true)
  }
}
