/// The columns of a list shown as a table (or written as CSV): the union of the records' keys
/// in first-seen order, and each record's values placed under them.
///
/// Both steps are linear in the fields: keys are placed through an index, never found by a
/// search of the columns (or of a record's keys) per cell, so wide records cost no more per
/// field than narrow ones.
public struct ColumnLayout {
  /// The column names, in first-seen order.
  public private(set) var columns: [String] = []
  private var position: [String: Int] = [:]

  /// The columns of `items`; an item that is not a record contributes `otherColumn` (when
  /// given) for its own value.
  public init(_ items: [Value], otherColumn: String? = nil) {
    for item in items {
      if case .record(let r) = item {
        for k in r.keys { add(k) }
      } else if let otherColumn {
        add(otherColumn)
      }
    }
  }

  private mutating func add(_ column: String) {
    guard position[column] == nil else { return }
    position[column] = columns.count
    columns.append(column)
  }

  /// The position of `column`, or nil.
  public func index(of column: String) -> Int? { position[column] }

  /// A record's values by column, nil where it has no such field (a repeated key keeps its
  /// first value, as `record[key]` does).
  public func cells(of record: Record) -> [Value?] {
    var cells = [Value?](repeating: nil, count: columns.count)
    for (key, value) in zip(record.keys, record.values) {
      if let i = position[key], cells[i] == nil { cells[i] = value }
    }
    return cells
  }
}
