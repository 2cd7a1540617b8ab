/// Builds a record field by field in time linear in its fields.
///
/// `Record` finds keys by a linear search, the fastest way for the few fields an API object
/// has; a record built from data (groups, transposed rows, a YAML mapping) can have millions,
/// and setting each through `record[key]` would search all the fields before it. Past a few
/// fields, the builder keeps a hash index of the keys.
///
/// ```swift
/// var b = RecordBuilder()
/// b.set("a", 1)
/// b.update("a", default: 0) { $0 = 2 }
/// let r = b.record  // {a: 2}
/// ```
public struct RecordBuilder {
  private var keys: [String] = []
  private var values: [Value] = []
  /// Each key's position, once there are more than ``linearLimit`` keys.
  private var position: [String: Int] = [:]
  /// Up to this many keys, a linear search beats hashing.
  private static let linearLimit = 16

  /// An empty builder with room for `capacity` fields.
  public init(capacity: Int = 0) {
    keys.reserveCapacity(capacity)
    values.reserveCapacity(capacity)
  }

  /// A builder holding `record`'s fields, to look keys up in or add to (a repeated key is
  /// found at its first place, as `record[key]` finds it).
  public init(_ record: Record) {
    keys = record.keys
    values = record.values
    guard keys.count > Self.linearLimit else { return }
    position.reserveCapacity(keys.count)
    for (i, k) in keys.enumerated() where position[k] == nil { position[k] = i }
  }

  /// The record built so far.
  public var record: Record { Record(keys: keys, values: values) }

  /// The number of fields.
  public var count: Int { keys.count }

  /// The position of `key`, or nil.
  public func index(of key: String) -> Int? {
    if keys.count > Self.linearLimit { return position[key] }
    for i in keys.indices where keys[i] == key { return i }
    return nil
  }

  /// The value of `key`, or nil.
  public subscript(key: String) -> Value? {
    index(of: key).map { values[$0] }
  }

  /// Sets `key` to `value`: a new key goes last, a repeated one keeps its place.
  public mutating func set(_ key: String, _ value: Value) {
    if let i = index(of: key) {
      values[i] = value
    } else {
      append(key, value)
    }
  }

  /// Changes the value of `key` in place (starting from `defaultValue` for a new key), so a
  /// list or record held there is not copied when it is the only reference.
  public mutating func update(
    _ key: String, default defaultValue: @autoclosure () -> Value,
    _ change: (inout Value) throws -> Void
  ) rethrows {
    let i: Int
    if let existing = index(of: key) {
      i = existing
    } else {
      i = keys.count
      append(key, defaultValue())
    }
    try change(&values[i])
  }

  private mutating func append(_ key: String, _ value: Value) {
    keys.append(key)
    values.append(value)
    if keys.count == Self.linearLimit + 1 {
      position.reserveCapacity(keys.count * 2)
      for (i, k) in keys.enumerated() { position[k] = i }
    } else if keys.count > Self.linearLimit + 1 {
      position[key] = keys.count - 1
    }
  }
}
