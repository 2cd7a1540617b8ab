import CCSAPI
import CCSRuntime
import CCSSandbox
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Engine {
  /// Everything an engine is set up with: which APIs, how it reaches them, where its standard
  /// streams go, the environment and the output format.
  ///
  /// ```swift
  /// var configuration = Engine.Configuration()
  /// configuration.connection = .sandbox()
  /// configuration.standardOutput = BufferSink()
  /// let engine = try await Engine(configuration)
  /// ```
  public struct Configuration: Sendable {
    /// Which API catalogs are bound as commands (`clever …`, `cloudron …`).
    public var apis: APIs = .all
    /// How the API commands reach a server.
    public var connection: Connection = .profiles()
    /// Whether writes (POST, PUT, PATCH, DELETE) are printed instead of sent; reads happen.
    public var dryRunWrites = false
    /// The input of the first top-level pipeline of the first evaluation.
    public var standardInput: StandardInputSource = .none
    /// Where `print` and rendered values go.
    public var standardOutput: any OutputSink = FileDescriptorSink(fd: 1)
    /// Where warnings and progress go (diagnostics go to `onDiagnostic`).
    public var standardError: any OutputSink = FileDescriptorSink(fd: 2)
    /// Environment variables visible as `$env` and used for profiles and secrets.
    public var environment: [String: String] = ProcessEnvironment.current()
    /// The directory relative paths resolve against.
    public var workingDirectory: String = FileManager.default.currentDirectoryPath
    /// The format ``Engine/render(_:format:)`` uses by default.
    public var outputFormat: OutputFormat = .auto
    /// What the engine may assume about the terminal.
    public var terminal = Terminal()
    /// Whether the standard library written in ccs (`stdlib/prelude.ccs`) is loaded.
    public var loadPrelude = true
    /// Called with every diagnostic an evaluation produces, as it is produced (they are also
    /// returned in ``Evaluation/diagnostics``).
    public var onDiagnostic: (@Sendable (Diagnostic) -> Void)?
    /// Where evaluations run: the global concurrent executor when nil, or a host's own (the
    /// `ccs` command runs them on its main thread, so a short script starts no thread pool).
    /// Work an evaluation hands off (parsing input ahead, HTTP) still runs concurrently.
    public var taskExecutor: (any TaskExecutor)?
    /// Receives one line per HTTP request and response, secrets redacted (`ccs --verbose`).
    public var requestLog: (@Sendable (String) -> Void)?

    /// The default configuration: both APIs through the configured profiles, the process's
    /// standard streams, environment and working directory.
    public init() {}
  }

  /// Which API catalogs an engine binds.
  public enum APIs: Sendable, Equatable {
    /// No API commands: a pure data language.
    case none
    /// The named catalogs (`"clever"`, `"cloudron"`), plus the `api`, `http` and `profile`
    /// commands.
    case only(Set<String>)

    /// Both built-in catalogs.
    public static let all = APIs.only(["clever", "cloudron"])
  }

  /// How API commands reach a server.
  public enum Connection: Sendable {
    /// The profiles of the config file and the environment; `named` selects one like
    /// `ccs --profile NAME`.
    case profiles(named: String? = nil)
    /// A sandbox started in this process on a loopback port, private to this engine.
    case sandbox(SandboxOptions = SandboxOptions())
    /// Explicit base URLs and bearer tokens, per API.
    case endpoints([Endpoint])
  }

  /// A base URL and bearer token for one API.
  public struct Endpoint: Sendable {
    /// `"clever"` or `"cloudron"`.
    public var api: String
    /// The API root, e.g. `https://my.example.com/api/v1`.
    public var baseURL: URL
    /// The bearer token; never printed.
    public var token: String

    /// Creates an endpoint.
    public init(api: String, baseURL: URL, token: String) {
      self.api = api
      self.baseURL = baseURL
      self.token = token
    }
  }

  /// Where the first pipeline's input comes from.
  public enum StandardInputSource: Sendable {
    /// No input.
    case none
    /// A value (a string, a list, a stream…).
    case value(Value)
    /// The process's standard input, read lazily as bytes.
    case processStandardInput
  }

  /// Facts about the terminal the engine writes to.
  public struct Terminal: Sendable {
    /// Whether standard output is a terminal (tables, confirmations).
    public var outputIsTerminal = false
    /// Whether standard input is a terminal (confirmation prompts).
    public var inputIsTerminal = false
    /// The width in columns.
    public var width = 80
    /// Whether colors may be used.
    public var color = false

    /// A non-terminal, 80 columns wide, without colors.
    public init(
      outputIsTerminal: Bool = false, inputIsTerminal: Bool = false, width: Int = 80,
      color: Bool = false
    ) {
      self.outputIsTerminal = outputIsTerminal
      self.inputIsTerminal = inputIsTerminal
      self.width = width
      self.color = color
    }
  }

  /// The addresses of an engine's private sandbox (its tokens are not exposed).
  public struct SandboxAddresses: Sendable {
    /// The Clever Cloud API root.
    public var cleverBaseURL: URL
    /// The Cloudron API root.
    public var cloudronBaseURL: URL
    /// The sandbox's control routes (`/__sandbox/requests`, `/__sandbox/faults`…).
    public var adminURL: URL
  }
}
