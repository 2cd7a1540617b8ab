/// An ordered list of HTTP header fields with case-insensitive name lookup.
///
/// Order and repeated names are kept as given, so a request renders and is sent exactly as built.
///
/// ```swift
/// var headers: APIHeaders = ["Accept": "application/json"]
/// headers.set("Content-Type", "application/json")
/// headers["accept"]  // "application/json"
/// ```
public struct APIHeaders: Sendable, Hashable {
  /// One header field as it appears on the wire.
  public struct Field: Sendable, Hashable {
    /// The field name, with the case it was given.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a field.
    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  /// The fields in order.
  public private(set) var fields: [Field]

  /// Creates headers from fields in order.
  public init(_ fields: [Field] = []) {
    self.fields = fields
  }

  /// Creates headers from name/value pairs in order.
  public init(_ pairs: [(String, String)]) {
    self.fields = pairs.map { Field(name: $0.0, value: $0.1) }
  }

  /// The value of the first field named `name` (case-insensitive), or nil.
  public subscript(name: String) -> String? {
    let key = name.lowercased()
    return fields.first { $0.name.lowercased() == key }?.value
  }

  /// Every value of the fields named `name` (case-insensitive), in order.
  public func values(for name: String) -> [String] {
    let key = name.lowercased()
    return fields.filter { $0.name.lowercased() == key }.map(\.value)
  }

  /// Whether a field named `name` (case-insensitive) is present.
  public func contains(_ name: String) -> Bool {
    self[name] != nil
  }

  /// Appends a field, keeping any existing fields of the same name.
  public mutating func add(_ name: String, _ value: String) {
    fields.append(Field(name: name, value: value))
  }

  /// Replaces every field named `name` by one field with `value`, in the first one's place.
  public mutating func set(_ name: String, _ value: String) {
    let key = name.lowercased()
    guard let first = fields.firstIndex(where: { $0.name.lowercased() == key }) else {
      add(name, value)
      return
    }
    var result: [Field] = []
    for (index, field) in fields.enumerated() {
      if index == first {
        result.append(Field(name: name, value: value))
      } else if field.name.lowercased() != key {
        result.append(field)
      }
    }
    fields = result
  }

  /// Sets `name` to `value` only when no field of that name is present.
  public mutating func setIfAbsent(_ name: String, _ value: String) {
    if !contains(name) { add(name, value) }
  }

  /// Removes every field named `name` (case-insensitive).
  public mutating func remove(_ name: String) {
    let key = name.lowercased()
    fields.removeAll { $0.name.lowercased() == key }
  }
}

extension APIHeaders: ExpressibleByDictionaryLiteral {
  /// Creates headers from a literal, in source order.
  public init(dictionaryLiteral elements: (String, String)...) {
    self.init(elements)
  }
}

extension APIHeaders: Sequence {
  /// Iterates the fields in order.
  public func makeIterator() -> IndexingIterator<[Field]> {
    fields.makeIterator()
  }
}
