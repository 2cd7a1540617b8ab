import CCSRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `http METHOD URL`: a raw request with the same value model as API commands.
enum HTTPCommand {
  static let command = BuiltinCommand(
    "http", category: "api",
    summary:
      "Send an HTTP request: http get|post|put|patch|delete|head URL [--body VALUE] [--header {…}].",
    details:
      "JSON answers become values, text becomes strings, the rest binary. A record or list body is sent as JSON. With --profile NAME the profile's credentials are applied, and the URL may be a path relative to the profile's base URL (http get /v2/organisations --profile prod). --dry-run prints the request and returns it as a record {dry_run: true, method, url, headers, body}, secrets redacted. HTTP errors are catchable error values.\nSafety as for API commands: a write is refused before sending when a readonly profile governs the URL (--profile, ccs --profile, or the profile whose base URL covers it); a DELETE, or a write matching a destructive catalog operation, asks for confirmation at a terminal and needs --yes in scripts; ccs --dry-run prints writes instead of sending them.",
    signature: Signature(
      [
        PositionalSpec("method", .string, "get, post, put, patch, delete or head"),
        PositionalSpec("url", .string),
      ],
      flags: [
        FlagSpec("body", .any, "the request body (records and lists as JSON)"),
        FlagSpec("header", short: "H", .record, "extra headers as a record"),
        FlagSpec("profile", .string, "apply this profile's credentials"),
        FlagSpec("dry-run", nil, "print the request instead of sending it"),
        FlagSpec("yes", short: "y", nil, "do not ask for confirmation of a destructive request"),
        FlagSpec("raw", nil, "do not decode the response body"),
      ],
      input: "any", output: "any"),
    examples: []
  ) { call, input in
    guard let api = APIContext.from(call.context) else {
      throw call.error("the API layer is not installed")
    }
    let method = (call.string("method") ?? "get").uppercased()
    guard ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(method) else {
      throw call.error("unknown HTTP method '\(method.lowercased())'", at: "method")
    }
    var text = call.string("url") ?? ""
    var profile: Profile?
    if let name = call.string("profile") {
      guard let p = try api.namedProfile(name) else {
        throw call.error("no profile named '\(name)'", at: "profile")
      }
      profile = p
    }
    // A path is relative to the profile's base URL: `http get /v2/self --profile prod`.
    if text.hasPrefix("/") {
      guard let base = profile?.baseURL else {
        throw call.error(
          "'\(text)' is a path; a path needs --profile NAME, whose base URL it is relative to",
          at: "url")
      }
      text = APICommand.join(base: base.absoluteString, path: text)
    }
    guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https",
      url.host != nil
    else {
      throw call.error(
        "invalid URL '\(text)' (expected http:// or https://, or a /path with --profile)", at: "url"
      )
    }
    var request = APIRequest(method: APIRequest.Method(rawValue: method), url: url)
    var body = call.value("body")
    if body == nil, input != .null, case .stream = input {
    } else if body == nil, input != .null {
      body = input
    }
    switch body {
    case .record?, .list?:
      request.body = Array(JSONWriter.write(body ?? .null, pretty: false).utf8)
      request.headers.set("Content-Type", "application/json")
    case .binary(let b)?:
      request.body = b.bytes
      request.headers.set("Content-Type", b.mediaType)
    case .some(let v):
      request.body = Array(Render.plainText(v).utf8)
      request.headers.set("Content-Type", "text/plain; charset=utf-8")
    case nil: break
    }
    if case .record(let headers)? = call.value("header") {
      for (k, v) in headers { request.headers.set(k, Render.plainText(v)) }
    }
    let refusing: Profile?
    do {
      refusing = try RawRequestPolicy.refusingProfile(
        method: request.method, url: url, flagProfile: profile, api: api)
    } catch {
      throw call.error("\(error)", kind: "profile")
    }
    if let refusing {
      throw call.error(
        "\(ProfileError.readonly(profile: refusing.name, method: request.method.rawValue))",
        at: "method", kind: "readonly")
    }
    if let profile {
      let credentials = try await api.credentials.credentials(for: profile)
      credentials.apply(to: &request)
    }
    if call.has("dry-run") || (api.dryRunWrites && !request.method.isSafe) {
      let prepared = api.transport.prepared(request)
      call.context.stdout.write(
        "dry run — not sent:\n" + prepared.rendered(redactor: api.transport.redactor) + "\n")
      if !request.method.isSafe {
        api.recordUnsent(
          "\(request.method.rawValue) \(api.transport.redactor.redact(url: request.url))")
      }
      return prepared.record(redactor: api.transport.redactor)
    }
    if !call.has("yes"), RawRequestPolicy.isDestructive(method: request.method, url: url, api: api)
    {
      try APICommand.confirm(
        call, command: "http \(method.lowercased())",
        what: "\(request.method.rawValue) \(api.transport.redactor.redact(url: request.url))")
    }
    do {
      let response = try await api.transport.send(request)
      if call.has("raw") {
        return .binary(
          Binary(response.body, mediaType: response.mediaType ?? "application/octet-stream"))
      }
      return try ResponseDecoder.decode(response.body, mediaType: response.mediaType, schema: nil)
    } catch let e as HTTPError {
      throw APICommand.runtimeError(e, call)
    } catch let e as TransportError {
      throw call.error("\(e)", kind: "transport")
    }
  }
}
