/// An ordered map from string keys to values: the shape of every JSON object.
///
/// Lookups are linear, which beats hashing for the small records APIs return; records that
/// share a shape (every line of an NDJSON file) share one key array.
public struct Record: Sendable, Equatable, Sequence {
  /// The keys, in insertion order.
  public private(set) var keys: [String]
  /// The values, parallel to `keys`.
  public private(set) var values: [Value]

  /// An empty record.
  public init() {
    keys = []
    values = []
  }

  /// A record from parallel key and value arrays (keys must be unique).
  public init(keys: [String], values: [Value]) {
    self.keys = keys
    self.values = values
  }

  /// A record from key-value pairs; a repeated key keeps its first position and last value.
  public init(_ pairs: [(String, Value)]) {
    var builder = RecordBuilder(capacity: pairs.count)
    for (k, v) in pairs { builder.set(k, v) }
    self = builder.record
  }

  /// The number of fields.
  public var count: Int { keys.count }
  /// Whether there are no fields.
  public var isEmpty: Bool { keys.isEmpty }

  /// The value for `key`, or nil; setting nil removes the field.
  public subscript(key: String) -> Value? {
    get {
      if let i = index(of: key) { return values[i] }
      return nil
    }
    set {
      if let i = index(of: key) {
        if let newValue {
          values[i] = newValue
        } else {
          keys.remove(at: i)
          values.remove(at: i)
        }
      } else if let newValue {
        keys.append(key)
        values.append(newValue)
      }
    }
  }

  /// The position of `key`, or nil.
  @inline(__always)
  public func index(of key: String) -> Int? {
    for i in keys.indices where keys[i] == key { return i }
    return nil
  }

  /// Iterates `(key, value)` pairs in order.
  public func makeIterator() -> AnyIterator<(String, Value)> {
    var i = 0
    return AnyIterator {
      guard i < keys.count else { return nil }
      defer { i += 1 }
      return (keys[i], values[i])
    }
  }
}
