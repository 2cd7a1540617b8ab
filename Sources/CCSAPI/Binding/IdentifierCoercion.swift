import CCSRuntime

/// Makes a response agree with its schema where an API is inconsistent about a type: a number
/// where the schema says `type: string`, or `x-ccs-type: string` over the wire's `integer`,
/// becomes its text. Cloudron answers `{taskId: 295}` to a 202 but `{id: "295"}` from
/// `GET /tasks/295`; the catalog declares the first an integer read as a string, so the two
/// compare equal and sort the same way (naturally).
enum IdentifierCoercion {
  static func apply(_ value: Value, _ schema: Value?, depth: Int = 0) -> Value {
    guard depth < 24, case .record(let s)? = schema else { return value }
    switch value {
    case .int(let i) where (s["x-ccs-type"] ?? s["type"])?.stringValue == "string":
      return .string(String(i))
    case .list(let items):
      guard let itemSchema = s["items"] else { return value }
      return .list(items.map { apply($0, itemSchema, depth: depth + 1) })
    case .record(var r):
      guard case .record(let props)? = s["properties"] else { return value }
      for (k, v) in r {
        if let ps = props[k] { r[k] = apply(v, ps, depth: depth + 1) }
      }
      return .record(r)
    default:
      return value
    }
  }
}
