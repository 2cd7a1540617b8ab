import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The profiles of one session: those of the configuration file plus those synthesized from
/// environment variables, and the rules that pick one.
///
/// The file is `$CCS_CONFIG`, else `$XDG_CONFIG_HOME/ccs/config.toml`, else
/// `~/.config/ccs/config.toml`; a missing file is the same as an empty one. See
/// `docs/profiles.md` for the format.
///
/// ```swift
/// let store = try ProfileStore.load()
/// for warning in store.warnings { print("warning: \(warning)") }
/// guard let profile = try store.select(api: "cloudron", explicit: flags.profile) else { … }
/// let credentials = try await profile.credentials(using: store.resolver())
/// ```
public struct ProfileStore: Sendable {
  /// The configuration file's path (it may not exist).
  public let path: String
  /// Whether the configuration file exists.
  public let fileExists: Bool
  /// The `[profiles.NAME]` profiles, sorted by name.
  public let configProfiles: [Profile]
  /// The profiles synthesized from environment variables (`env:cloudron`, `env:clever`).
  public let environmentProfiles: [Profile]
  /// The top-level `default_profile`, if set.
  public let defaultProfileName: String?
  /// Problems worth telling the user that do not stop anything (a file readable by others
  /// that holds secrets, unknown keys); the caller prints them.
  public let warnings: [String]
  /// The environment the store was loaded with.
  public let environment: [String: String]

  /// Config profiles first, then environment profiles whose names are not taken.
  public var profiles: [Profile] {
    let taken = Set(configProfiles.map(\.name))
    return configProfiles + environmentProfiles.filter { !taken.contains($0.name) }
  }

  /// The profile called `name`, if any.
  public func profile(named name: String) -> Profile? {
    profiles.first { $0.name == name }
  }

  /// A resolver over the store's environment, for ``Profile/credentials(using:)``.
  public func resolver(commandTimeout: Duration = .seconds(15)) -> SecretResolver {
    SecretResolver(environment: environment, commandTimeout: commandTimeout)
  }

  // MARK: - Loading

  /// The configuration file path for `environment`: `CCS_CONFIG`, else
  /// `XDG_CONFIG_HOME/ccs/config.toml`, else `HOME/.config/ccs/config.toml`.
  public static func configPath(environment: [String: String]) -> String {
    if let path = environment["CCS_CONFIG"], !path.isEmpty { return path }
    if let base = environment["XDG_CONFIG_HOME"], !base.isEmpty {
      return base + "/ccs/config.toml"
    }
    let home = homeDirectory(environment: environment)
    return home + "/.config/ccs/config.toml"
  }

  /// Loads the configuration file (at `path`, default ``configPath(environment:)``) and the
  /// environment profiles.
  ///
  /// - Throws: ``ProfileError/syntax(path:line:column:message:)`` for invalid TOML,
  ///   ``ProfileError/invalid(path:line:message:)`` for wrong values,
  ///   ``ProfileError/io(path:message:)`` when the file exists but cannot be read.
  public static func load(
    environment: [String: String] = ProcessEnvironment.current(),
    path: String? = nil
  ) throws -> ProfileStore {
    let path = path ?? configPath(environment: environment)
    guard FileManager.default.fileExists(atPath: path) else {
      return try ProfileStore(contents: "", path: path, environment: environment, exists: false)
    }
    let contents = try readText(path)
    var store = try ProfileStore(contents: contents, path: path, environment: environment)
    if let warning = permissionWarning(path: path, store: store) {
      store = store.adding(warning: warning)
    }
    return store
  }

  /// Builds a store from configuration text (no file access); `path` names it in messages.
  public init(
    contents: String,
    path: String,
    environment: [String: String],
    exists: Bool = true
  ) throws {
    let parsed = try ConfigFile.parse(contents, path: path, environment: environment)
    self.path = path
    self.fileExists = exists
    self.configProfiles = parsed.profiles.sorted { $0.name < $1.name }
    self.defaultProfileName = parsed.defaultProfile
    self.environment = environment
    self.environmentProfiles = Self.environmentProfiles(
      environment: environment, clever: parsed.clever)
    self.warnings = parsed.warnings
  }

