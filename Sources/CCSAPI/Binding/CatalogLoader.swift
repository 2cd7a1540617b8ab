import CCSLanguage
import CCSRuntime
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Errors in an OpenAPI document, located by JSON pointer.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
  /// What is wrong.
  public var message: String
  /// Where, as a JSON pointer (`/paths/~1pets/get/parameters/0`).
  public var pointer: String

  public var description: String { "\(message) at \(pointer.isEmpty ? "/" : pointer)" }
}

/// Turns an OpenAPI 3.0/3.1 document (already parsed into a `Value` tree) into operation specs,
/// applying the naming rule of docs/commands.md where `x-ccs-command` is absent.
public struct CatalogLoader {
  let api: String
  let root: Record
  /// Whether list envelopes and pagination are inferred where the `x-ccs-*` extensions are
  /// absent (documents bound with `api load`; the built-in catalogs say it explicitly).
  public var infersEnvelopes = false

  /// Prepares to bind `document` under the API name `api`.
  public init(api: String, document: Value) throws {
    guard case .record(let r) = document else {
      throw CatalogError(message: "an OpenAPI document must be an object", pointer: "")
    }
    guard let version = r["openapi"]?.stringValue else {
      throw CatalogError(
        message: "missing 'openapi' version field: not an OpenAPI document", pointer: "/openapi")
    }
    guard version.hasPrefix("3.0") || version.hasPrefix("3.1") else {
      throw CatalogError(
        message: "unsupported OpenAPI version \(version) (3.0 and 3.1 are)", pointer: "/openapi")
    }
    guard case .record? = r["paths"] else {
      throw CatalogError(message: "'paths' must be an object", pointer: "/paths")
    }
    self.api = api
    self.root = r
  }

  static let methods = ["get", "put", "post", "delete", "patch", "head", "options"]

  /// Every operation of the document, with unique command words.
  public func operations() throws -> [OperationSpec] {
    guard case .record(let paths)? = root["paths"] else { return [] }
    try checkReferences(.record(root), at: "")
    let allPaths = paths.keys
    let common = Self.commonPrefix(allPaths)
    var specs: [OperationSpec] = []
    for (path, rawItem) in paths {
      let itemPointer = "/paths/" + Self.escape(path)
      guard case .record(let item) = try resolve(rawItem, at: itemPointer) else {
        throw CatalogError(message: "a path item must be an object", pointer: itemPointer)
      }
      let shared = try parameters(item["parameters"], at: itemPointer + "/parameters")
      let methodsHere = Self.methods.filter { item[$0] != nil }
      for method in methodsHere {
        let pointer = itemPointer + "/" + method
        guard case .record(let op)? = item[method] else {
          throw CatalogError(message: "an operation must be an object", pointer: pointer)
        }
        specs.append(
          try spec(
            path: path, method: method, op: op, shared: shared, pointer: pointer,
            commonPrefix: common, methodsHere: methodsHere, item: item))
      }
    }
    // Collisions: append the method, then a number.
    var seen: [String: Int] = [:]
    for i in specs.indices {
      var name = specs[i].words.joined(separator: " ")
      if seen[name] != nil {
        specs[i].words.append(specs[i].method.lowercased())
        name = specs[i].words.joined(separator: " ")
        var n = 2
        while seen[name] != nil {
          specs[i].words[specs[i].words.count - 1] = "\(specs[i].method.lowercased())-\(n)"
          name = specs[i].words.joined(separator: " ")
          n += 1
        }
      }
      seen[name] = i
    }
    return specs
  }

  // MARK: - Operations

