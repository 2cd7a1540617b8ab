import CCSRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `api load`, `api list`, `api show`: binding OpenAPI documents at run time and introspecting
/// the catalogs.
enum APIManagementCommands {
  static var all: [any Command] { [load, list, show] }

  static func context(_ call: CallFrame) throws -> APIContext {
    guard let api = APIContext.from(call.context) else {
      throw call.error("the API layer is not installed")
    }
    return api
  }

  static let load = APILoadCommand()

  static let list = BuiltinCommand(
    "api list", category: "api",
    summary: "The bound APIs: name, title, version, operation count, source.",
    signature: Signature(output: "list"), examples: []
  ) { call, _ in
    let api = try context(call)
    _ = call.interpreter.registry.all  // bind the lazily loaded built-in catalogs
    return .list(
      api.documents.values.sorted { $0.name < $1.name }.map { d in
        .record(
          Record([
            ("name", .string(d.name)), ("title", .string(d.title)), ("version", .string(d.version)),
            ("operations", .int(d.operations.count)), ("source", .string(d.source)),
          ]))
      })
  }

  static let show = BuiltinCommand(
    "api show", category: "api",
    summary: "One record per operation of an API: command, method, path, summary, destructive.",
    signature: Signature([PositionalSpec("name", .string)], output: "list"), examples: []
  ) { call, _ in
    let api = try context(call)
    let name = call.string("name") ?? ""
    _ = call.interpreter.registry.isPrefix(name)
    guard let doc = api.documents[name] else {
      throw call.error(
        "no API named '\(name)'", at: "name",
        notes: ["bound APIs: " + api.documents.keys.sorted().joined(separator: ", ")])
    }
    return .list(
      doc.operations.map { op in
        .record(
          Record([
            ("command", .string(op.commandName)), ("method", .string(op.method)),
            ("path", .string(op.path)),
            ("summary", .string(op.summary)), ("destructive", .bool(op.destructive)),
          ]))
      })
  }
}
