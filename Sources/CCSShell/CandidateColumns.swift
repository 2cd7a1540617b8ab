/// Lays completion candidates out in columns, filled top to bottom then left to right, as
/// bash and `ls` do.
struct CandidateColumns {
  /// The candidates, in display order.
  var candidates: [String]
  /// The terminal width in columns.
  var width: Int

  /// Spaces between two columns.
  static let gap = 2

  /// The rows to print, without trailing spaces or newlines.
  var rows: [String] {
    guard !candidates.isEmpty else { return [] }
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
}