  private func spec(
    path: String, method: String, op: Record, shared: [(Record, String)], pointer: String,
    commonPrefix: [String], methodsHere: [String], item: Record
  ) throws -> OperationSpec {
    var params = shared
    for (p, ptr) in try parameters(op["parameters"], at: pointer + "/parameters") {
      params.removeAll { $0.0["name"] == p["name"] && $0.0["in"] == p["in"] }
      params.append((p, ptr))
    }
    var pathFields: [OperationSpec.Field] = []
    var queryFields: [OperationSpec.Field] = []
    var positionalOverride: [String: Bool] = [:]
    for (p, ptr) in params {
      guard let name = p["name"]?.stringValue else {
        throw CatalogError(message: "a parameter needs a 'name'", pointer: ptr)
      }
      guard let location = p["in"]?.stringValue else {
        throw CatalogError(
          message: "parameter '\(name)' needs 'in' (path, query, header or cookie)", pointer: ptr)
      }
      let schema = try p["schema"].map { try resolve($0, at: ptr + "/schema") } ?? .null
      var field = OperationSpec.Field(
        apiName: name, flag: p["x-ccs-flag"]?.stringValue ?? Self.kebab(name),
        type: Self.type(of: schema), allowed: Self.allowed(schema),
        required: location == "path" || p["required"] == .bool(true),
        explode: p["explode"].map { $0 == .bool(true) }
          ?? (p["style"]?.stringValue ?? "form" == "form"),
        description: Self.oneLine(p["description"]?.stringValue ?? ""))
      if case .bool(let b)? = p["x-ccs-positional"] { positionalOverride[name] = b }
      if case .record(let c)? = p["x-ccs-complete"], let command = c["command"]?.stringValue,
        let f = c["field"]?.stringValue
      {
        field.complete = (command, f)
      }
      switch location {
      case "path": pathFields.append(field)
      case "query": queryFields.append(field)
      default: continue
      }
    }
    // Path parameters in the order they appear in the template.
    let order = Self.pathParameterNames(path)
    pathFields.sort {
      (order.firstIndex(of: $0.apiName) ?? 0) < (order.firstIndex(of: $1.apiName) ?? 0)
    }
    for name in order where !pathFields.contains(where: { $0.apiName == name }) {
      pathFields.append(
        OperationSpec.Field(
          apiName: name, flag: Self.kebab(name), type: .string, allowed: [], required: true,
          explode: true, description: ""))
    }

    // Body
    var bodyFields: [OperationSpec.Field] = []
    var bodyMediaType: String?
    var bodyRequired = false
    var bodySchema: Record?
    if let rawBody = op["requestBody"] {
      guard case .record(let body) = try resolve(rawBody, at: pointer + "/requestBody") else {
        throw CatalogError(
          message: "requestBody must be an object", pointer: pointer + "/requestBody")
      }
      bodyRequired = body["required"] == .bool(true)
      if case .record(let content)? = body["content"] {
        bodyMediaType = content.keys.first { $0.contains("json") } ?? content.keys.first
        if let mt = bodyMediaType, case .record(let media)? = content[mt], let s = media["schema"] {
          let schema = try flatten(
            try resolve(s, at: pointer + "/requestBody/content/" + Self.escape(mt) + "/schema"))
          bodySchema = schema
          if case .record(let props)? = schema["properties"] {
            let required = (schema["required"]?.listItems ?? []).compactMap(\.stringValue)
            for (name, raw) in props {
              let ps = try resolve(raw, at: pointer + "/requestBody/properties/" + name)
              bodyFields.append(
                OperationSpec.Field(
                  apiName: name, flag: Self.kebab(name), type: Self.type(of: ps),
                  allowed: Self.allowed(ps),
                  required: required.contains(name), explode: true,
                  description: Self.oneLine((ps.recordValue?["description"]?.stringValue) ?? "")))
            }
          }
        }
      }
    }

    // Responses
    var mediaTypes: [String] = []
    var responseSchema: Value?
    var listLike = false
    if case .record(let responses)? = op["responses"] {
      for (status, raw) in responses where status.hasPrefix("2") {
        guard case .record(let response) = try resolve(raw, at: pointer + "/responses/" + status)
        else { continue }
        if case .record(let content)? = response["content"] {
          for (mt, media) in content {
            mediaTypes.append(mt)
            if responseSchema == nil, mt.contains("json"), case .record(let m) = media,
              let s = m["schema"]
            {
              let schema = try resolve(
                s, at: pointer + "/responses/" + status + "/content/" + Self.escape(mt) + "/schema")
              responseSchema = inliningReferences(schema)
              listLike = isListSchema(schema)
            }
          }
        }
      }
    }

    let literal = Self.literalSegments(path, dropping: commonPrefix)
    var words: [String]
    if let explicit = op["x-ccs-command"]?.stringValue {
      words = explicit.split(separator: " ").map(String.init)
    } else {
      words = Self.derive(
        path: path, method: method, literals: literal, listLike: listLike, methodsHere: methodsHere,
        api: api, item: item, isList: { self.isListSchema($0) },
        resolve: { try? self.resolve($0, at: "") })
    }
    var positional: String?
    if let lastParam = order.last {
      let segments = path.split(separator: "/").map(String.init)
      let last = segments.last ?? ""
      let byRule: Bool
      if last.contains("{") {
        byRule = true  // `/tasks/{id}` or `/invoices/{id}.pdf`
      } else if segments.count >= 2, segments[segments.count - 2].contains("{\(lastParam)}") {
        byRule = words.last == Self.kebab(last)  // `/tasks/{id}/stop` → `tasks stop ID`
      } else {
        byRule = false
      }
      positional = (positionalOverride[lastParam] ?? byRule) ? lastParam : nil
    }
    let inferred =
      infersEnvelopes && method == "get" && op["x-ccs-items"] == nil
        && op["x-ccs-pagination"] == nil
      ? inferEnvelope(responseSchema, queryNames: Set(queryFields.map(\.apiName)))
      : (items: nil, pagination: nil)
    let security = op["security"] ?? root["security"]
    let isPublic: Bool
    if case .list(let reqs)? = security {
      isPublic = reqs.isEmpty
    } else {
      isPublic = security == nil
    }

    let streamBehavior: StreamBehavior
    do {
      streamBehavior = try StreamBehavior.parse(op["x-ccs-stream"])
    } catch {
      throw CatalogError(message: error.description, pointer: pointer + "/x-ccs-stream")
    }

    var spec = OperationSpec(
      api: api, words: words, method: method.uppercased(), path: path,
      operationId: op["operationId"]?.stringValue,
      summary: Self.oneLine(
        op["summary"]?.stringValue ?? op["operationId"]?.stringValue
          ?? "\(method.uppercased()) \(path)"),
      description: op["description"]?.stringValue ?? "",
      pathParams: pathFields, positional: positional, queryParams: queryFields,
      bodyFields: bodyFields, bodyMediaType: bodyMediaType, bodyRequired: bodyRequired,
      responseMediaTypes: mediaTypes, responseSchema: responseSchema,
      destructive: op["x-ccs-destructive"] == .bool(true) || method == "delete",
      paginationItemsKey: op["x-ccs-pagination"]?.recordValue?["itemsKey"]?.stringValue
        ?? inferred.pagination,
      wrappedItemsKey: op["x-ccs-items"]?.stringValue ?? inferred.items,
      asyncTask: op["x-ccs-async-task"] == .bool(true), isPublic: isPublic)
    if let responseSchema {
      (spec.responseIsList, spec.responseFields) = responseFields(
        responseSchema, itemsKey: spec.itemsKey)
    }
    if let bodySchema { spec.bodyRows = schemaRows(bodySchema, prefix: "", depth: 0) }
    spec.securityDeclared = security != nil
    spec.streamBehavior = streamBehavior
    do {
      spec.finalStateWait = try FinalStateWait.parse(op["x-ccs-wait"])
    } catch {
      throw CatalogError(message: error.description, pointer: pointer + "/x-ccs-wait")
    }
    return spec
  }

