/// A table while a document is read. Later headers and dotted keys extend tables named
/// earlier, so they are references until the end, when `table()` freezes them into values.
final class TOMLTableNode {
  /// How the table came to be, which decides what may extend it (TOML 1.0, "Table"):
  /// a `[header]` defines a table once; the tables above it are implicit until a header of
  /// their own defines them; tables made by dotted keys take no header afterwards, though
  /// headers may add sub-tables to them.
  enum Origin {
    case implicit
    case header
    case dotted
  }

  enum Slot {
    /// A value written after `=`: inline tables and arrays are complete and take no more keys.
    case value(TOMLValue, lines: ClosedRange<Int>)
    case table(TOMLTableNode)
    /// An array of tables, made by `[[header]]`s.
    case tables(TOMLArrayNode)
  }

  var origin: Origin
  /// The line of the header or key that first named the table.
  let line: Int?
  /// Tables above this one: bounded by `TOMLReader.maxDepth`, so that freezing and releasing
  /// the tree (both recursive) stay within the stack.
  let depth: Int
  private(set) var keys: [String] = []
  private(set) var slots: [String: Slot] = [:]

  init(origin: Origin, line: Int?, depth: Int) {
    self.origin = origin
    self.line = line
    self.depth = depth
  }

  subscript(key: String) -> Slot? { slots[key] }

  func set(_ key: String, _ slot: Slot) {
    if slots.updateValue(slot, forKey: key) == nil { keys.append(key) }
  }

  /// The table as a value, its sub-tables and arrays of tables frozen too.
  func table() -> TOMLTable {
    var table = TOMLTable(line: line)
    for key in keys {
      guard let slot = slots[key] else { continue }
      switch slot {
      case .value(let value, let lines):
        table.set(key, value, lines: lines)
      case .table(let node):
        let line = node.line ?? 0
        table.set(key, .table(node.table()), lines: line...line)
      case .tables(let array):
        let tables = array.tables.map { TOMLValue.table($0.table()) }
        table.set(key, .array(tables), lines: array.line...array.line)
      }
    }
    return table
  }
}

/// An array of tables: each `[[header]]` appends one, and headers below it extend the last.
final class TOMLArrayNode {
  let line: Int
  var tables: [TOMLTableNode]

  init(line: Int, first: TOMLTableNode) {
    self.line = line
    tables = [first]
  }
}
