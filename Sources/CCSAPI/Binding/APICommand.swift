import CCSLanguage
import CCSRuntime
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// An API operation as a ccs command: checks arguments, builds the request, applies the
/// profile's credentials and safety rules, sends it, and decodes the answer.
public struct APICommand: Command {
  /// The bound operation.
  public let spec: OperationSpec
  /// The fallback base URL (the document's first server) when the profile has none.
  public let defaultBaseURL: String?
  /// `spec.commandName`, joined once: registries sort and search commands by name.
  public let name: String

  /// Binds `spec`; `defaultBaseURL` is used when the profile has no base URL.
  public init(spec: OperationSpec, defaultBaseURL: String?) {
    self.spec = spec
    self.defaultBaseURL = defaultBaseURL
    name = spec.commandName
  }

  public var summary: String { spec.summary }
  public var category: String { "api:\(spec.api)" }
  static let reservedFlags: Set<String> = [
    "body", "page", "dry-run", "yes", "profile", "raw", "header",
  ]

  public var signature: Signature {
    var positionals: [PositionalSpec] = []
    var flags: [FlagSpec] = []
    var used = Set<String>()
    for f in spec.pathParams {
      if f.apiName == spec.positional {
        positionals.append(PositionalSpec(f.flag, f.type == .int ? .int : .string, f.description))
      } else {
        flags.append(FlagSpec(f.flag, f.type == .int ? .int : .string, Self.flagDescription(f)))
      }
      used.insert(f.flag)
    }
    for f in spec.queryParams + spec.bodyFields
    where !used.contains(f.flag) && !Self.reservedFlags.contains(f.flag) {
      let type: ValueType = f.type == .list ? .any : f.type
      flags.append(FlagSpec(f.flag, type, Self.flagDescription(f), repeatable: f.type == .list))
      used.insert(f.flag)
    }
    if spec.bodyMediaType != nil {
      flags.append(FlagSpec("body", .record, "the whole request body"))
    }
    if spec.paginationItemsKey != nil {
      flags.append(FlagSpec("page", .int, "fetch only this page (1-based)"))
    }
    flags.append(FlagSpec("dry-run", nil, "print the request instead of sending it"))
    flags.append(
      FlagSpec(
        "profile", .string, "send this call with this profile (base URL, credentials, rules)"))
    if spec.destructive {
      flags.append(FlagSpec("yes", short: "y", nil, "do not ask for confirmation"))
    }
    flags.append(FlagSpec("raw", nil, "return the response body as text or bytes, undecoded"))
    if spec.asyncTask {
      flags.append(
        FlagSpec("wait", short: "w", nil, "wait until the started task ends and return it"))
      flags += TaskWaiter.flags
    } else if let wait = spec.finalStateWait {
      flags.append(
        FlagSpec(
          "wait", short: "w", nil,
          "re-read until \(wait.field) is final (\(wait.final.sorted().joined(separator: ", ")))"))
      flags += TaskWaiter.flags.filter { $0.name != "follow" }
    }
    if spec.isEventStream {
      flags.append(
        FlagSpec(
          "heartbeat-timeout", .duration,
          "reconnect after this long without data (streams with heartbeats)"))
    }
    return Signature(
      positionals, flags: flags, input: spec.bodyMediaType == nil ? "nothing" : "record",
      output: outputKind)
  }

  private var outputKind: String {
    if spec.isEventStream { return "stream" }
    if spec.paginationItemsKey != nil { return "stream" }
    if spec.responseMediaTypes.isEmpty { return "nothing" }
    if spec.responseMediaTypes.contains(where: { $0.contains("json") }) { return "any" }
    if spec.responseMediaTypes.contains(where: { $0.hasPrefix("text/") || $0.contains("yaml") }) {
      return "string"
    }
    return "binary"
  }

  // MARK: - Running

