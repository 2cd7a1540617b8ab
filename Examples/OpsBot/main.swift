// OpsBot: a host program embedding ccs. It starts an engine on a private sandbox, registers
// two host commands (`triage`, a value, and `page`, a stream), runs ops.ccs, which pipes API
// results through them, and prints a report from the variables the script left.

import CCS
import Foundation

/// Pages "sent" by the `page` command, in order.
actor Outbox {
  private(set) var lines: [String] = []

  /// Records a page and returns its number.
  func send(_ line: String) -> Int {
    lines.append(line)
    return lines.count
  }
}

let outbox = Outbox()

/// `triage`: counts a list of records by their `type` field.
let triage = BuiltinCommand(
  "triage", category: "opsbot", summary: "Count records by their type field",
  signature: Signature(input: "list", output: "record"),
  examples: [
    CommandExample("Count two kinds", "[{type: a} {type: b} {type: a}] | triage", #"{"a":2,"b":1}"#)
  ]
) { call, input in
  var items: [Value] = []
  switch input {
  case .list(let list): items = list
  case .stream(let stream): items = try await stream.collect()
  default: throw call.error("triage expects a list of records, found \(input)")
  }
  var counts: [(String, Value)] = []
  for item in items {
    guard case .record(let r) = item, let type = r["type"]?.stringValue else { continue }
    if let i = counts.firstIndex(where: { $0.0 == type }), case .int(let n) = counts[i].1 {
      counts[i].1 = .int(n + 1)
    } else {
      counts.append((type, .int(1)))
    }
  }
  return .record(Record(counts))
}

/// `page --channel NAME`: sends one page per input record, streaming a receipt for each.
let page = BuiltinCommand(
  "page", category: "opsbot", summary: "Page the on-call channel, one message per record",
  signature: Signature(
    flags: [FlagSpec("channel", .string, "The channel to page", default: .string("ops"))],
    input: "list", output: "stream")
) { call, input in
  let channel = call.string("channel") ?? "ops"
  let source: ValueStream
  switch input {
  case .list(let list): source = ValueStream.of(list)
  case .stream(let stream): source = stream
  default: throw call.error("page expects a list of records")
  }
  return .stream(
    ValueStream(
      next: {
        guard let item = try await source.next() else { return nil }
        guard case .record(let fields) = item, let title = fields["title"]?.stringValue else {
          throw call.error("page expects records with a title field")
        }
        let number = await outbox.send("#\(channel): \(title)")
        return .record(
          Record([
            ("receipt", .int(number)), ("channel", .string(channel)), ("title", .string(title)),
          ]))
      }, onCancel: { source.cancel() }))
}

var configuration = Engine.Configuration()
configuration.connection = .sandbox()
configuration.standardOutput = BufferSink()
configuration.onDiagnostic = { print(Engine.describe($0), terminator: "") }

let engine: Engine
do {
  engine = try await Engine(configuration)
} catch {
  print("opsbot: \(error)")
  exit(1)
}
await engine.register(triage)
await engine.register(page)

let script = String(decoding: PackageResources.ops_ccs, as: UTF8.self)
let result = await engine.run(source: script, name: "ops.ccs")
guard result.succeeded else { exit(result.exitCode) }

print("OpsBot report")
print("failed cloudron tasks by type:")
if case .record(let summary)? = await engine.variable(named: "summary") {
  for (type, count) in summary { print("  \(type): \(count.intValue ?? 0)") }
}
print("pages sent: \(await engine.variable(named: "paged")?.intValue ?? 0)")
for line in await outbox.lines { print("  \(line)") }
print("clever zones: \(await engine.variable(named: "zones")?.intValue ?? 0)")
await engine.shutdown()
