import CCSRuntime
import Foundation

/// Session-wide state of the API layer: profiles, transport, credentials, safety switches.
///
/// One lives in `RuntimeContext.extensions[APIContext.key]`; `ccs --sandbox`, `--profile`,
/// `--dry-run` and `--verbose` configure it before the program runs.
public final class APIContext: @unchecked Sendable {
  /// The key under which the context is stored in `RuntimeContext.extensions`.
  public static let key = "ccs.api"

  /// The shared HTTP transport.
  public let transport: HTTPTransport
  /// Credentials resolved once per session.
  public let credentials: CredentialCache
  /// The environment profiles and secrets come from.
  public let environment: [String: String]
  /// `--profile NAME`.
  public var explicitProfile: String?
  /// `ccs --dry-run`: writes are printed, not sent; reads still happen.
  public var dryRunWrites = false
  /// How event streams reconnect (attempts, waits, heartbeat timeout, seen-id memory).
  public var streamPolicy = ReconnectPolicy.standard
  /// Profiles that replace the configured ones per API (the sandbox's).
  public var overrides: [String: Profile] = [:]
  /// Writes not sent in dry-run mode, for the closing summary.
  public private(set) var unsentWrites: [String] = []
  /// Loaded documents by API name (built-in and `api load`), for `api list` and `api show`.
  public var documents: [String: LoadedDocument] = [:]
  private var store: ProfileStore?
  /// Where config warnings go (a config file with secrets readable by others, unknown keys).
  public var warn: (@Sendable (String) -> Void)?
  private let lock = NSLock()

  /// A document bound as commands.
  public struct LoadedDocument: Sendable {
    public var name: String
    public var title: String
    public var version: String
    public var source: String
    public var servers: [String]
    public var operations: [OperationSpec]
  }

  /// Creates a context; `verboseLog` receives `--verbose` lines (already redacted).
  public init(environment: [String: String], version: String, insecure: Bool = false,
              verboseLog: (@Sendable (String) -> Void)? = nil) {
    self.environment = environment
    transport = HTTPTransport(
      configuration: HTTPTransport.Configuration(version: version, insecure: insecure), log: verboseLog)
    credentials = CredentialCache(resolver: SecretResolver(environment: environment), transport: transport)
  }

  /// The context attached to a runtime context, if any.
  public static func from(_ context: RuntimeContext) -> APIContext? {
    context.extensions[key] as? APIContext
  }

  /// The profile store, loaded on first use.
  public func profiles() throws -> ProfileStore {
    lock.lock()
    defer { lock.unlock() }
    if let store { return store }
    let loaded = try ProfileStore.load(environment: environment)
    store = loaded
    for w in loaded.warnings { warn?("warning: \(w)") }
    return loaded
  }

  /// Forgets the loaded profile store (after `profile use`).
  public func reloadProfiles() {
    lock.lock()
    store = nil
    lock.unlock()
  }

  /// The profile to use for an API.
  public func profile(for api: String) throws -> Profile? {
    if explicitProfile == nil, let o = overrides[api] { return o }
    return try profiles().select(api: api, explicit: explicitProfile)
  }

  func recordUnsent(_ line: String) {
    lock.lock()
    unsentWrites.append(line)
    lock.unlock()
  }
}
