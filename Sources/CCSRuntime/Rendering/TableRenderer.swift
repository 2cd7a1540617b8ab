import CCSText

/// Renders values for a terminal: lists of records as tables, records as key/value views,
/// lists of scalars as indexed lists, scalars as plain text.
///
/// Tables take the union of the records' keys in first-seen order as columns, after an index
/// column `#`. Cells are one line; nested records and lists show as `{3 fields}` / `[2 items]`;
/// numbers, durations and sizes are right-aligned; null is empty. When the table is wider than
/// `width`, the widest columns shrink (cells end in `…`), then the rightmost columns are
/// dropped behind a `…` column. With `color`, headers and keys are bold green and markers
/// dimmed; without it the output holds no escape sequence. Output never ends with a newline.
///
/// ```
/// ╭───┬──────┬─────╮
/// │ # │ name │ age │
/// ├───┼──────┼─────┤
/// │ 0 │ ada  │  36 │
/// ╰───┴──────┴─────╯
/// ```
public enum TableRenderer {
  /// Box-drawing characters.
  public enum Style: Sendable {
    /// Rounded Unicode box drawing.
    case unicode
    /// `+`, `-` and `|` only.
    case ascii
  }

  /// Renders `value` to fit in `width` columns. Text in fields named like secrets
  /// (``isSecretField(_:)``) is masked unless `showSecrets`.
  public static func render(
    _ value: Value, width: Int = 80, color: Bool = false, style: Style = .unicode,
    showSecrets: Bool = false
  ) -> String {
    let painter = Painter(color: color)
    switch value {
    case .list(let items):
      if items.isEmpty { return "(empty list)" }
      if items.contains(where: { if case .record = $0 { true } else { false } }) {
        return recordTable(
          items, width: width, painter: painter, style: style, showSecrets: showSecrets)
      }
      let rows = items.enumerated().map { [Cell(index: $0.offset), Cell($0.element)] }
      return grid(header: nil, rows: rows, width: width, painter: painter, style: style)
    case .record(let r):
      if r.isEmpty { return "(empty record)" }
      let rows = r.map {
        [Cell(key: $0.0), field($0.1, named: $0.0, showSecrets: showSecrets, alignNumbers: false)]
      }
      return grid(header: nil, rows: rows, width: width, painter: painter, style: style)
    case .error(let e):
      return render(.record(e.record), width: width, color: color, style: style)
    default:
      return Render.plainText(value)
    }
  }

  // MARK: - Cells

  struct Cell {
    var text: String
    var rightAligned = false
    var emphasized = false
    var dimmed = false

    init(text: String, rightAligned: Bool = false, emphasized: Bool = false, dimmed: Bool = false) {
      self.text = text
      self.rightAligned = rightAligned
      self.emphasized = emphasized
      self.dimmed = dimmed
    }

    init(index: Int) {
      self.init(text: String(index), rightAligned: true, emphasized: true)
    }

    init(key: String) {
      self.init(text: TableRenderer.oneLine(key), emphasized: true)
    }

    init(_ value: Value, alignNumbers: Bool = true) {
      switch value {
      case .int, .float, .duration, .size:
        self.init(text: TableRenderer.cellText(value), rightAligned: alignNumbers)
      default:
        self.init(text: TableRenderer.cellText(value))
      }
    }
  }

  /// The one-line text of a value in a cell.
  static func cellText(_ value: Value) -> String {
    switch value {
    case .null: return ""
    case .record(let r): return r.count == 1 ? "{1 field}" : "{\(r.count) fields}"
    case .list(let l): return l.count == 1 ? "[1 item]" : "[\(l.count) items]"
    case .binary(let b): return "<binary \(b.bytes.count) bytes>"
    case .error(let e): return "error: " + oneLine(e.message)
    default: return oneLine(Render.plainText(value))
    }
  }

