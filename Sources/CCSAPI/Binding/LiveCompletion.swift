import CCSRuntime
import Foundation

/// Live completion of resource ids: runs the catalog's list command with a short timeout and
/// caches the values for a while.
final class LiveCompletionCache: Sendable {
  static let shared = LiveCompletionCache()
  private let entries = Locked<[String: (values: [String], time: Date)]>([:])
  let lifetime: TimeInterval = 30
  let timeout: Duration = .seconds(2)

  func values(command: String, field: String, interpreter: Interpreter) async -> [String] {
    let key = command + "\u{0}" + field
    if let cached = cached(key) { return cached }
    let source = "\(command) | first 200 | get \(field)"
    let values: [String] = await withTaskGroup(of: [String]?.self) { group in
      group.addTask {
        guard var v = try? await interpreter.evaluate(source, name: "<completion>") else { return [] }
        if case .stream(let s) = v { v = .list((try? await s.collect()) ?? []) }
        return (v.listItems ?? [v]).map(Render.plainText).filter { !$0.isEmpty }
      }
      group.addTask { [timeout] in
        try? await Task.sleep(for: timeout)
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first ?? []
    }
    store(key, values)
    return values
  }

  private func cached(_ key: String) -> [String]? {
    entries.withLock { entries in
      guard let e = entries[key], Date().timeIntervalSince(e.time) < lifetime else { return nil }
      return e.values
    }
  }

  private func store(_ key: String, _ values: [String]) {
    entries.withLock { $0[key] = (values, Date()) }
  }
}

extension APICommand {
  public func completions(for parameter: String, interpreter: Interpreter) async -> [String] {
    let fields = spec.pathParams + spec.queryParams + spec.bodyFields
    if let f = fields.first(where: { $0.flag == parameter }) {
      if let c = f.complete {
        return await LiveCompletionCache.shared.values(command: c.command, field: c.field, interpreter: interpreter)
      }
      return f.allowed
    }
    return []
  }
}
