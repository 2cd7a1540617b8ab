import CCSRuntime
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `api load FILE-OR-URL as NAME`: binds an OpenAPI document's operations as commands.
///
/// A call whose document is a literal file path is read by the check before the program runs
/// (``DefiningCommand``), so the commands it defines are checked like the built-in ones.
struct APILoadCommand: DefiningCommand {
  let name = "api load"
  let category = "api"
  let summary =
    "Bind an OpenAPI 3.0/3.1 document (JSON or YAML, a file or an http(s) URL) as commands: api load FILE as NAME."
  let examples: [CommandExample] = []
  let signature = Signature(
    [
      PositionalSpec("source", .string, "a file path or URL"),
      PositionalSpec("as", .string, "the word 'as'"),
      PositionalSpec("name", .string, "the command prefix"),
    ],
    flags: [
      FlagSpec(
        "profile", .string, "send the requests with this profile's credentials and base URL"),
      FlagSpec(
        "base-url", .string,
        "send the requests to this base URL (with --profile: instead of the profile's)"),
    ],
    output: "record")

  func run(_ call: CallFrame, input: Value) async throws -> Value {
    let api = try APIManagementCommands.context(call)
    let source = call.string("source") ?? ""
    guard call.string("as") == "as" else {
      throw call.error("expected 'as' after the document: api load FILE as NAME", at: "as")
    }
    let name = call.string("name") ?? ""
    guard Self.isValidName(name) else {
      throw call.error(
        "'\(name)' is not a valid API name (lowercase letters, digits and '-')", at: "name")
    }
    let text: String
    if Self.isURL(source) {
      guard let url = URL(string: source) else {
        throw call.error("invalid URL '\(source)'", at: "source")
      }
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
      commands = try APIBindings.bind(
        name: name, text: text, source: source, api: api, infersEnvelopes: true)
    } catch {
      throw call.error(Self.describe(error, source: source), at: "source", kind: "openapi")
    }
    let registry = call.interpreter.registry
    let target: APIContext.LoadedAPIProfile
    do {
      guard let document = api.documents[name] else {
        throw call.error("'\(name)' was not recorded")
      }
      target = try api.bindLoadedProfile(
        name: name, document: document, profile: call.string("profile"),
        baseURL: call.string("base-url"),
        builtinDocument: { builtin in
          _ = registry.isPrefix(builtin)  // parse a lazily bound built-in catalog
          return api.documents[builtin]
        })
    } catch let e as LoadedAPIError {
      throw call.error(
        e.description, at: call.string("profile") != nil ? "profile" : "base-url", kind: "profile")
    }
    registry.unregister(prefix: name)
    registry.register(commands)
    var r = Record()
    r["name"] = .string(name)
    r["operations"] = .int(commands.count)
    r["source"] = .string(source)
    switch target {
    case .profile(let p): r["profile"] = .string(p)
    case .baseURL(let u): r["base_url"] = .string(u)
    case .sandbox: r["profile"] = .string("sandbox-\(name)")
    case .servers: r["base_url"] = api.documents[name]?.servers.first.map(Value.string) ?? .null
    }
    return .record(r)
  }

  func definedCommands(
    literalArguments: [String: Value], context: RuntimeContext
  ) throws(DefinitionFailure)
    -> DefinedCommands
  {
    guard let name = literalArguments["name"]?.stringValue, Self.isValidName(name) else {
      return .onlyAtRunTime(prefix: nil)
    }
    guard let source = literalArguments["source"]?.stringValue, !Self.isURL(source) else {
      return .onlyAtRunTime(prefix: name)
    }
    guard let data = FileManager.default.contents(atPath: context.resolvePath(source)) else {
      throw DefinitionFailure(
        parameter: "source", .unreadableFile(path: source, reason: "no such file"))
    }
    do {
      let (_, commands) = try APIBindings.parse(
        name: name, text: String(decoding: data, as: UTF8.self), source: source,
        infersEnvelopes: true)
      return .commands(prefix: name, commands)
    } catch {
      throw DefinitionFailure(
        parameter: "source",
        .invalidDocument(path: source, reason: Self.describe(error, source: source)))
    }
  }

  static func isValidName(_ name: String) -> Bool {
    // `[a-z][a-z0-9-]*`
    name.utf8.first.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") } == true
      && name.utf8.allSatisfy {
        ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
          || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-")
      }
  }

  static func isURL(_ source: String) -> Bool {
    source.hasPrefix("http://") || source.hasPrefix("https://")
  }

  static func describe(_ error: any Error, source: String) -> String {
    switch error {
    case let e as CatalogError:
      "invalid OpenAPI document '\(source)': \(e.message) at \(e.pointer.isEmpty ? "/" : e.pointer)"
    case let e as FormatError: "cannot parse '\(source)': \(e)"
    default: "cannot load '\(source)': \(error)"
    }
  }
}
