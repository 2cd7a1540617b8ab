import CCSRuntime
import Foundation

/// Installs the API layer into an interpreter: the built-in catalogs (bound lazily, on first
/// use of `clever` or `cloudron`) and the `api`, `http` and `profile` commands.
public enum APIBindings {
  /// The built-in catalogs: API name and embedded OpenAPI YAML.
  static let builtin: [(name: String, yaml: [UInt8])] = [
    ("clever", PackageResources.clever_cloud_v4_yaml),
    ("cloudron", PackageResources.cloudron_v1_yaml),
  ]

  /// Registers the API commands and attaches an `APIContext` (creating one if needed).
  @discardableResult
  public static func install(into interpreter: Interpreter, version: String) -> APIContext {
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
    for (name, yaml) in builtin {
      interpreter.registry.registerLazily(name) {
        do {
          return try bind(name: name, text: String(decoding: yaml, as: UTF8.self), source: "built-in", api: api)
        } catch {
          context.stderr.write("ccs: the built-in \(name) catalog failed to load: \(error)\n")
          return []
        }
      }
    }
    interpreter.registry.register(APIManagementCommands.all + ProfileCommands.all + [HTTPCommand.command])
    return api
  }

  /// Parses a JSON or YAML OpenAPI document: the document and its operations, bound under
  /// the API name `name` (what `api load` does before registering commands).
  public static func operations(name: String, text: String) throws -> (document: Value, specs: [OperationSpec]) {
    let document: Value
    let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
    if trimmed.first == "{" {
      document = try JSONReader.parse(text)
    } else {
      document = try YAMLCodec.decode(text)
    }
    let loader = try CatalogLoader(api: name, document: document)
    return (document, try loader.operations())
  }

  /// Parses a JSON or YAML OpenAPI document and returns its operations as commands.
  static func bind(name: String, text: String, source: String, api: APIContext) throws -> [any Command] {
    let (document, specs) = try operations(name: name, text: text)
    let root = document.recordValue ?? Record()
    let servers = (root["servers"]?.listItems ?? []).compactMap { server -> String? in
      guard var url = server.recordValue?["url"]?.stringValue else { return nil }
      for (k, v) in server.recordValue?["variables"]?.recordValue ?? Record() {
        if let d = v.recordValue?["default"]?.stringValue { url = url.replacingOccurrences(of: "{\(k)}", with: d) }
      }
      return url
    }
    let info = root["info"]?.recordValue ?? Record()
    api.documents[name] = APIContext.LoadedDocument(
      name: name, title: info["title"]?.stringValue ?? name, version: info["version"].map(Render.plainText) ?? "",
      source: source, servers: servers, operations: specs)
    return specs.map { APICommand(spec: $0, defaultBaseURL: servers.first) }
  }
}
