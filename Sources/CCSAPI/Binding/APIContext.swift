import CCSRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Session-wide state of the API layer: profiles, transport, credentials, safety switches.
///
/// One lives in `RuntimeContext.extensions[APIContext.key]`; `ccs --sandbox`, `--profile`,
/// `--dry-run` and `--verbose` configure it before the program runs.
///
/// `@unchecked Sendable`: the configuration properties (`explicitProfile`, `dryRunWrites`,
/// `warn`) are set by the engine before any evaluation and only read afterwards;
/// `documents` is written while an evaluation runs, and the engine runs one at a time; the
/// profile store, the overrides, the session defaults and the unsent writes are guarded by
/// `Locked`.
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
  /// Profiles that replace the configured ones per API (the sandbox's, a loaded document's).
  public var overrides: [String: Profile] {
    get { overrideStore.withLock { $0 } }
    set { overrideStore.withLock { $0 = newValue } }
  }
  /// Guards `overrides`: `api load` binds a loaded document's profile while a program runs.
  let overrideStore = Locked<[String: Profile]>([:])
  /// Writes not sent in dry-run mode, for the closing summary.
  public var unsentWrites: [String] { unsent.withLock { $0 } }
  private let unsent = Locked<[String]>([])
  /// Loaded documents by API name (built-in and `api load`), for `api list` and `api show`.
  public var documents: [String: LoadedDocument] = [:]
  private let store = Locked<ProfileStore?>(nil)
  /// Defaults set with `clever use --owner X` for this session, per API and flag.
  private let sessionDefaults = Locked<[String: [String: String]]>([:])
  /// Where config warnings go (a config file with secrets readable by others, unknown keys).
  public var warn: (@Sendable (String) -> Void)?

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
  public init(
    environment: [String: String], version: String, insecure: Bool = false,
    verboseLog: (@Sendable (String) -> Void)? = nil
  ) {
    self.environment = environment
    transport = HTTPTransport(
      configuration: HTTPTransport.Configuration(version: version, insecure: insecure),
      log: verboseLog)
    credentials = CredentialCache(
      resolver: SecretResolver(environment: environment), transport: transport)
  }

  /// The context attached to a runtime context, if any.
  public static func from(_ context: RuntimeContext) -> APIContext? {
    context.extensions[key] as? APIContext
  }

  /// The profile store, loaded on first use.
  public func profiles() throws -> ProfileStore {
    let (loaded, fresh) = try store.withLock { store -> (ProfileStore, Bool) in
      if let store { return (store, false) }
      let loaded = try ProfileStore.load(environment: environment)
      store = loaded
      return (loaded, true)
    }
    if fresh { for w in loaded.warnings { warn?("warning: \(w)") } }
    return loaded
  }

  /// Forgets the loaded profile store (after `profile use`).
  public func reloadProfiles() {
    store.withLock { $0 = nil }
  }

  /// The profile to use for an API: `name` (a command's `--profile`), else `ccs --profile`,
  /// else the session's or the configured default.
  ///
  /// A name may be a profile of the session (`sandbox-cloudron` inside `ccs --sandbox`) as
  /// well as a configured one.
  public func profile(for api: String, named name: String? = nil) throws -> Profile? {
    guard let explicit = name ?? explicitProfile else {
      if let o = overrideStore.withLock({ $0[api] }) { return o }
      return try profiles().select(api: api, explicit: nil)
    }
    if let o = overrideStore.withLock({ $0.values.first { $0.name == explicit } }) {
      guard o.api == api else {
        throw ProfileError.apiMismatch(profile: o.name, profileAPI: o.api, requestedAPI: api)
      }
      return o
    }
    do {
      return try profiles().select(api: api, explicit: explicit)
    } catch ProfileError.unknownProfile(let name, let from, let available) {
      // The session's profiles (the sandbox's) are known too.
      let session = overrideStore.withLock { $0.values.map(\.name) }
      throw ProfileError.unknownProfile(
        name: name, from: from, available: (session + available).sorted())
    }
  }

  /// The names of the profiles for `api`, the session's and the configured ones.
  public func profileNames(api: String) -> [String] {
    let session = overrideStore.withLock { $0.values.filter { $0.api == api }.map(\.name) }
    let configured = ((try? profiles())?.profiles ?? []).filter { $0.api == api }.map(\.name)
    return Set(session + configured).sorted()
  }

  /// The value a command of `api` uses for path flag `flag` when it is omitted: the session's
  /// (`clever use`), else the profile's (`owner = "orga_x"` in the config file).
  /// With `profile` (a command's `--profile`), that profile's default comes first: the
  /// session's defaults were set for the profile in use.
  public func defaultArgument(api: String, flag: String, profile name: String? = nil) -> String? {
    if let name { return (try? profile(for: api, named: name))??.defaults[flag] }
    if let v = sessionDefaults.withLock({ $0[api]?[flag] }) { return v }
    return (try? profile(for: api))??.defaults[flag]
  }

  /// Sets (or, with nil, clears) a session default for a path flag of `api`.
  public func setDefault(api: String, flag: String, value: String?) {
    sessionDefaults.withLock { $0[api, default: [:]][flag] = value }
  }

  func recordUnsent(_ line: String) {
    unsent.withLock { $0.append(line) }
  }
}
