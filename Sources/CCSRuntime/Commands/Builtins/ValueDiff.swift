/// What changed between two values, for `watch --diff`.
///
/// Records: `{added: {k: v}, removed: {k: v}, changed: {k: {from, to}}}` (fields compared one
/// level deep); lists: `{added: [items], removed: [items]}` (by equality, in order);
/// anything else: `{from, to}`. Empty parts are left out.
enum ValueDiff {
  static func diff(from old: Value, to new: Value) -> Value {
    switch (old, new) {
    case (.record(let a), .record(let b)):
      var added = Record()
      var removed = Record()
      var changed = Record()
      for (k, v) in b {
        if let before = a[k] {
          if before != v { changed[k] = change(before, v) }
        } else {
          added[k] = v
        }
      }
      for (k, v) in a where b[k] == nil { removed[k] = v }
      var out = Record()
      if !added.isEmpty { out["added"] = .record(added) }
      if !removed.isEmpty { out["removed"] = .record(removed) }
      if !changed.isEmpty { out["changed"] = .record(changed) }
      return .record(out)
    case (.list(let a), .list(let b)):
      var remaining = a
      var added: [Value] = []
      for item in b {
        if let i = remaining.firstIndex(of: item) {
          remaining.remove(at: i)
        } else {
          added.append(item)
        }
      }
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
