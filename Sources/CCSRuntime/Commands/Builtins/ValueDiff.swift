/// What changed between two values, for `watch --diff`.
///
/// Records: `{added: {k: v}, removed: {k: v}, changed: {k: {from, to}}}` (fields compared one
/// level deep); lists: `{added: [items], removed: [items]}` (by equality, in order);
/// anything else: `{from, to}`. Empty parts are left out.
enum ValueDiff {
  static func diff(from old: Value, to new: Value) -> Value {
    switch (old, new) {
    case (.record(let a), .record(let b)):
      // Keys are found through builders' indexes: linear in the fields, however many.
      let before = RecordBuilder(a)
      let after = RecordBuilder(b)
      var added = RecordBuilder()
      var removed = RecordBuilder()
      var changed = RecordBuilder()
      for (k, v) in b {
        if let old = before[k] {
          if old != v { changed.set(k, change(old, v)) }
        } else {
          added.set(k, v)
        }
      }
      for (k, v) in a where after[k] == nil { removed.set(k, v) }
      var out = Record()
      if added.count > 0 { out["added"] = .record(added.record) }
      if removed.count > 0 { out["removed"] = .record(removed.record) }
      if changed.count > 0 { out["changed"] = .record(changed.record) }
      return .record(out)
    case (.list(let a), .list(let b)):
      // Each item of `b` takes the first equal item of `a` not taken yet, found through an
      // index by fingerprint (not a search of `a` per item).
      var unmatched: [Int: [Int]] = [:]
      for (i, item) in a.enumerated() { unmatched[item.fingerprint, default: []].append(i) }
      var taken = [Bool](repeating: false, count: a.count)
      var added: [Value] = []
      for item in b {
        let key = item.fingerprint
        if let j = unmatched[key]?.firstIndex(where: { a[$0] == item }) {
          taken[unmatched[key]![j]] = true
          unmatched[key]!.remove(at: j)
        } else {
          added.append(item)
        }
      }
      let remaining = a.indices.filter { !taken[$0] }.map { a[$0] }
      var out = Record()
      if !added.isEmpty { out["added"] = .list(added) }
      if !remaining.isEmpty { out["removed"] = .list(remaining) }
      return .record(out)
    default:
      return change(old, new)
    }
  }

  private static func change(_ from: Value, _ to: Value) -> Value {
    var r = Record()
    r["from"] = from
    r["to"] = to
    return .record(r)
  }
}
