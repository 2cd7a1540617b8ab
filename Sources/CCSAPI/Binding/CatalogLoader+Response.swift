import CCSRuntime

/// The schema rows `help` shows for request bodies and responses.
extension CatalogLoader {
  /// The fields of a success response: those of each item when the response is a list (an
  /// array, or the list under `itemsKey`), else those of the record.
  func responseFields(
    _ schema: Value, itemsKey: String?
  ) -> (isList: Bool, [OperationSpec.SchemaRow]) {
    var record = (try? flatten(resolve(schema, at: ""))) ?? Record()
    var isList = false
    if let itemsKey, let inner = record["properties"]?.recordValue?[itemsKey] {
      record = (try? flatten(resolve(inner, at: ""))) ?? Record()
    }
    if record["type"]?.stringValue == "array", let items = record["items"] {
      record = (try? flatten(resolve(items, at: ""))) ?? Record()
      isList = true
    }
    return (isList, schemaRows(record, prefix: "", depth: 1))
  }

  /// One row per property of `schema`, then (while `depth` is 0) the rows of each property
  /// that is itself an object, named `parent.child`.
  func schemaRows(_ schema: Record, prefix: String, depth: Int) -> [OperationSpec.SchemaRow] {
    guard case .record(let properties)? = schema["properties"] else { return [] }
    let required = Set((schema["required"]?.listItems ?? []).compactMap(\.stringValue))
    var rows: [OperationSpec.SchemaRow] = []
    for (name, raw) in properties {
      let property = (try? flatten(resolve(raw, at: ""))) ?? Record()
      rows.append(
        OperationSpec.SchemaRow(
          name: prefix + name, type: Self.typeText(property), required: required.contains(name),
          allowed: Self.allowed(.record(property)),
          description: Self.oneLine(property["description"]?.stringValue ?? "")))
      if depth == 0, property["properties"] != nil {
        rows += schemaRows(property, prefix: prefix + name + ".", depth: depth + 1)
      }
    }
    return rows
  }

  /// `string`, `string (date-time)`, `integer`, `list of string`, `object`…
  static func typeText(_ r: Record) -> String {
    var type = r["x-ccs-type"] ?? r["type"]
    if case .list(let types)? = type { type = types.first { $0 != .string("null") } }
    var text = type?.stringValue ?? (r["properties"] != nil ? "object" : "any")
    if text == "array", let items = r["items"]?.recordValue, let inner = items["type"]?.stringValue
    {
      text = "list of \(inner)"
    } else if text == "array" {
      text = "list"
    }
    if let format = r["format"]?.stringValue { text += " (\(format))" }
    return text
  }
}
