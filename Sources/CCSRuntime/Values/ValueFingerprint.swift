extension Value {
  /// A hash consistent with `==` that looks at most one level into lists and records, so
  /// computing it is bounded by the value's own fields however deep the value is. Equal
  /// values have equal fingerprints (an int and the float equal to it included); unequal
  /// values usually differ, which is what an index over many values needs.
  public var fingerprint: Int {
    var hasher = Hasher()
    shallowHash(into: &hasher, levels: 1)
    return hasher.finalize()
  }

  private func shallowHash(into h: inout Hasher, levels: Int) {
    switch self {
    case .null: h.combine(0)
    case .bool(let b): h.combine(1); h.combine(b)
    // `.int(a) == .float(b)` when `Double(a) == b`: both hash as that double.
    case .int(let i): h.combine(2); h.combine(Double(i))
    case .float(let f): h.combine(2); h.combine(f)
    case .string(let s): h.combine(3); h.combine(s)
    case .binary(let b): h.combine(4); h.combine(b.bytes); h.combine(b.mediaType)
    case .list(let items):
      h.combine(5)
      h.combine(items.count)
      if levels > 0 { for item in items { item.shallowHash(into: &h, levels: levels - 1) } }
    case .record(let r):
      h.combine(6)
      h.combine(r.keys)
      if levels > 0 { for v in r.values { v.shallowHash(into: &h, levels: levels - 1) } }
    case .duration(let n): h.combine(7); h.combine(n)
    case .size(let n): h.combine(8); h.combine(n)
    case .date(let d): h.combine(9); h.combine(d)
    case .closure(let c): h.combine(10); h.combine(ObjectIdentifier(c))
    case .stream(let s): h.combine(11); h.combine(ObjectIdentifier(s))
    case .error(let e): h.combine(12); h.combine(e.message); h.combine(e.kind)
    }
  }
}
