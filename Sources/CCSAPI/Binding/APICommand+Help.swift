import CCSRuntime
import CCSText

/// What `help <api command>` shows: the request, its body fields with types, required-ness
/// and allowed values, the response's fields, and worked examples.
extension APICommand {
  public var details: String {
    var out = "\(spec.method) \(spec.path)"
    if spec.destructive {
      out += "\nDestructive: asks for confirmation at a terminal; scripts need --yes."
    }
    if spec.paginationItemsKey != nil {
      out += "\nPaginated: streams every page lazily; --page N fetches one page."
    }
    if spec.isEventStream {
      out +=
        "\nStreams Server-Sent Events as they arrive, reconnecting after a drop without losing or"
        + " repeating events (see 'help watch'); --raw yields the undecoded {event, id, data}."
    }
    if !spec.bodyRows.isEmpty {
      out +=
        "\n\nRequest body (\(spec.bodyMediaType ?? "application/json")): give fields as flags, "
        + "as --body {record}, or pipe a record in.\n"
      out += Self.table(
        spec.bodyRows.map { row in
          let flag = spec.bodyFields.first { $0.apiName == row.name }?.flag
          let name = flag.map { $0 == row.name ? row.name : "\(row.name) (--\($0))" } ?? row.name
          return [name, row.type + (row.required ? ", required" : ""), Self.described(row)]
        })
    }
    if !spec.responseFields.isEmpty {
      out +=
        "\n\nResponse: "
        + (spec.responseIsList ? "a list of records with the fields" : "a record with the fields")
        + "\n"
      out += Self.table(spec.responseFields.map { [$0.name, $0.type, Self.described($0)] })
    } else if spec.responseMediaTypes.isEmpty {
      out += "\n\nResponse: nothing (no content)."
    }
    if !spec.description.isEmpty { out += "\n\n" + spec.description }
    return out
  }

  public var examples: [CommandExample] {
    var line = name
    for f in spec.pathParams where f.apiName != spec.positional {
      line += " --\(f.flag) \(placeholder(f))"
    }
    if let p = spec.pathParams.first(where: { $0.apiName == spec.positional }) {
      line += " \(placeholder(p))"
    }
    for f in spec.bodyFields where f.required { line += " --\(f.flag) \(placeholder(f))" }
    var examples: [CommandExample] = []
    if spec.method == "GET" || spec.bodyFields.isEmpty {
      examples.append(CommandExample(spec.summary, line + (spec.destructive ? " --yes" : "")))
    } else {
      examples.append(CommandExample("See the request without sending it", line + " --dry-run"))
      examples.append(CommandExample(spec.summary, line + (spec.destructive ? " --yes" : "")))
    }
    let shown = spec.responseFields.prefix(3).map(\.name)
    if spec.responseIsList, !shown.isEmpty, spec.method == "GET" {
      examples.append(
        CommandExample(
          "Pick fields of each item", "\(line) | select \(shown.joined(separator: " "))"))
    }
    return examples
  }

  /// A flag's help: `(required)`, its allowed values, its description.
  static func flagDescription(_ f: OperationSpec.Field) -> String {
    var parts: [String] = []
    if f.required { parts.append("(required)") }
    if !f.description.isEmpty { parts.append(f.description) }
    if !f.allowed.isEmpty { parts.append("one of: " + f.allowed.joined(separator: ", ")) }
    return parts.joined(separator: " ")
  }

  /// A row's description followed by its allowed values.
  private static func described(_ row: OperationSpec.SchemaRow) -> String {
    guard !row.allowed.isEmpty else { return row.description }
    let values = "One of: " + row.allowed.joined(separator: ", ") + "."
    return row.description.isEmpty ? values : row.description + " " + values
  }

  /// Rows of cells, columns padded to their widest cell, two spaces apart, no trailing blanks.
  static func table(_ rows: [[String]]) -> String {
    guard let columns = rows.map(\.count).max() else { return "" }
    let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    return rows.map { row in
      var line = "  "
      for (c, cell) in row.enumerated() {
        let isLast = row[(c + 1)...].allSatisfy(\.isEmpty)
        line += isLast ? cell : cell.padded(toLength: widths[c] + 2)
        if isLast { break }
      }
      return line
    }.joined(separator: "\n")
  }

  private func placeholder(_ f: OperationSpec.Field) -> String {
    if let first = f.allowed.first { return first }
    switch f.type {
    case .int: return "42"
    case .bool: return "true"
    case .list: return "[…]"
    case .record: return "{…}"
    default: return "<\(f.flag)>"
    }
  }
}
