import CCSLanguage

/// Commands that sort, group and summarize items.
enum AggregateCommands {
  static var all: [any Command] { [sort, sortBy, groupBy, countBy, sum, min, max, avg] }

  static func key(_ item: Value, _ paths: [[PathMember]]) -> Value {
    if paths.isEmpty { return item }
    if paths.count == 1 { return CellPath.lookup(item, paths[0]) ?? .null }
    return .list(paths.map { CellPath.lookup(item, $0) ?? .null })
  }

  static let lexicalFlag = FlagSpec(
    "lexical", nil, "compare strings character by character, not naturally")

  static func stringOrder(_ call: CallFrame) -> Value.StringOrder {
    call.has("lexical") ? .lexical : .natural
  }

  static let sort = BuiltinCommand(
    "sort", category: "aggregates", summary: "Sort items by their value.",
    details:
      "Strings sort naturally: runs of digits compare as numbers (\"5\" before \"14\", app-9 before app-10); --lexical compares characters one by one.",
    signature: Signature(
      flags: [FlagSpec("reverse", short: "r", nil, "largest first"), lexicalFlag],
      input: "list|stream", output: "list"),
    examples: [
      CommandExample("Numbers", "[3 1 2] | sort", "[1,2,3]"),
      CommandExample("Reversed", "[b a c] | sort --reverse", #"["c","b","a"]"#),
      CommandExample("Numeric ids", "['14' '5' '23'] | sort", #"["5","14","23"]"#),
      CommandExample(
        "Character by character", "['14' '5' '23'] | sort --lexical", #"["14","23","5"]"#),
    ]
  ) { call, input in
    var items = try await input.collectList()
    let order = stringOrder(call)
    items.sort { Value.compare($0, $1, strings: order) < 0 }
    return .list(call.has("reverse") ? items.reversed() : items)
  }

  static let sortBy = BuiltinCommand(
    "sort-by", category: "aggregates",
    summary: "Sort records by one or more fields (stable), or by a closure's result.",
    signature: Signature(
      rest: PositionalSpec("keys", .any, "field names/paths, or one closure"),
      flags: [FlagSpec("reverse", short: "r", nil, "largest first"), lexicalFlag],
      input: "list|stream", output: "list"),
    examples: [
      CommandExample("By a field", "[{n: 2} {n: 1}] | sort-by n", #"[{"n":1},{"n":2}]"#),
      CommandExample(
        "Ids that are digit strings sort as numbers",
        "[{id: '14'} {id: '5'}] | sort-by id | get id", #"["5","14"]"#),
      CommandExample("Reversed", "[{n: 2} {n: 3} {n: 1}] | sort-by n --reverse | get n", "[3,2,1]"),
      CommandExample(
        "By a closure", "[aaa b cc] | sort-by {|s| $s | length}", #"["b","cc","aaa"]"#),
    ]
  ) { call, input in
    let items = try await input.collectList()
    var keyed: [(Value, Value)] = []
    if case .closure(let c)? = call.rest.first {
      let runner = ClosureRunner(c, call)
      for item in items { keyed.append((try await runner.call(item), item)) }
    } else {
      let paths = call.rest.map(CellPath.parse)
      keyed = items.map { (key($0, paths), $0) }
    }
    let reverse = call.has("reverse")
    let order = stringOrder(call)
    let sorted = keyed.enumerated().sorted { a, b in
      let c = Value.compare(a.element.0, b.element.0, strings: order)
      if c == 0 { return a.offset < b.offset }
      return reverse ? c > 0 : c < 0
    }
    return .list(sorted.map(\.element.1))
  }

  static let groupBy = BuiltinCommand(
    "group-by", category: "aggregates",
    summary: "Group items into a record keyed by a field's value (in first-seen order).",
    signature: Signature(
      [PositionalSpec("key", .any, "a field name/path or a closure")], input: "list|stream",
      output: "record"),
    examples: [
      CommandExample(
        "By field", "[{z: par, n: 1} {z: mtl, n: 2} {z: par, n: 3}] | group-by z | get par.n",
        "[1,3]")
    ]
  ) { call, input in
    var groups = RecordBuilder()
    let keyArg = call.value("key") ?? .null
    var runner: ClosureRunner?
    if case .closure(let c) = keyArg { runner = ClosureRunner(c, call) }
    let path = CellPath.parse(keyArg)
    let s = input.asStream()
    while let item = try await s.next() {
      try Value.checkNesting(item, levels: 2)  // in a group's list, in the record of groups
      let k = try await runner?.call(item) ?? (CellPath.lookup(item, path) ?? .null)
      let name = Render.plainText(k)
      groups.update(name, default: .list([])) { group in
        guard case .list(var items) = group else { return }
        group = .null  // drop the reference, so the append does not copy the list
        items.append(item)
        group = .list(items)
      }
    }
    return .record(groups.record)
  }

  static let countBy = BuiltinCommand(
    "count-by", category: "aggregates",
    summary: "Count items per value of a field: a list of {value, count}, most frequent first.",
    signature: Signature(
      [PositionalSpec("key", .any, "a field name/path or a closure", optional: true)],
      input: "list|stream", output: "list"),
    examples: [
      CommandExample(
        "Severity counts", "[{s: ERROR} {s: INFO} {s: ERROR}] | count-by s",
        #"[{"value":"ERROR","count":2},{"value":"INFO","count":1}]"#)
    ]
  ) { call, input in
    let keyArg = call.value("key")
    var runner: ClosureRunner?
    if case .closure(let c)? = keyArg { runner = ClosureRunner(c, call) }
    let path = keyArg.map(CellPath.parse) ?? []
    // Distinct keys in first-seen order, with their counts; found by a hash consistent with
    // `==`, so equal keys count together (`1` and `1.0` included).
    var order: [Value] = []
    var counts: [Int] = []
    var positions: [Int: [Int]] = [:]
    let s = input.asStream()
    while let item = try await s.next() {
      let k =
        try await runner?.call(item) ?? (path.isEmpty ? item : CellPath.lookup(item, path) ?? .null)
      let hash = k.fingerprint
      if let i = positions[hash]?.first(where: { order[$0] == k }) {
        counts[i] += 1
      } else {
        positions[hash, default: []].append(order.count)
        order.append(k)
        counts.append(1)
      }
    }
    let rows = order.indices.map { ($0, order[$0], counts[$0]) }
    let sorted = rows.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }
    return .list(
      sorted.map { .record(Record(keys: ["value", "count"], values: [$0.1, .int($0.2)])) })
  }

  static func numbers(_ input: Value, _ call: CallFrame) async throws -> [Value] {
    let items = try await input.collectList()
    for item in items {
      switch item {
      case .int, .float, .duration, .size: continue
      default:
        throw call.error(
          "'\(call.name)' needs numbers, found \(item.typeName) \(Render.short(item))")
      }
    }
    return items
  }

  static let sum = BuiltinCommand(
    "math sum", category: "aggregates", summary: "The sum of numbers (or durations, sizes).",
    signature: Signature(input: "list|stream", output: "number"),
    examples: [CommandExample("Sum", "[1 2 3.5] | math sum", "6.5")]
  ) { call, input in
    var acc: Value = .int(0)
    for item in try await numbers(input, call) {
      if case .int(0) = acc, case .duration = item { acc = .duration(0) }
      if case .int(0) = acc, case .size = item { acc = .size(0) }
      acc = try Operators.apply("+", acc, item, range: call.range, file: call.file)
    }
    return acc
  }

  static let min = BuiltinCommand(
    "math min", category: "aggregates", summary: "The smallest item.",
    signature: Signature(input: "list|stream", output: "any"),
    examples: [CommandExample("Min", "[3 1 2] | math min", "1")]
  ) { call, input in
    try await input.collectList().min { Value.compare($0, $1, strings: .natural) < 0 } ?? .null
  }

  static let max = BuiltinCommand(
    "math max", category: "aggregates", summary: "The largest item.",
    signature: Signature(input: "list|stream", output: "any"),
    examples: [CommandExample("Max", "[3 1 2] | math max", "3")]
  ) { call, input in
    try await input.collectList().max { Value.compare($0, $1, strings: .natural) < 0 } ?? .null
  }

  static let avg = BuiltinCommand(
    "math avg", category: "aggregates", summary: "The arithmetic mean of numbers.",
    signature: Signature(input: "list|stream", output: "float"),
    examples: [CommandExample("Average", "[1 2 3 4] | math avg", "2.5")]
  ) { call, input in
    let items = try await numbers(input, call)
    guard !items.isEmpty else { return .null }
    let total = items.compactMap(\.doubleValue).reduce(0, +)
    return .float(total / Double(items.count))
  }
}