  public func run(_ call: CallFrame, input: Value) async throws -> Value {
    guard let api = APIContext.from(call.context) else {
      throw call.error("API commands are not available in this engine")
    }
    let profile: Profile?
    do {
      profile = try api.profile(for: spec.api, named: call.string("profile"))
    } catch {
      throw call.error(
        "\(error)", at: call.string("profile") == nil ? nil : "profile", kind: "profile")
    }
    var request = try await buildRequest(call, input: input, api: api)
    let method = APIRequest.Method(rawValue: spec.method)
    if !spec.isPublic || profile != nil {
      guard let profile else {
        throw call.error(
          "no profile for '\(spec.api)'", kind: "profile",
          notes: [Self.noProfileHint(spec.api)])
      }
      do {
        try profile.checkAllowed(method)
      } catch {
        throw call.error("\(error)", kind: "readonly")
      }
      let credentials = try await api.credentials.credentials(for: profile)
      if !spec.isPublic || !spec.securityDeclared { credentials.apply(to: &request) }
    }
    let dryRun = call.has("dry-run") || (api.dryRunWrites && !method.isSafe)
    if dryRun {
      let prepared = api.transport.prepared(request)
      let rendered = prepared.rendered(redactor: api.transport.redactor)
      call.context.stdout.write(
        "dry run — not sent:\n" + rendered + (rendered.hasSuffix("\n") ? "" : "\n"))
      if !method.isSafe {
        api.recordUnsent("\(spec.method) \(api.transport.redactor.redact(url: request.url))")
      }
      return prepared.record(redactor: api.transport.redactor)
    }
    if spec.destructive, !call.has("yes") {
      try Self.confirm(
        call, command: name,
        what: "\(spec.method) \(api.transport.redactor.redact(url: request.url))")
    }
    do {
      if spec.isEventStream { return try await eventStream(request, api: api, call: call) }
      if let key = spec.paginationItemsKey, call.value("page") == nil {
        return pages(request, itemsKey: key, api: api, call: call)
      }
      if let wait = spec.finalStateWait, call.has("wait") {
        let schema = spec.responseSchema
        return try await wait.wait(label: name, options: try TaskWaiter.options(call), call: call) {
          let response = try await api.transport.send(request)
          return try ResponseDecoder.decode(
            response.body, mediaType: response.mediaType, schema: schema)
        }
      }
      let response = try await api.transport.send(request)
      if call.has("raw") {
        return String(validating: response.body, as: UTF8.self).map(Value.string)
          ?? .binary(
            Binary(response.body, mediaType: response.mediaType ?? "application/octet-stream"))
      }
      let value = IdentifierCoercion.apply(
        try ResponseDecoder.decode(
          response.body, mediaType: response.mediaType, schema: spec.responseSchema),
        spec.responseSchema)
      if spec.asyncTask, call.has("wait") {
        return try await waitForTask(value, api: api, call: call)
      }
      if let key = spec.itemsKey, case .record(let r) = value, let items = r[key] { return items }
      return value
    } catch let error as HTTPError {
      throw Self.runtimeError(error, call)
    } catch let error as TransportError {
      throw call.error("\(error)", kind: "transport")
    } catch let error as FormatError {
      throw call.error("the response is not valid: \(error)", kind: "format")
    }
  }

  /// How to give an API a profile, for the error of a command that has none.
  static func noProfileHint(_ api: String) -> String {
    switch api {
    case "cloudron":
      "set CLOUDRON_DOMAIN and CLOUDRON_TOKEN or add a profile to the config file (see docs/profiles.md), or run 'ccs --sandbox'"
    case "clever":
      "set CLEVER_API_TOKEN (or CLEVER_TOKEN and CLEVER_SECRET) or add a profile to the config file (see docs/profiles.md), or run 'ccs --sandbox'"
    default:
      "load the document with a profile or base URL: api load FILE as \(api) --profile P (or --base-url URL)"
    }
  }

  /// `--wait`: the task the answer names, once it ended.
  private func waitForTask(_ answer: Value, api: APIContext, call: CallFrame) async throws -> Value
  {
    guard let id = answer.recordValue?["taskId"], id != .null else {
      throw call.error("'\(name)' answered no taskId to wait for", kind: "format")
    }
    guard let waiter = TaskWaiter.forAPI(spec.api, context: api) else {
      throw call.error("'\(spec.api)' has no 'tasks get' operation to wait with")
    }
    return try await waiter.wait(id: id, options: try TaskWaiter.options(call), call: call)
  }

  /// An HTTP error as a catchable value with status, method, URL, message and request id.
  static func runtimeError(_ error: HTTPError, _ call: CallFrame) -> RuntimeError {
    var details = Record()
    details["status"] = .int(error.status)
    details["method"] = .string(error.method)
    details["url"] = .string(error.url)
    details["reason"] = .string(error.reason)
    if let message = error.message { details["api_message"] = .string(message) }
    if let code = error.code { details["code"] = .string(code) }
    if let id = error.requestId { details["request_id"] = .string(id) }
    let message =
      "\(error.method) \(error.url) failed with \(error.status) \(error.reason)"
      + (error.message.map { ": \($0)" } ?? "")
    return call.error(message, kind: "http").withDetails(details)
  }