  private init(copying store: ProfileStore, warnings: [String]) {
    self.path = store.path
    self.fileExists = store.fileExists
    self.configProfiles = store.configProfiles
    self.environmentProfiles = store.environmentProfiles
    self.defaultProfileName = store.defaultProfileName
    self.environment = store.environment
    self.warnings = warnings
  }

  private func adding(warning: String) -> ProfileStore {
    ProfileStore(copying: self, warnings: [warning] + warnings)
  }

  /// A warning when the file holds literal secrets and group or others may read it.
  static func permissionWarning(path: String, store: ProfileStore) -> String? {
    guard store.configProfiles.contains(where: { !$0.literalSecrets.isEmpty }),
      let mode = fileMode(path), mode & 0o077 != 0
    else { return nil }
    return "\(path) contains secrets and is readable by others (mode "
      + String(mode & 0o777, radix: 8) + "); run: chmod 600 \(path)"
  }

  // MARK: - Selection

  /// The profile for a command of `api`, or nil when none applies (the caller explains how to
  /// configure one).
  ///
  /// Precedence: `explicit` (`--profile`, must exist and be for `api`) > `CCS_PROFILE` >
  /// `default_profile` (each used when it is for `api`) > the environment profile for `api` >
  /// the only config profile for `api`.
  ///
  /// - Throws: ``ProfileError/unknownProfile(name:from:available:)`` when a named profile does
  ///   not exist; ``ProfileError/apiMismatch(profile:profileAPI:requestedAPI:)`` when the
  ///   explicit one is for another API.
  public func select(api: String, explicit: String? = nil) throws -> Profile? {
    if let explicit {
      let profile = try named(explicit, from: "--profile")
      guard profile.api == api else {
        throw ProfileError.apiMismatch(
          profile: profile.name, profileAPI: profile.api, requestedAPI: api)
      }
      return profile
    }
    for (name, from) in implicitNames() {
      let profile = try named(name, from: from)
      if profile.api == api { return profile }
    }
    if let profile = environmentProfiles.first(where: { $0.api == api }) { return profile }
    let candidates = configProfiles.filter { $0.api == api }
    return candidates.count == 1 ? candidates.first : nil
  }

  /// Like ``select(api:explicit:)``, but a missing profile is an error that says how to
  /// configure one.
  ///
  /// - Throws: ``ProfileError/noProfile(api:hint:)`` and the errors of `select`.
  public func require(api: String, explicit: String? = nil) throws -> Profile {
    if let profile = try select(api: api, explicit: explicit) { return profile }
    let candidates = configProfiles.filter { $0.api == api }.map(\.name)
    let section = "add a [profiles.NAME] table with api = \"\(api)\" to \(path)"
    let hint: String
    if candidates.count > 1 {
      hint = "choose one with --profile or default_profile: \(candidates.joined(separator: ", "))"
    } else if api == "cloudron" {
      hint = "set CLOUDRON_DOMAIN and CLOUDRON_TOKEN, or \(section)"
    } else if api == "clever" {
      hint = "set CLEVER_API_TOKEN (or CLEVER_TOKEN and CLEVER_SECRET), or \(section)"
    } else {
      hint = section
    }
    throw ProfileError.noProfile(api: api, hint: hint)
  }

  /// The session's current profile regardless of API (for `profile show` with no name):
  /// `explicit` > `CCS_PROFILE` > `default_profile` > the first environment profile.
  public func current(explicit: String? = nil) throws -> Profile? {
    if let explicit { return try named(explicit, from: "--profile") }
    if let (name, from) = implicitNames().first { return try named(name, from: from) }
    return environmentProfiles.first
  }

  /// The name of the profile ``current(explicit:)`` would return without `explicit`, if any.
  public var currentName: String? {
    (try? current())??.name
  }

  private func implicitNames() -> [(String, String)] {
    var names: [(String, String)] = []
    if let name = environment["CCS_PROFILE"], !name.isEmpty { names.append((name, "CCS_PROFILE")) }
    if let name = defaultProfileName { names.append((name, "default_profile in \(path)")) }
    return names
  }

  private func named(_ name: String, from: String) throws -> Profile {
    guard let profile = profile(named: name) else {
      throw ProfileError.unknownProfile(name: name, from: from, available: profiles.map(\.name))
    }
    return profile
  }
}