  private func parameters(_ raw: Value?, at pointer: String) throws -> [(Record, String)] {
    guard let raw else { return [] }
    guard case .list(let items) = raw else {
      throw CatalogError(message: "'parameters' must be a list", pointer: pointer)
    }
    return try items.enumerated().map { i, p in
      let ptr = "\(pointer)/\(i)"
      guard case .record(let r) = try resolve(p, at: ptr) else {
        throw CatalogError(message: "a parameter must be an object", pointer: ptr)
      }
      return (r, ptr)
    }
  }

  // MARK: - References and schemas

  /// Throws on the first `$ref` anywhere in the document that does not resolve (nested refs
  /// in schemas are otherwise only followed lazily, or never).
  func checkReferences(_ value: Value, at pointer: String) throws {
    switch value {
    case .record(let r):
      if r["$ref"]?.stringValue != nil { _ = try resolve(value, at: pointer) }
      for (k, v) in r where k != "$ref" {
        try checkReferences(v, at: pointer + "/" + Self.escape(k))
      }
    case .list(let items):
      for (i, v) in items.enumerated() { try checkReferences(v, at: "\(pointer)/\(i)") }
    default:
      break
    }
  }

  /// Follows `$ref`s within the document.
  func resolve(_ value: Value, at pointer: String, depth: Int = 0) throws -> Value {
    guard case .record(let r) = value, let ref = r["$ref"]?.stringValue else { return value }
    guard depth < 32 else {
      throw CatalogError(message: "reference cycle through \(ref)", pointer: pointer)
    }
    guard ref.hasPrefix("#/") else {
      throw CatalogError(
        message: "external reference '\(ref)' is not supported (only '#/…')",
        pointer: pointer + "/$ref")
    }
    var current: Value = .record(root)
    for part in ref.dropFirst(2).split(separator: "/") {
      let key = String(part.replacing("~1", with: "/").replacing("~0", with: "~"))
      switch current {
      case .record(let rec) where rec[key] != nil: current = rec[key] ?? .null
      case .list(let items) where Int(key).map { $0 >= 0 && $0 < items.count } ?? false:
        current = items[Int(key) ?? 0]
      default:
        throw CatalogError(message: "dangling reference '\(ref)'", pointer: pointer + "/$ref")
      }
    }
    return try resolve(current, at: pointer, depth: depth + 1)
  }