  /// Replaces line breaks and tabs by spaces and drops other control characters.
  static func oneLine(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
      return s
    }
    var out = ""
    for scalar in s.unicodeScalars {
      if scalar == "\n" || scalar == "\r" || scalar == "\t" {
        out += " "
      } else if scalar.value >= 0x20, scalar.value != 0x7F {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  // MARK: - Layout

  /// The mask shown for a secret's text.
  public static let secretMask = "••••••"

  /// Whether a field's name says it holds a secret: `token`, `secret`, `password` or a name
  /// ending in one of them (`accessToken`, `client_secret`), `apiKey`, `privateKey`.
  public static func isSecretField(_ name: String) -> Bool {
    let n = name.lowercased().replacing("_", with: "").replacing("-", with: "")
    return ["token", "secret", "password", "passwd", "apikey", "privatekey"].contains {
      n.hasSuffix($0)
    }
  }

  static func field(
    _ value: Value, named name: String, showSecrets: Bool, alignNumbers: Bool = true
  ) -> Cell {
    if !showSecrets, case .string(let s) = value, !s.isEmpty, isSecretField(name) {
      return Cell(text: secretMask, dimmed: true)
    }
    return Cell(value, alignNumbers: alignNumbers)
  }

  static func recordTable(
    _ items: [Value], width: Int, painter: Painter, style: Style, showSecrets: Bool
  )
    -> String
  {
    let layout = ColumnLayout(items, otherColumn: "value")
    let header =
      [Cell(text: "#", rightAligned: true, emphasized: true)]
      + layout.columns.map { Cell(key: $0) }
    let rows: [[Cell]] = items.enumerated().map { index, item in
      var row = [Cell(index: index)]
      row.reserveCapacity(layout.columns.count + 1)
      if case .record(let r) = item {
        for (column, value) in zip(layout.columns, layout.cells(of: r)) {
          row.append(field(value ?? .null, named: column, showSecrets: showSecrets))
        }
      } else {
        for column in layout.columns { row.append(column == "value" ? Cell(item) : Cell(.null)) }
      }
      return row
    }
    return grid(header: header, rows: rows, width: width, painter: painter, style: style)
  }

  /// Lays out cells in a box; column 0 is never shrunk or dropped.
  static func grid(
    header: [Cell]?, rows: [[Cell]], width: Int, painter: Painter, style: Style
  )
    -> String
  {
    let columnCount = header?.count ?? rows.first?.count ?? 0
    var natural = [Int](repeating: 1, count: columnCount)
    for row in (header.map { [$0] } ?? []) + rows {
      for (i, cell) in row.enumerated() { natural[i] = max(natural[i], DisplayWidth.of(cell.text)) }
    }
    // Each column costs its width plus 3 (border and two spaces); plus the closing border.
    func total(_ widths: [Int], marker: Bool) -> Int {
      widths.reduce(0) { $0 + $1 + 3 } + 1 + (marker ? 4 : 0)
    }
    func minimum(_ i: Int) -> Int { i == 0 ? natural[0] : min(natural[i], 6) }
    // Drop columns from the right until the rest fit at their minimum widths (one running
    // total, not a sum per step: a list can have thousands of columns).
    var kept = columnCount
    var dropped = false
    var keptMinimum = total((0..<kept).map(minimum), marker: false)
    while kept > 2, keptMinimum + (dropped ? 4 : 0) > width {
      kept -= 1
      keptMinimum -= minimum(kept) + 3
      dropped = true
    }
    var widths = Array(natural[0..<kept])
    shrink(&widths, by: total(widths, marker: dropped) - width, floor: minimum)
    let box = BoxChars(style)
    var lines: [String] = []
    func rule(_ left: String, _ mid: String, _ right: String) -> String {
      var parts = widths.map { String(repeating: box.horizontal, count: $0 + 2) }
      if dropped { parts.append(String(repeating: box.horizontal, count: 3)) }
      return left + parts.joined(separator: mid) + right
    }
    func line(_ row: [Cell]) -> String {
      var parts: [String] = []
      for (i, w) in widths.enumerated() {
        let cell = i < row.count ? row[i] : Cell(text: "")
        let text = DisplayWidth.truncate(cell.text, to: w)
        let pad = String(repeating: " ", count: w - DisplayWidth.of(text))
        let padded = cell.rightAligned ? pad + text : text + pad
        parts.append(" " + painter.paint(padded, cell) + " ")
      }
      if dropped {
        parts.append(" " + painter.paint(box.ellipsis, Cell(text: "", dimmed: true)) + " ")
      }
      return box.vertical + parts.joined(separator: box.vertical) + box.vertical
    }
    lines.append(rule(box.topLeft, box.topMid, box.topRight))
    if let header {
      lines.append(line(header))
      lines.append(rule(box.midLeft, box.cross, box.midRight))
    }
    for row in rows { lines.append(line(row)) }
    lines.append(rule(box.bottomLeft, box.bottomMid, box.bottomRight))
    return lines.joined(separator: "\n")
  }

  /// Takes `excess` columns of width away, one at a time from the widest column (the
  /// leftmost of equals) that is above its floor; column 0 is never shrunk. Whole levels are
  /// taken at once, so the cost does not grow with the excess (a cell can be megabytes wide).
  static func shrink(_ widths: inout [Int], by excess: Int, floor: (Int) -> Int) {
    var excess = excess
    while excess > 0 {
      let candidates = widths.indices.dropFirst().filter { widths[$0] > floor($0) }
      guard let top = candidates.map({ widths[$0] }).max() else { return }
      let tier = candidates.filter { widths[$0] == top }
      // The level at which another column joins the tier or a column reaches its floor.
      var next = tier.map(floor).max() ?? 0
      for i in candidates where widths[i] < top { next = max(next, widths[i]) }
      let steps = (top - next) * tier.count
      if excess >= steps {
        for i in tier { widths[i] = next }
        excess -= steps
      } else {
        let rounds = excess / tier.count
        let extra = excess % tier.count
        for (n, i) in tier.enumerated() { widths[i] = top - rounds - (n < extra ? 1 : 0) }
        excess = 0
      }
    }
  }

  struct BoxChars {
    let horizontal, vertical, topLeft, topMid, topRight, midLeft, cross, midRight: String
    let bottomLeft, bottomMid, bottomRight, ellipsis: String

    init(_ style: Style) {
      switch style {
      case .unicode:
        (horizontal, vertical, topLeft, topMid, topRight) = ("─", "│", "╭", "┬", "╮")
        (midLeft, cross, midRight) = ("├", "┼", "┤")
        (bottomLeft, bottomMid, bottomRight, ellipsis) = ("╰", "┴", "╯", "…")
      case .ascii:
        (horizontal, vertical, topLeft, topMid, topRight) = ("-", "|", "+", "+", "+")
        (midLeft, cross, midRight) = ("+", "+", "+")
        (bottomLeft, bottomMid, bottomRight, ellipsis) = ("+", "+", "+", "~")
      }
    }
  }

  struct Painter {
    let color: Bool

    func paint(_ text: String, _ cell: Cell) -> String {
      guard color else { return text }
      if cell.emphasized { return "\u{1B}[1;32m" + text + "\u{1B}[0m" }
      if cell.dimmed { return "\u{1B}[2m" + text + "\u{1B}[0m" }
      return text
    }
  }
}

/// Terminal column widths of text: East Asian wide characters and emoji count 2, combining
/// marks 0.
public enum DisplayWidth {
  /// The number of terminal columns `s` occupies.
  public static func of(_ s: String) -> Int {
    if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.utf8.count }
    return s.reduce(0) { $0 + of($1) }
  }

  /// The columns of one character (grapheme cluster).
  public static func of(_ c: Character) -> Int {
    guard let scalar = c.unicodeScalars.first else { return 0 }
    let v = scalar.value
    if v < 0x300 { return 1 }
    if (0x300..<0x370).contains(v) || v == 0x200B || v == 0x200D { return 0 }
    let wide: [ClosedRange<UInt32>] = [
      0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]
    return wide.contains { $0.contains(v) } ? 2 : 1
  }

  /// `s` cut to at most `width` columns, ending in `…` when cut.
  public static func truncate(_ s: String, to width: Int) -> String {
    guard of(s) > width else { return s }
    guard width > 1 else { return width == 1 ? "…" : "" }
    var out = ""
    var used = 0
    for c in s {
      let w = of(c)
      if used + w > width - 1 { break }
      out.append(c)
      used += w
    }
    return out + "…"
  }
}
