import CCSRuntime
import Foundation

/// `api load`, `api list`, `api show`: binding OpenAPI documents at run time and introspecting
/// the catalogs.
enum APIManagementCommands {
  static var all: [any Command] { [load, list, show] }

  static func context(_ call: CallFrame) throws -> APIContext {
    guard let api = APIContext.from(call.context) else { throw call.error("the API layer is not installed") }
    return api
  }

  static let load = BuiltinCommand(
    "api load", category: "api",
    summary: "Bind an OpenAPI 3.0/3.1 document (JSON or YAML, a file or an http(s) URL) as commands: api load FILE as NAME.",
    signature: Signature(
      [PositionalSpec("source", .string, "a file path or URL"), PositionalSpec("as", .string, "the word 'as'"), PositionalSpec("name", .string, "the command prefix")],
      output: "record"),
    examples: []
  ) { call, _ in
    let api = try context(call)
    let source = call.string("source") ?? ""
    guard call.string("as") == "as" else {
      throw call.error("expected 'as' after the document: api load FILE as NAME", at: "as")
    }
    let name = call.string("name") ?? ""
    guard name.range(of: "^[a-z][a-z0-9-]*$", options: .regularExpression) != nil else {
      throw call.error("'\(name)' is not a valid API name (lowercase letters, digits and '-')", at: "name")
    }
    let text: String
    if source.hasPrefix("http://") || source.hasPrefix("https://") {
      guard let url = URL(string: source) else { throw call.error("invalid URL '\(source)'", at: "source") }
      do {
        let response = try await api.transport.send(APIRequest(method: .get, url: url))
        text = response.text
      } catch {
        throw call.error("cannot fetch '\(source)': \(error)", at: "source", kind: "http")
      }
    } else {
      guard let data = FileManager.default.contents(atPath: call.context.resolvePath(source)) else {
        throw call.error("cannot read '\(source)': no such file", at: "source", kind: "io")
      }
      text = String(decoding: data, as: UTF8.self)
    }
    let commands: [any Command]
    do {
      commands = try APIBindings.bind(name: name, text: text, source: source, api: api)
    } catch let e as CatalogError {
      throw call.error("invalid OpenAPI document '\(source)': \(e.message) at \(e.pointer.isEmpty ? "/" : e.pointer)", at: "source", kind: "openapi")
    } catch let e as FormatError {
      throw call.error("cannot parse '\(source)': \(e)", at: "source", kind: "openapi")
    }
    call.interpreter.registry.unregister(prefix: name)
    call.interpreter.registry.register(commands)
    var r = Record()
    r["name"] = .string(name)
    r["operations"] = .int(commands.count)
    r["source"] = .string(source)
    return .record(r)
  }

  static let list = BuiltinCommand(
    "api list", category: "api", summary: "The bound APIs: name, title, version, operation count, source.",
    signature: Signature(output: "list"), examples: []
  ) { call, _ in
    let api = try context(call)
    _ = call.interpreter.registry.all  // bind the lazily loaded built-in catalogs
    return .list(api.documents.values.sorted { $0.name < $1.name }.map { d in
      .record(Record([
        ("name", .string(d.name)), ("title", .string(d.title)), ("version", .string(d.version)),
        ("operations", .int(d.operations.count)), ("source", .string(d.source)),
      ]))
    })
  }

  static let show = BuiltinCommand(
    "api show", category: "api", summary: "One record per operation of an API: command, method, path, summary, destructive.",
    signature: Signature([PositionalSpec("name", .string)], output: "list"), examples: []
  ) { call, _ in
    let api = try context(call)
    let name = call.string("name") ?? ""
    _ = call.interpreter.registry.isPrefix(name)
    guard let doc = api.documents[name] else {
      throw call.error("no API named '\(name)'", at: "name", notes: ["bound APIs: " + api.documents.keys.sorted().joined(separator: ", ")])
    }
    return .list(doc.operations.map { op in
      .record(Record([
        ("command", .string(op.commandName)), ("method", .string(op.method)), ("path", .string(op.path)),
        ("summary", .string(op.summary)), ("destructive", .bool(op.destructive)),
      ]))
    })
  }
}