  /// `schema` with the `$ref`s of its `properties`, `items`, `allOf`, `anyOf`, `oneOf` and
  /// `additionalProperties` replaced by their targets, so the response decoder can see every
  /// nested `format: date-time`. A recursive schema is unrolled twice (a tree's children and
  /// grandchildren); deeper levels, and anything deeper than 16, are left as they are. A
  /// dangling reference was reported by `checkReferences`.
  func inliningReferences(_ schema: Value, depth: Int = 0, inlining: [String: Int] = [:]) -> Value {
    guard depth < 16, case .record(var r) = schema else { return schema }
    var inlining = inlining
    if let ref = r["$ref"]?.stringValue {
      guard inlining[ref, default: 0] < 3, let target = try? resolve(schema, at: "") else {
        return schema
      }
      inlining[ref, default: 0] += 1
      return inliningReferences(target, depth: depth + 1, inlining: inlining)
    }
    if case .record(var props)? = r["properties"] {
      for (k, v) in props { props[k] = inliningReferences(v, depth: depth + 1, inlining: inlining) }
      r["properties"] = .record(props)
    }
    for key in ["items", "additionalProperties"] {
      if let v = r[key], case .record = v {
        r[key] = inliningReferences(v, depth: depth + 1, inlining: inlining)
      }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
      if case .list(let parts)? = r[key] {
        r[key] = .list(parts.map { inliningReferences($0, depth: depth + 1, inlining: inlining) })
      }
    }
    return .record(r)
  }

  /// Merges `allOf` parts into one object schema.
  func flatten(_ schema: Value) throws -> Record {
    guard case .record(var r) = schema else { return Record() }
    if case .list(let parts)? = r["allOf"] {
      var props = r["properties"]?.recordValue ?? Record()
      var required = r["required"]?.listItems ?? []
      for part in parts {
        let p = try flatten(try resolve(part, at: ""))
        for (k, v) in p["properties"]?.recordValue ?? Record() { props[k] = v }
        required += p["required"]?.listItems ?? []
      }
      r["properties"] = .record(props)
      r["required"] = .list(required)
    }
    return r
  }

  /// For a document without `x-ccs-items`/`x-ccs-pagination` (one bound with `api load`): a
  /// GET answering an object whose only array property holds the items (`{tasks: […]}`) is a
  /// wrapped list, and a paginated one when it takes `page` and `per_page` query parameters
  /// (Cloudron's convention, 1-based).
  func inferEnvelope(
    _ schema: Value?, queryNames: Set<String>
  ) -> (items: String?, pagination: String?) {
    guard case .record(let r)? = schema, case .record(let props)? = r["properties"] else {
      return (nil, nil)
    }
    let arrays = props.compactMap { key, value -> String? in
      guard case .record(let p) = (try? resolve(value, at: "")) ?? .null,
        p["type"]?.stringValue == "array"
      else {
        return nil
      }
      return key
    }
    guard arrays.count == 1, let key = arrays.first else { return (nil, nil) }
    let paginated =
      queryNames.contains("page")
      && (queryNames.contains("per_page") || queryNames.contains("perPage"))
    return (key, paginated ? key : nil)
  }

  func isListSchema(_ schema: Value) -> Bool {
    guard case .record(let r) = schema else { return false }
    if r["type"]?.stringValue == "array" { return true }
    if case .record(let props)? = r["properties"], props.count <= 2 {
      for (_, v) in props {
        if case .record(let p) = (try? resolve(v, at: "")) ?? .null,
          p["type"]?.stringValue == "array"
        {
          return true
        }
      }
    }
    return false
  }

  static func type(of schema: Value) -> ValueType {
    guard case .record(let r) = schema else { return .any }
    var t = r["type"]
    if case .list(let types)? = t { t = types.first { $0 != .string("null") } }
    switch t?.stringValue {
    case "integer": return .int
    case "number": return .number
    case "boolean": return .bool
    case "array": return .list
    case "object": return .record
    case "string": return r["format"]?.stringValue == "binary" ? .any : .string
    default: return .any
    }
  }

  static func allowed(_ schema: Value) -> [String] {
    (schema.recordValue?["enum"]?.listItems ?? []).map(Render.plainText)
  }

  // MARK: - Naming rule