  /// Asks at a terminal before a destructive request (`what` is its redacted request line);
  /// without a terminal, refuses: scripts pass `--yes`.
  static func confirm(_ call: CallFrame, command name: String, what: String) throws {
    guard call.context.stdinIsTerminal, call.context.isTerminal else {
      throw call.error(
        "'\(name)' is destructive (\(what)); refusing without confirmation", kind: "confirmation",
        notes: ["pass --yes to run it from a script"])
    }
    call.context.stderr.write("\(name): \(what)\nThis cannot be undone. Continue? [y/N] ")
    let answer = (Swift.readLine() ?? "").trimmingBlanks().lowercased()
    guard answer == "y" || answer == "yes" else {
      throw call.error("'\(name)' cancelled", kind: "confirmation")
    }
  }

  // MARK: - Request

  func buildRequest(_ call: CallFrame, input: Value, api: APIContext) async throws -> APIRequest {
    var path = spec.path
    for f in spec.pathParams {
      guard
        let v = call.value(f.flag)
          ?? api.defaultArgument(api: spec.api, flag: f.flag, profile: call.string("profile")).map(
            Value.string)
      else {
        var notes = ["usage: " + signature.usage(for: name)]
        if spec.api == "clever", ["owner", "app"].contains(f.flag) {
          notes.append(
            "set a default with 'clever use --\(f.flag) ID' or `\(f.flag) = \"ID\"` in the profile; 'clever \(f.flag == "owner" ? "organisations list" : "applications list")' lists the ids"
          )
        }
        throw call.error(
          "missing \(f.apiName == spec.positional ? "<\(f.flag)>" : "--\(f.flag)") for '\(name)'",
          notes: notes)
      }
      let text = Render.plainText(v)
      try checkAllowed(f, text, call)
      try Self.checkPathSegment(
        text, flag: f.flag, positional: f.apiName == spec.positional, call: call)
      path = path.replacing("{\(f.apiName)}", with: PercentEncoding.encode(text))
    }
    let base = try baseURL(api: api, call: call)
    guard var url = URL(string: Self.join(base: base, path: path)) else {
      throw call.error("invalid URL from base '\(base)' and path '\(path)'")
    }
    var query: [(String, String)] = []
    for f in spec.queryParams where !Self.reservedFlags.contains(f.flag) || f.flag == "page" {
      let v: Value? = f.flag == "page" ? call.value("page") : call.value(f.flag)
      guard let v else {
        if f.required { throw call.error("missing --\(f.flag) for '\(name)'") }
        continue
      }
      let items = v.listItems ?? [v]
      for item in items { try checkAllowed(f, Render.plainText(item), call) }
      if f.explode || items.count == 1 {
        for item in items { query.append((f.apiName, Self.queryText(item))) }
      } else {
        query.append((f.apiName, items.map(Self.queryText).joined(separator: ",")))
      }
    }
    for (k, v) in query { url = APIRequest.appendingQuery(to: url, name: k, value: v) }
    var request = APIRequest(method: APIRequest.Method(rawValue: spec.method), url: url)
    if spec.isEventStream {
      request.headers.set("Accept", "text/event-stream")
    } else {
      request.headers.set("Accept", spec.responseMediaTypes.first ?? "application/json")
    }
    if let mt = spec.bodyMediaType {
      var body = Record()
      if case .record(let piped) = input { body = piped }
      if case .record(let explicit)? = call.value("body") { for (k, v) in explicit { body[k] = v } }
      for f in spec.bodyFields where !Self.reservedFlags.contains(f.flag) {
        if let v = call.value(f.flag) {
          body[f.apiName] = f.type == .list ? .list(v.listItems ?? [v]) : v
        }
      }
      // Enum values are checked however the body came: flags, --body, or a piped record.
      for f in spec.bodyFields where !f.allowed.isEmpty {
        guard let v = body[f.apiName], v != .null else { continue }
        for item in v.listItems ?? [v] { try checkAllowed(f, Render.plainText(item), call) }
      }
      for f in spec.bodyFields where f.required && body[f.apiName] == nil {
        throw call.error(
          "missing body field --\(f.flag) for '\(name)'",
          notes: ["give it as --\(f.flag) VALUE, in --body {…}, or pipe a record in"])
      }
      if mt.contains("json") {
        if !body.isEmpty || spec.bodyRequired {
          request.body = Array(JSONWriter.write(.record(body), pretty: false).utf8)
          request.headers.set("Content-Type", "application/json")
        }
      } else if mt.contains("multipart") {
        // A file field (`format: binary`, typed `any`) given a string names a file: send its bytes.
        for f in spec.bodyFields where f.type == .any {
          guard case .string(let path)? = body[f.apiName] else { continue }
          let full = call.context.resolvePath(path)
          guard let data = FileManager.default.contents(atPath: full) else {
            throw call.error("cannot read '\(path)' for --\(f.flag)", at: f.flag, kind: "io")
          }
          body[f.apiName] = .binary(
            Binary(
              [UInt8](data), mediaType: MediaType.forExtension(PathName.extension(of: path))))
        }
        let boundary = "ccs-\(UUID().uuidString)"
        request.body = Self.multipart(body, boundary: boundary)
        request.headers.set("Content-Type", "multipart/form-data; boundary=\(boundary)")
      } else if case .binary(let b) = input {
        request.body = b.bytes
        request.headers.set("Content-Type", mt)
      }
    }
    return request
  }

