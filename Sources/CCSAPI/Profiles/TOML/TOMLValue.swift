/// A TOML value as `TOMLReader` reads it.
///
/// Dates and times keep their text as written (after validation): the configuration file
/// has no use for them beyond being accepted.
public indirect enum TOMLValue: Sendable, Equatable {
  case string(String)
  case integer(Int64)
  case float(Double)
  case bool(Bool)
  /// An offset or local date-time, a local date or a local time, as written.
  case datetime(String)
  case array([TOMLValue])
  case table(TOMLTable)

  public var string: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  public var bool: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }

  public var table: TOMLTable? {
    if case .table(let table) = self { return table }
    return nil
  }
}

/// A TOML table: its keys in document order, each value with the lines that define it.
public struct TOMLTable: Sendable, Equatable {
  struct Entry: Sendable, Equatable {
    var value: TOMLValue
    /// The 1-based lines from the key to the end of its value (the `[header]` for a table
    /// defined by one).
    var lines: ClosedRange<Int>
  }

  /// The keys in the order the document first names them.
  public private(set) var keys: [String] = []
  private var entries: [String: Entry] = [:]
  /// The 1-based line of the table's `[header]`, or of the key that first names it; nil for
  /// the document's root.
  public internal(set) var line: Int?

  init(line: Int?) { self.line = line }

  public subscript(key: String) -> TOMLValue? { entries[key]?.value }

  /// The 1-based line that defines `key` in this table.
  public func line(of key: String) -> Int? { entries[key]?.lines.lowerBound }

  /// The 1-based lines from `key` to the end of its value.
  public func lines(of key: String) -> ClosedRange<Int>? { entries[key]?.lines }

  /// The same keys with equal values, whatever their order and lines.
  public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
    lhs.keys.count == rhs.keys.count && lhs.keys.allSatisfy { lhs[$0] == rhs[$0] }
  }

  mutating func set(_ key: String, _ value: TOMLValue, lines: ClosedRange<Int>) {
    if entries.updateValue(Entry(value: value, lines: lines), forKey: key) == nil {
      keys.append(key)
    }
  }
}

/// A document that is not TOML: the message, with the 1-based line and column it refers to.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public var message: String

  public var description: String { "\(line):\(column): \(message)" }
}