  static func derive(
    path: String, method: String, literals: [String], listLike: Bool, methodsHere: [String],
    api: String, item: Record, isList: (Value) -> Bool, resolve: (Value) -> Value?
  ) -> [String] {
    var words = literals
    let segments = path.split(separator: "/").map(String.init)
    let last = segments.last ?? ""
    let endsWithParam = last.hasPrefix("{") && last.hasSuffix("}")
    let verb: String
    if endsWithParam {
      verb =
        ["get": "get", "put": "set", "patch": "update", "delete": "delete", "post": "update"][
          method] ?? method
    } else if segments.count >= 2, segments[segments.count - 2].hasPrefix("{"),
      methodsHere.count == 1,
      !(method == "get" && listLike), let action = words.last
    {
      words.removeLast()
      verb = action
    } else {
      switch method {
      case "get": verb = listLike ? "list" : "get"
      case "post":
        var getIsSetting = false
        if case .record(let get)? = item["get"], case .record(let responses)? = get["responses"] {
          for (s, r) in responses where s.hasPrefix("2") {
            if case .record(let resp)? = resolve(r), case .record(let content)? = resp["content"] {
              for (_, m) in content {
                if let schema = m.recordValue?["schema"], let resolved = resolve(schema),
                  !isList(resolved)
                {
                  getIsSetting = true
                }
              }
            }
          }
        }
        verb = getIsSetting ? "set" : (methodsHere.count == 1 ? "create" : "create")
      case "put": verb = "set"
      case "patch": verb = "update"
      case "delete": verb = "delete"
      default: verb = method
      }
    }
    var out: [String] = []
    for w in words + [verb] where out.last != w { out.append(w) }
    if out.first == api, out.count > 1 { out.removeFirst() }
    return out
  }

  static func literalSegments(_ path: String, dropping common: [String]) -> [String] {
    var segments = path.split(separator: "/").map(String.init)
    if segments.starts(with: common) { segments.removeFirst(common.count) }
    var out: [String] = []
    for s in segments {
      if s.hasPrefix("{") && s.hasSuffix("}") { continue }
      if let brace = s.firstIndex(of: "{") {
        // `{id}.pdf` → `pdf`; `addon-{name}` → `addon`
        let before = s[..<brace].trimming { "-_.".unicodeScalars.contains($0) }
        let after = s[(s.lastIndex(of: "}").map { s.index(after: $0) } ?? s.endIndex)...]
          .trimming { "-_.".unicodeScalars.contains($0) }
        if !before.isEmpty { out.append(kebab(before)) }
        if !after.isEmpty { out.append(kebab(after)) }
        continue
      }
      let lower = s.lowercased()
      if lower == "api" || lower == "organisations" || lower == "organizations" { continue }
      if lower.count >= 2, lower.first == "v", lower.dropFirst().allSatisfy(\.isNumber) { continue }
      out.append(kebab(s))
    }
    return out
  }

  static func commonPrefix(_ paths: [String]) -> [String] {
    let split = paths.map { $0.split(separator: "/").map(String.init) }
    guard var prefix = split.first else { return [] }
    for s in split.dropFirst() {
      var n = 0
      while n < prefix.count, n < s.count, prefix[n] == s[n] { n += 1 }
      prefix = Array(prefix.prefix(n))
    }
    // Never swallow a whole path or a parameter.
    if let firstParam = prefix.firstIndex(where: { $0.contains("{") }) {
      prefix = Array(prefix.prefix(firstParam))
    }
    if paths.count == 1 { return [] }
    return prefix
  }

  static func pathParameterNames(_ path: String) -> [String] {
    var names: [String] = []
    var rest = Substring(path)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      names.append(String(rest[rest.index(after: open)..<close]))
      rest = rest[rest.index(after: close)...]
    }
    return names
  }

  /// `ownerId` → `owner-id`, `per_page` → `per-page`.
  static func kebab(_ s: String) -> String {
    var out = ""
    var previousLower = false
    for ch in s {
      if ch == "_" || ch == " " || ch == "." {
        out.append("-")
        previousLower = false
      } else if ch.isUppercase {
        if previousLower { out.append("-") }
        out.append(Character(ch.lowercased()))
        previousLower = false
      } else {
        out.append(ch)
        previousLower = ch.isLowercase || ch.isNumber
      }
    }
    return out
  }

  static func escape(_ key: String) -> String {
    key.replacing("~", with: "~0").replacing("/", with: "~1")
  }

  static func oneLine(_ s: String) -> String {
    s.nonEmptyLines.first?.trimmingBlanks() ?? ""
  }
}

extension Value {
  /// The record payload, if this is a record.
  public var recordValue: Record? {
    if case .record(let r) = self { return r }
    return nil
  }
}
