import CCSLanguage

/// Cell paths given as arguments: `get a.b.0`, `select name status.state`, `sort-by date`.
enum CellPath {
  /// Splits a path argument (`"a.b.0"`, `3`, a list of parts) into members.
  static func parse(_ v: Value) -> [PathMember] {
    switch v {
    case .int(let i): return [PathMember(.index(i), .none)]
    case .string(let s): return Parser.splitPath(s, at: 0)
    case .list(let parts): return parts.flatMap(parse)
    default: return []
    }
  }

  /// The value at `path`, or nil when any step is missing.
  static func lookup(_ value: Value, _ path: [PathMember]) -> Value? {
    var current = value
    for member in path {
      switch (current, member.kind) {
      case (.record(let r), .key(var k)):
        if k.hasSuffix("?") { k.removeLast() }
        guard let next = r[k] else { return nil }
        current = next
      case (.list(let items), .index(let i)):
        guard i >= 0, i < items.count else { return nil }
        current = items[i]
      case (.list(let items), .key):
        current = .list(items.compactMap { lookup($0, [member]) })
      case (.error(let e), .key(let k)):
        guard let next = e.record[k] else { return nil }
        current = next
      default:
        return nil
      }
    }
    return current
  }

  /// The value at `path`, or an error naming the missing step.
  static func get(
    _ value: Value, _ path: [PathMember], _ call: CallFrame, arg: String
  ) throws -> Value {
    do {
      return try PathAccess.get(value, path, range: call.range(of: arg), file: call.file)
    } catch let error as RuntimeError {
      var e = error
      e.value.range = call.range(of: arg)
      throw e
    }
  }

  /// The display name of a path (`status.state`).
  static func name(_ path: [PathMember]) -> String {
    path.map {
      switch $0.kind {
      case .key(let k): k
      case .index(let i): String(i)
      }
    }.joined(separator: ".")
  }
}