  /// Refuses a path parameter that would change the path's shape once sent: the empty string
  /// (`/apps/` is the list route) and the dot segments `.` and `..`, which URL normalization
  /// removes or resolves upward. Other characters, `/` included, are percent-encoded.
  static func checkPathSegment(
    _ text: String, flag: String, positional: Bool, call: CallFrame
  ) throws {
    guard text.isEmpty || text == "." || text == ".." else { return }
    let what = positional ? "<\(flag)>" : "--\(flag)"
    throw call.error(
      "\(what) must not be \(text.isEmpty ? "empty" : "'\(text)'"): it is a path segment", at: flag,
      kind: "argument", notes: ["an empty or dot segment would send the request to another route"])
  }

  private func checkAllowed(_ f: OperationSpec.Field, _ text: String, _ call: CallFrame) throws {
    guard !f.allowed.isEmpty, !f.allowed.contains(text) else { return }
    throw call.error(
      "--\(f.flag) must be one of: \(f.allowed.joined(separator: ", ")); found '\(text)'",
      at: f.flag)
  }

  private func baseURL(api: APIContext, call: CallFrame) throws -> String {
    if let url = (try? api.profile(for: spec.api, named: call.string("profile")))??.baseURL?
      .absoluteString
    {
      return url
    }
    if let d = defaultBaseURL, !d.contains("{") { return d }
    throw call.error(
      "no base URL for '\(spec.api)': configure a profile with base_url", kind: "profile")
  }

  /// Joins a base URL and an operation path, without repeating a shared prefix
  /// (`https://h/api/v1` + `/api/v1/tasks` → `https://h/api/v1/tasks`).
  static func join(base: String, path: String) -> String {
    var b = base
    while b.hasSuffix("/") { b.removeLast() }
    if let url = URL(string: b), !url.path.isEmpty, url.path != "/",
      path.hasPrefix(url.path + "/") || path == url.path
    {
      return b.dropLast(url.path.count) + path
    }
    return b + path
  }

  static func queryText(_ v: Value) -> String {
    switch v {
    case .date(let d): return DateParsing.format(d)
    default: return Render.plainText(v)
    }
  }

  static func multipart(_ fields: Record, boundary: String) -> [UInt8] {
    var out: [UInt8] = []
    for (k, v) in fields {
      out += Array("--\(boundary)\r\n".utf8)
      if case .binary(let b) = v {
        out += Array(
          "Content-Disposition: form-data; name=\"\(k)\"; filename=\"\(k)\"\r\nContent-Type: \(b.mediaType)\r\n\r\n"
            .utf8)
        out += b.bytes
      } else {
        out += Array(
          "Content-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(Render.plainText(v))".utf8)
      }
      out += Array("\r\n".utf8)
    }
    out += Array("--\(boundary)--\r\n".utf8)
    return out
  }

  // MARK: - Streams

