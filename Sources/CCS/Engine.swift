import CCSAPI
import CCSLanguage
import CCSRuntime
import CCSSandbox

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One ccs engine: an interpreter session with its commands, variables and API connection.
///
/// Every front end (the prompt, `ccs FILE`, `ccs -c`, `ccs runbook`) and every host program
/// runs ccs through an `Engine`:
///
/// ```swift
/// var configuration = Engine.Configuration()
/// configuration.connection = .sandbox()
/// let engine = try await Engine(configuration)
/// await engine.setVariable("limit", to: .int(3))
/// let result = await engine.run(source: "cloudron apps list | first $limit | get id")
/// if result.succeeded { try await engine.render(result.value) }
/// for diagnostic in result.diagnostics { print(diagnostic) }
/// ```
///
/// An engine runs one evaluation at a time: a call made while another runs waits its turn
/// (first come, first served), and gives up with ``Evaluation/Status/cancelled`` if its task is
/// cancelled while waiting. Several engines in one process share nothing but the HTTP client
/// pool.
public final class Engine: Sendable {
  /// The version printed by `ccs --version` and sent as `User-Agent: ccs/VERSION`.
  public static let version = "0.1.0"

  /// The configuration the engine was created with.
  public let configuration: Configuration
  /// Cancels the running evaluation from any thread or task.
  public let cancellation = CancellationHandle()
  /// The addresses of the engine's private sandbox, with ``Connection/sandbox(_:)``.
  public let sandbox: SandboxAddresses?

  // The interpreter is confined to the evaluation holding `gate` (see `exclusive`).
  let interpreter: Interpreter
  let api: APIContext?
  let gate = EvaluationGate()
  private let sandboxServer: SandboxServer?

  /// Creates an engine: registers the builtins and the chosen APIs, starts a sandbox if asked,
  /// and loads the prelude.
  ///
  /// - Throws: ``EngineError`` when the sandbox cannot start or the prelude fails to load.
  public convenience init(
    _ configuration: Configuration = Configuration()
  ) async throws(EngineError) {
    let context = RuntimeContext(
      stdout: configuration.standardOutput, stderr: configuration.standardError,
      environment: configuration.environment, currentDirectory: configuration.workingDirectory,
      isTerminal: configuration.terminal.outputIsTerminal,
      stdinIsTerminal: configuration.terminal.inputIsTerminal,
      terminalWidth: configuration.terminal.width, color: configuration.terminal.color)
    try await self.init(configuration, context: context)
  }

  /// Creates an engine over a runtime context; an `APIContext` already attached to it is used
  /// as is (tests prepare one).
  init(_ configuration: Configuration, context: RuntimeContext) async throws(EngineError) {
    self.configuration = configuration
    let registry = CommandRegistry()
    registry.register(Builtins.all)
    interpreter = Interpreter(registry: registry, context: context)
    interpreter.parserConfig.rowConditionCommands = Set(
      registry.names { $0.signature.positionals.first?.type == .condition })

    var server: SandboxServer?
    var addresses: SandboxAddresses?
    if case .only(let catalogs) = configuration.apis {
      let api =
        APIContext.from(context)
        ?? APIContext(
          environment: configuration.environment, version: Engine.version,
          verboseLog: configuration.requestLog)
      api.dryRunWrites = api.dryRunWrites || configuration.dryRunWrites
      context.extensions[APIContext.key] = api
      switch configuration.connection {
      case .profiles(let name):
        api.explicitProfile = name
      case .endpoints(let endpoints):
        for e in endpoints { api.overrides[e.api] = Engine.profile(for: e, named: "host-\(e.api)") }
      case .sandbox(let options):
        let started = SandboxServer(options: options)
        let endpoints: SandboxEndpoints
        do {
          endpoints = try await started.start()
        } catch {
          throw .sandboxFailed(String(describing: error))
        }
        guard let clever = URL(string: endpoints.cleverBaseURL),
          let cloudron = URL(string: endpoints.cloudronBaseURL),
          let admin = URL(string: endpoints.adminURL)
        else { throw .sandboxFailed("the sandbox reported an invalid address") }
        api.overrides["clever"] = Engine.profile(
          for: Endpoint(api: "clever", baseURL: clever, token: endpoints.cleverAPIToken),
          named: "sandbox-clever")
        api.overrides["cloudron"] = Engine.profile(
          for: Endpoint(api: "cloudron", baseURL: cloudron, token: endpoints.cloudronToken),
          named: "sandbox-cloudron")
        server = started
        addresses = SandboxAddresses(
          cleverBaseURL: clever, cloudronBaseURL: cloudron, adminURL: admin)
      }
      // After the row-condition scan, which only sees the commands registered so far.
      APIBindings.install(into: interpreter, version: Engine.version, catalogs: catalogs)
      self.api = api
    } else {
      self.api = nil
    }
    sandboxServer = server
    sandbox = addresses

    switch configuration.standardInput {
    case .none: break
    case .value(let value): interpreter.pendingInput = value
    case .processStandardInput: interpreter.pendingInput = .stream(StandardInput.stream())
    }
    if configuration.loadPrelude {
      do {
        try interpreter.defineAll(Prelude.source, name: "prelude.ccs")
      } catch {
        throw .preludeFailed(String(describing: error))
      }
    }
  }

  /// Stops the engine's private sandbox, if it has one. The engine must not be used after.
  public func shutdown() async {
    await sandboxServer?.stop()
  }

  /// Write requests not sent because of ``Configuration/dryRunWrites``, one line each
  /// (`POST https://…/apps/…/restart`), secrets redacted.
  public var unsentWrites: [String] { api?.unsentWrites ?? [] }

  /// Cancels the evaluation running now, if any: its streams close and its requests stop.
  /// Shorthand for `cancellation.cancel()`.
  public func cancel() { cancellation.cancel() }

  // MARK: - Internals

  private static func profile(for endpoint: Endpoint, named name: String) -> Profile {
    Profile(
      name: name, api: endpoint.api, baseURL: endpoint.baseURL, auth: .bearer,
      token: .literal(endpoint.token), readonly: false, origin: .program)
  }
}

/// Why an engine could not be created.
public enum EngineError: Error, Sendable, CustomStringConvertible {
  /// The in-process sandbox did not start (no free port, …).
  case sandboxFailed(String)
  /// The standard library written in ccs failed to load (a bug in ccs).
  case preludeFailed(String)

  /// The error as one line.
  public var description: String {
    switch self {
    case .sandboxFailed(let reason): "the sandbox failed to start: \(reason)"
    case .preludeFailed(let reason): "the prelude failed to load: \(reason)"
    }
  }
}
