#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Reads and writes CSV (RFC 4180) with a configurable one-character separator.
///
/// Reading: quoted fields may contain separators, doubled quotes and line breaks; rows end with
/// LF, CRLF or CR; a trailing line break adds no row; a leading BOM is skipped. Fields stay
/// strings unless `infer` is set, which types integers, floats, `true`/`false`, and makes
/// empty fields null.
///
/// Writing: the header is the union of the records' keys in first-seen order; fields holding
/// the separator, a quote, CR, LF or leading/trailing spaces are quoted; null is empty; lists
/// and records are written as compact JSON; rows end with `\n`.
public enum CSVCodec {
  /// Parses CSV text into rows of fields.
  public static func rows(_ text: String, separator: Character = ",") throws -> [[String]] {
    let sep = separator.asciiValue ?? UInt8(ascii: ",")
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var rows: [[String]] = []
    var row: [String] = []
    var field: [UInt8] = []
    var i = 0
    var line = 1
    var fieldStarted = false
    func endField() {
      row.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
    }
    while i < bytes.count {
      let b = bytes[i]
      if b == UInt8(ascii: "\""), field.isEmpty, !fieldStarted {
        // Quoted field.
        let openLine = line
        i += 1
        while true {
          guard i < bytes.count else {
            throw FormatError(
              format: "CSV", reason: "unterminated quoted field (opened at line \(openLine))",
              line: line)
          }
          let c = bytes[i]
          if c == UInt8(ascii: "\"") {
            if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
              field.append(c)
              i += 2
              continue
            }
            i += 1
            break
          }
          if c == 0x0A { line += 1 }
          field.append(c)
          i += 1
        }
        fieldStarted = true
        if i < bytes.count, bytes[i] != sep, bytes[i] != 0x0A, bytes[i] != 0x0D {
          throw FormatError(
            format: "CSV", reason: "expected a separator or line end after a quoted field",
            line: line)
        }
        continue
      }
      if b == sep {
        endField()
        fieldStarted = false
        i += 1
      } else if b == 0x0A || b == 0x0D {
        endField()
        fieldStarted = false
        rows.append(row)
        row = []
        i += 1
        if b == 0x0D, i < bytes.count, bytes[i] == 0x0A { i += 1 }
        line += 1
      } else {
        field.append(b)
        fieldStarted = true
        i += 1
      }
    }
    if fieldStarted || !field.isEmpty || !row.isEmpty {
      endField()
      rows.append(row)
    }
    return rows
  }

  /// Parses CSV into records: the first row names the columns, unless `headers` is false, in
  /// which case columns are `column1`, `column2`, …. Short rows get nulls, long rows extra
  /// `columnN` fields.
  public static func decode(
    _ text: String, separator: Character = ",", headers: Bool = true, infer: Bool = false
  ) throws -> [Value] {
    var rows = try rows(text, separator: separator)
    var names: [String] = []
    if headers, !rows.isEmpty { names = rows.removeFirst() }
    var seen = Set<String>()
    for i in names.indices {
      if names[i].isEmpty || seen.contains(names[i]) { names[i] = "column\(i + 1)" }
      seen.insert(names[i])
    }
    return rows.map { row in
      var keys = names
      var values: [Value] = []
      values.reserveCapacity(max(row.count, names.count))
      for (i, field) in row.enumerated() {
        if i >= keys.count { keys.append("column\(i + 1)") }
        values.append(infer ? inferValue(field) : .string(field))
      }
      while values.count < keys.count { values.append(.null) }
      return .record(Record(keys: keys, values: values))
    }
  }

  /// A field's typed value under `--infer`.
  public static func inferValue(_ field: String) -> Value {
    if field.isEmpty { return .null }
    if field == "true" { return .bool(true) }
    if field == "false" { return .bool(false) }
    if let i = Int(field) { return .int(i) }
    if let first = field.utf8.first,
      first == UInt8(ascii: "-") || first == UInt8(ascii: ".")
        || (first >= 0x30 && first <= 0x39), let d = Double(field), d.isFinite
    {
      return .float(d)
    }
    return .string(field)
  }

  /// Writes rows as CSV text. Records contribute their fields, other items one `value` column.
  public static func encode(
    _ items: [Value], separator: Character = ",", headers: Bool = true
  )
    -> String
  {
    let layout = ColumnLayout(items, otherColumn: "value")
    let sep = String(separator)
    var out = ""
    if headers, !layout.columns.isEmpty {
      out += layout.columns.map { quote($0, separator: separator) }.joined(separator: sep) + "\n"
    }
    let empty = [String](repeating: "", count: layout.columns.count)
    for item in items {
      var fields = empty
      if case .record(let r) = item {
        for (i, value) in layout.cells(of: r).enumerated() {
          fields[i] = quote(cell(value ?? .null), separator: separator)
        }
      } else if let i = layout.index(of: "value") {
        fields[i] = quote(cell(item), separator: separator)
      }
      out += fields.joined(separator: sep) + "\n"
    }
    return out
  }

  /// A value's text in a CSV cell.
  static func cell(_ v: Value) -> String {
    switch v {
    case .list, .record: JSONWriter.write(v, pretty: false)
    case .duration(let n), .size(let n): String(n)
    default: Render.plainText(v)
    }
  }

  /// Quotes a field when it needs it.
  static func quote(_ field: String, separator: Character) -> String {
    let utf8 = field.utf8
    // A separator that is not ASCII (or a multi-scalar one) is looked for as text.
    let sep = separator.asciiValue
    let needs =
      utf8.contains { b in
        b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D || (sep != nil && b == sep)
      }
      || (sep == nil && field.contains(separator))
      || utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ")
    guard needs else { return field }
    var quoted: [UInt8] = [UInt8(ascii: "\"")]
    quoted.reserveCapacity(utf8.count + 2)
    for b in utf8 {
      quoted.append(b)
      if b == UInt8(ascii: "\"") { quoted.append(b) }
    }
    quoted.append(UInt8(ascii: "\""))
    return String(decoding: quoted, as: UTF8.self)
  }
}