  private func pages(
    _ first: APIRequest, itemsKey: String, api: APIContext, call: CallFrame
  ) -> Value {
    var page = 1
    let perPage = call.int("per-page") ?? 25
    var buffer: [Value] = []
    var done = false
    let schema = spec.responseSchema
    return .stream(
      ValueStream {
        while buffer.isEmpty {
          if done { return nil }
          var request = first
          request.url = APIRequest.appendingQuery(
            to: request.url, name: "page", value: String(page))
          if call.int("per-page") == nil {
            request.url = APIRequest.appendingQuery(
              to: request.url, name: "per_page", value: String(perPage))
          }
          let response: APIResponse
          do {
            response = try await api.transport.send(request)
          } catch let error as HTTPError {
            throw Self.runtimeError(error, call)
          }
          let value = IdentifierCoercion.apply(
            try ResponseDecoder.decode(
              response.body, mediaType: response.mediaType, schema: schema), schema)
          let items = value.recordValue?[itemsKey]?.listItems ?? value.listItems ?? []
          buffer = items
          page += 1
          if items.count < perPage { done = true }
        }
        return buffer.removeFirst()
      })
  }

  private func eventStream(
    _ request: APIRequest, api: APIContext, call: CallFrame
  ) async throws -> Value {
    let behavior = spec.streamBehavior
    var policy = api.streamPolicy
    if case .duration(let ns)? = call.value("heartbeat-timeout") {
      guard ns > 0 else {
        throw call.error("--heartbeat-timeout must be positive", at: "heartbeat-timeout")
      }
      policy.heartbeatTimeout = .nanoseconds(ns)
    }
    let probe = try activeProbe(behavior, request: request, api: api, call: call)
    let stream = api.transport.reconnectingStream(
      request, behavior: behavior, policy: policy, isActive: probe)
    let raw = call.has("raw")
    let stderr = call.context.stderr
    let warnAtTerminal = call.context.isTerminal
    let name = self.name
    // Open the first connection now, so a 401 or 404 is this command's error, not the stream's.
    do {
      try await stream.open()
    } catch let error as StreamError {
      throw Self.streamError(error, call)
    }
    return .stream(
      ValueStream(
        live: true,
        next: {
          let item: ReconnectingEventStream.Item?
          do {
            item = try await stream.next()
          } catch let error as HTTPError {
            throw Self.runtimeError(error, call)
          } catch let error as StreamError {
            throw Self.streamError(error, call)
          } catch let error as FormatError {
            throw call.error("\(error)", kind: "format")
          }
          guard let item else { return nil }
          if case .gap(let gap) = item, warnAtTerminal {
            stderr.write(
              "warning: \(name): events may be missing after id \(gap.lastEventID ?? "none"): \(gap.reason)\n"
            )
          }
          return StreamItemDecoder.value(item, behavior: behavior, raw: raw)
        }, onCancel: { stream.close() }))
  }

  /// The check of a stream's subject (`x-ccs-stream.active-check`): a GET of its path, with
  /// this call's path parameters and credentials, reading one boolean field.
  private func activeProbe(
    _ behavior: StreamBehavior, request: APIRequest, api: APIContext, call: CallFrame
  ) throws -> ReconnectingEventStream.ActiveProbe? {
    guard let check = behavior.activeCheck else { return nil }
    var path = check.path
    for f in spec.pathParams {
      guard let v = call.value(f.flag) else { continue }
      path = path.replacing(
        "{\(f.apiName)}", with: PercentEncoding.encode(Render.plainText(v)))
    }
    let base = try baseURL(api: api, call: call)
    guard let url = URL(string: Self.join(base: base, path: path)) else { return nil }
    var probe = APIRequest(method: .get, url: url)
    for field in request.headers where field.name.lowercased() != "accept" {
      probe.headers.set(field.name, field.value)
    }
    probe.headers.set("Accept", "application/json")
    let transport = api.transport
    let field = check.field
    let frozen = probe
    return {
      let response = try await transport.send(frozen)
      let value = try JSONReader.parse(response.body)
      return value.recordValue?[field] == .bool(true)
    }
  }

  /// A stream that could not be resumed, as a catchable value with the attempts and reason.
  static func streamError(_ error: StreamError, _ call: CallFrame) -> RuntimeError {
    var details = Record()
    switch error {
    case .reconnectFailed(let attempts, let reason, let lastID):
      details["attempts"] = .int(attempts)
      details["reason"] = .string(reason)
      details["last_id"] = lastID.map(Value.string) ?? .null
    }
    return call.error("\(error)", kind: "stream").withDetails(details)
  }
}

extension RuntimeError {
  /// The same error with extra detail fields.
  func withDetails(_ details: Record) -> RuntimeError {
    var copy = self
    for (k, v) in details { copy.value.details[k] = v }
    return copy
  }
}
