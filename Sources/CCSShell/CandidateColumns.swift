/// Lays completion candidates out in columns, filled top to bottom then left to right, as
/// bash and `ls` do; candidates with descriptions go one per line with the description
/// beside the value, as fish and nushell show them.
struct CandidateColumns {
  /// The candidates, in display order.
  var candidates: [String]
  /// The terminal width in columns.
  var width: Int
  /// A description per candidate; any non-empty one switches to one candidate per line.
  var descriptions: [String: String] = [:]

  /// Spaces between two columns.
  static let gap = 2
  /// The widest value column in the described layout; longer values push their description.
  static let widestValueColumn = 32

  /// The rows to print, without trailing spaces or newlines.
  var rows: [String] {
    guard !candidates.isEmpty else { return [] }
    if candidates.contains(where: { !(descriptions[$0] ?? "").isEmpty }) { return describedRows }
    let widest = candidates.map(\.count).max() ?? 0
    let columnWidth = widest + CandidateColumns.gap
    let columns = max(1, (max(width, 1) + CandidateColumns.gap) / columnWidth)
    let rowCount = (candidates.count + columns - 1) / columns
    return (0..<rowCount).map { row in
      var line = ""
      var column = 0
      while row + column * rowCount < candidates.count {
        let item = candidates[row + column * rowCount]
        let isLast = row + (column + 1) * rowCount >= candidates.count
        line += isLast ? item : item + String(repeating: " ", count: columnWidth - item.count)
        column += 1
      }
      return line
    }
  }

  /// `value  description`, values padded to one column, each row cut to the width.
  private var describedRows: [String] {
    let valueWidth = min(candidates.map(\.count).max() ?? 0, CandidateColumns.widestValueColumn)
    return candidates.map { value in
      let description = descriptions[value] ?? ""
      guard !description.isEmpty else { return value }
      let padding = String(
        repeating: " ", count: max(valueWidth - value.count, 0) + CandidateColumns.gap)
      let line = value + padding + description
      return line.count <= max(width, 1) ? line : String(line.prefix(max(width - 1, 1))) + "…"
    }
  }
}
