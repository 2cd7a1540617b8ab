/// How deeply values nest, bounded where containers are made.
///
/// Printing, comparing, hashing, converting and releasing a value recurse once per level, on the
/// small stacks of Swift's thread pool. Rather than make each of them iterative (releasing an
/// enum cannot be), no value may nest more than ``maxDepth`` levels: every place that puts
/// values inside a new container (literals, path assignment, collecting a stream, the builtins
/// that wrap items) checks the values it nests, so the bound holds by induction for every value
/// that exists. The check walks the nested values, never deeper than the bound and never twice
/// through an array they share.
extension Value {
  /// The deepest nesting of lists, records and errors in a value (a scalar is level 0).
  public static let maxDepth = 1_000

  /// Whether this value nests lists, records or errors more than `levels` levels deep.
  public func nestingExceeds(_ levels: Int) -> Bool {
    var verified: [UnsafeRawPointer: Int] = [:]
    return nestingExceeds(levels, &verified)
  }

  private func nestingExceeds(_ levels: Int, _ verified: inout [UnsafeRawPointer: Int]) -> Bool {
    switch self {
    case .list(let items): return Self.anyExceeds(items, levels, &verified)
    case .record(let r): return Self.anyExceeds(r.values, levels, &verified)
    case .error(let e): return Self.anyExceeds(e.details.values, levels, &verified)
    default: return false
    }
  }

  /// Whether a container of `children` would be more than `levels` deep.
  ///
  /// `verified` remembers, per array of children, the fewest levels it was found to fit in:
  /// values share arrays (`[$x $x]` in a loop holds one array twice per level), and walking
  /// every path of such a value would take exponential time. Arrays of scalars only are not
  /// remembered, so a list of flat records costs one scan of each record.
  private static func anyExceeds(
    _ children: [Value], _ levels: Int, _ verified: inout [UnsafeRawPointer: Int]
  ) -> Bool {
    if levels <= 0 { return true }
    guard children.contains(where: \.isContainer) else { return false }
    let key = children.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    if let key, let fits = verified[key], fits <= levels { return false }
    for child in children where child.isContainer {
      if child.nestingExceeds(levels - 1, &verified) { return true }
    }
    if let key { verified[key] = min(verified[key] ?? levels, levels) }
    return false
  }

  /// Whether this is a list, record or error.
  var isContainer: Bool {
    switch self {
    case .list, .record, .error: true
    default: false
    }
  }

  /// Throws unless `children` can be put into a new container (of `levels` levels around
  /// them, 1 for a list or record) without passing ``maxDepth``.
  public static func checkNesting(_ children: some Sequence<Value>, levels: Int = 1) throws {
    var verified: [UnsafeRawPointer: Int] = [:]
    for child in children where child.isContainer {
      if child.nestingExceeds(maxDepth - levels, &verified) { throw nestingError }
    }
  }

  /// Throws unless `value` can be nested `levels` levels deeper.
  public static func checkNesting(_ value: Value, levels: Int = 1) throws {
    try checkNesting(CollectionOfOne(value), levels: levels)
  }

  /// The error for a value that would nest too deeply; commands place it at their call.
  static var nestingError: RuntimeError {
    RuntimeError(
      "value nested too deeply (more than \(maxDepth) levels of lists and records)",
      notes: ["a value built in a loop by wrapping itself ($x = [$x]) grows one level per turn"])
  }
}
