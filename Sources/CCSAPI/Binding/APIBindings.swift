import CCSRuntime
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Installs the API layer into an interpreter: the built-in catalogs (bound lazily, on first
/// use of `clever` or `cloudron`) and the `api`, `http` and `profile` commands.
public enum APIBindings {
  /// The built-in catalogs: API name and embedded OpenAPI YAML.
  static let builtin: [(name: String, yaml: [UInt8])] = [
    ("clever", PackageResources.clever_cloud_v4_yaml),
    ("cloudron", PackageResources.cloudron_v1_yaml),
  ]

  /// Registers the API commands and attaches an `APIContext` (creating one if needed);
  /// `catalogs` limits the built-in catalogs bound (all by default).
  @discardableResult
  public static func install(
    into interpreter: Interpreter, version: String, catalogs: Set<String>? = nil
  ) -> APIContext {
    let context = interpreter.context
    let api: APIContext
    if let existing = APIContext.from(context) {
      api = existing
    } else {
      api = APIContext(environment: context.environment, version: version)
      context.extensions[APIContext.key] = api
    }
    if api.warn == nil {
      let stderr = context.stderr
      api.warn = { stderr.write($0 + "\n") }
    }
    for (name, yaml) in builtin where catalogs?.contains(name) ?? true {
      interpreter.registry.registerLazily(name) {
        do {
          let (document, commands) = try builtinCatalog(name, yaml: yaml)
          api.documents[name] = document
          return commands
        } catch {
          context.stderr.write("ccs: the built-in \(name) catalog failed to load: \(error)\n")
          return []
        }
      }
    }
    interpreter.registry.register(
      APIManagementCommands.all + ProfileCommands.all + [HTTPCommand.command, DefaultsCommand.use])
    return api
  }

  /// Parses a JSON or YAML OpenAPI document: the document and its operations, bound under
  /// the API name `name` (what `api load` does before registering commands).
  public static func operations(
    name: String, text: String, infersEnvelopes: Bool = false
  ) throws
    -> (document: Value, specs: [OperationSpec])
  {
    let document: Value
    let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
    if trimmed.first == "{" {
      document = try JSONReader.parse(text)
    } else {
      document = try YAMLCodec.decode(text)
    }
    var loader = try CatalogLoader(api: name, document: document)
    loader.infersEnvelopes = infersEnvelopes
    return (document, try loader.operations())
  }

  /// Parses a JSON or YAML OpenAPI document, records it in `api.documents` and returns its
  /// operations as commands.
  /// Built-in catalogs parsed once per process: the commands do not depend on the engine (an
  /// API command finds its context in the call), so every engine binds the same ones.
  private static let parsedBuiltins = Locked<[String: (APIContext.LoadedDocument, [any Command])]>(
    [:])

  /// Parses every built-in catalog into the process-wide cache now, so the first API command
  /// or completion of any engine does not wait for it. Safe from any thread.
  public static func parseBuiltinCatalogs() {
    for (name, yaml) in builtin { _ = try? builtinCatalog(name, yaml: yaml) }
  }

  /// A built-in catalog's description and commands, parsed on first use in the process. The
  /// lock is held while parsing, so engines starting together parse a catalog once.
  static func builtinCatalog(
    _ name: String, yaml: [UInt8]
  ) throws -> (APIContext.LoadedDocument, [any Command]) {
    try parsedBuiltins.withLock { cache in
      if let parsed = cache[name] { return parsed }
      let parsed = try parse(
        name: name, text: String(decoding: yaml, as: UTF8.self), source: "built-in")
      cache[name] = parsed
      return parsed
    }
  }

  static func bind(
    name: String, text: String, source: String, api: APIContext, infersEnvelopes: Bool = false
  ) throws -> [any Command] {
    let (document, commands) = try parse(
      name: name, text: text, source: source, infersEnvelopes: infersEnvelopes)
    api.documents[name] = document
    return commands
  }

  /// Parses a JSON or YAML OpenAPI document into its description and its commands.
  static func parse(
    name: String, text: String, source: String, infersEnvelopes: Bool = false
  ) throws
    -> (APIContext.LoadedDocument, [any Command])
  {
    let (document, specs) = try operations(name: name, text: text, infersEnvelopes: infersEnvelopes)
    let root = document.recordValue ?? Record()
    let servers = (root["servers"]?.listItems ?? []).compactMap { server -> String? in
      guard var url = server.recordValue?["url"]?.stringValue else { return nil }
      for (k, v) in server.recordValue?["variables"]?.recordValue ?? Record() {
        if let d = v.recordValue?["default"]?.stringValue {
          url = url.replacing("{\(k)}", with: d)
        }
      }
      return url
    }
    let info = root["info"]?.recordValue ?? Record()
    let loaded = APIContext.LoadedDocument(
      name: name, title: info["title"]?.stringValue ?? name,
      version: info["version"].map(Render.plainText) ?? "",
      source: source, servers: servers, operations: specs)
    var commands: [any Command] = specs.map { APICommand(spec: $0, defaultBaseURL: servers.first) }
    if specs.contains(where: { $0.words == ["tasks", "get"] }),
      !specs.contains(where: { $0.words == ["tasks", "wait"] })
    {
      commands.append(TaskWaitCommand(api: name))
    }
    return (loaded, commands)
  }
}
