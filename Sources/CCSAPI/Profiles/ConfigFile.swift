#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The parsed content of `config.toml`: profiles, `default_profile`, the `[clever]` table.
struct ConfigFile {
  /// The `[clever]` table: the OAuth consumer used by Clever Cloud OAuth1 profiles.
  struct CleverDefaults {
    var consumerKey: SecretSource?
    var consumerSecret: SecretSource?
  }

  var profiles: [Profile] = []
  var defaultProfile: String?
  var clever = CleverDefaults()
  var warnings: [String] = []

  static let profileKeys: Set<String> = [
    "api", "base_url", "domain", "auth", "readonly", "owner", "app",
    "token", "token_env", "token_command",
    "token_secret", "token_secret_env", "token_secret_command",
    "consumer_key", "consumer_key_env",
    "consumer_secret", "consumer_secret_env", "consumer_secret_command",
  ]

  /// Parses `text`; `path` names the file in errors and warnings.
  static func parse(
    _ text: String, path: String, environment: [String: String]
  ) throws
    -> ConfigFile
  {
    let table: TOMLTable
    do {
      table = try TOMLReader.parse(text)
    } catch {
      throw ProfileError.syntax(
        path: path, line: error.line, column: error.column, message: error.message)
    }
    let reader = Reader(path: path)
    let root = Reader.Table(name: nil, table: table)
    var file = ConfigFile()
    for key in table.keys {
      switch key {
      case "default_profile":
        file.defaultProfile = try reader.string(key, in: root)
      case "clever":
        guard let clever = table[key]?.table else {
          throw reader.invalid("`clever` must be a table", key: key, in: root)
        }
        file.clever = try reader.cleverDefaults(Reader.Table(name: "clever", table: clever))
      case "profiles":
        guard let profiles = table[key]?.table else {
          throw reader.invalid(
            "`profiles` must be a table of [profiles.NAME] tables", key: key, in: root)
        }
        let profilesTable = Reader.Table(name: "profiles", table: profiles)
        for name in profiles.keys {
          guard let profile = profiles[name]?.table else {
            throw reader.invalid(
              "`profiles.\(name)` must be a table", key: name, in: profilesTable)
          }
          let parsed = try reader.profile(
            name: name, table: profile, clever: file.clever, environment: environment)
          file.profiles.append(parsed.profile)
          file.warnings += parsed.warnings
        }
      default:
        file.warnings.append("\(path): unknown setting `\(key)` ignored")
      }
    }
    // `[clever]` may come after the profiles that use it: fill in what is still missing.
    file.profiles = file.profiles.map { profile in
      var profile = profile
      if profile.auth == .oauth1 {
        profile.consumerKey = profile.consumerKey ?? file.clever.consumerKey
        profile.consumerSecret = profile.consumerSecret ?? file.clever.consumerSecret
      }
      return profile
    }
    return file
  }

  /// Typed access to TOML values, with errors that point at the line that defines them.
  struct Reader {
    /// A table and the dotted name it is known by in messages (`profiles.prod`).
    struct Table {
      var name: String?
      var table: TOMLTable

      subscript(key: String) -> TOMLValue? { table[key] }
    }

    var path: String

    /// An error at the line of `key` in `table` (of its header when `key` is nil).
    func invalid(_ message: String, key: String?, in table: Table) -> ProfileError {
      .invalid(path: path, line: line(of: key, in: table), message: message)
    }

    func string(_ key: String, in table: Table) throws -> String? {
      guard let value = table[key] else { return nil }
      guard let text = value.string else {
        throw invalid("`\(qualified(key, table))` must be a string", key: key, in: table)
      }
      return text
    }

    func bool(_ key: String, in table: Table) throws -> Bool? {
      guard let value = table[key] else { return nil }
      guard let flag = value.bool else {
        throw invalid("`\(qualified(key, table))` must be true or false", key: key, in: table)
      }
      return flag
    }

    /// The one source among `literal`, `env` and `command` keys, if any.
    func secret(
      _ table: Table, literal: String, env: String?, command: String?
    ) throws -> SecretSource? {
      var sources: [(String, SecretSource)] = []
      if let value = try string(literal, in: table) {
        sources.append((literal, .literal(value)))
      }
      if let env, let value = try string(env, in: table) {
        sources.append((env, .environment(value)))
      }
      if let command, let value = try string(command, in: table) {
        sources.append((command, .command(value)))
      }
      guard sources.count <= 1 else {
        let keys = sources.map { "`\($0.0)`" }.joined(separator: ", ")
        throw invalid(
          "`\(table.name ?? "")` sets \(keys); set only one", key: sources[1].0, in: table)
      }
      return sources.first?.1
    }

    func cleverDefaults(_ table: Table) throws -> CleverDefaults {
      CleverDefaults(
        consumerKey: try secret(
          table, literal: "consumer_key", env: "consumer_key_env", command: nil),
        consumerSecret: try secret(
          table, literal: "consumer_secret", env: "consumer_secret_env",
          command: "consumer_secret_command"))
    }

    func profile(
      name: String, table tomlTable: TOMLTable, clever: CleverDefaults,
      environment: [String: String]
    ) throws -> (profile: Profile, warnings: [String]) {
      let tableName = "profiles.\(name)"
      let table = Table(name: tableName, table: tomlTable)
      var warnings: [String] = []
      for key in tomlTable.keys where !ConfigFile.profileKeys.contains(key) {
        warnings.append("\(location(key, table)): unknown setting `\(key)` ignored")
      }
      guard let api = try string("api", in: table), !api.isEmpty else {
        throw invalid(
          "`\(tableName)` needs `api` (clever, cloudron, or the name of a loaded API)",
          key: nil, in: table)
      }
      let token = try secret(
        table, literal: "token", env: "token_env", command: "token_command")
      let tokenSecret = try secret(
        table, literal: "token_secret", env: "token_secret_env",
        command: "token_secret_command")
      let auth: Profile.AuthScheme
      if let text = try string("auth", in: table) {
        guard let scheme = Profile.AuthScheme(rawValue: text.lowercased()) else {
          throw invalid(
            "`\(tableName).auth` must be bearer, query, oauth1 or none, not \"\(text)\"",
            key: "auth", in: table)
        }
        auth = scheme
      } else if tokenSecret != nil {
        auth = .oauth1
      } else {
        auth = token == nil ? .none : .bearer
      }
      if auth != .none, token == nil {
        throw invalid(
          "`\(tableName)` uses \(auth.rawValue) auth but sets no `token`, `token_env` or "
            + "`token_command`", key: "auth", in: table)
      }
      if auth == .oauth1, tokenSecret == nil {
        throw invalid(
          "`\(tableName)` uses oauth1 auth but sets no `token_secret`, `token_secret_env` or "
            + "`token_secret_command`", key: "auth", in: table)
      }
      var consumerKey = try secret(
        table, literal: "consumer_key", env: "consumer_key_env", command: nil)
      var consumerSecret = try secret(
        table, literal: "consumer_secret", env: "consumer_secret_env",
        command: "consumer_secret_command")
      if auth == .oauth1 {
        consumerKey = consumerKey ?? ProfileStore.environmentConsumerKey(environment)
        consumerSecret = consumerSecret ?? ProfileStore.environmentConsumerSecret(environment)
      }
      let baseURL = try self.baseURL(table, api: api, auth: auth)
      let readonly = try bool("readonly", in: table) ?? false
      var profile = Profile(
        name: name, api: api, baseURL: baseURL, auth: auth, token: token,
        tokenSecret: tokenSecret, consumerKey: consumerKey, consumerSecret: consumerSecret,
        readonly: readonly, origin: .config(path: path))
      for key in ["owner", "app"] {
        if let value = try string(key, in: table) {
          profile.defaults[key] = value
        }
      }
      return (profile, warnings)
    }

    private func baseURL(
      _ table: Table, api: String, auth: Profile.AuthScheme
    ) throws -> URL? {
      let tableName = table.name ?? ""
      if let text = try string("base_url", in: table) {
        guard let url = ProfileStore.normalizedBaseURL(text) else {
          throw invalid(
            "`\(tableName).base_url` must be an absolute http(s) URL, not \"\(text)\"",
            key: "base_url", in: table)
        }
        return url
      }
      if let domain = try string("domain", in: table) {
        guard let url = ProfileStore.cloudronBaseURL(domain: domain) else {
          throw invalid(
            "`\(tableName).domain` is not a host name: \"\(domain)\"", key: "domain", in: table)
        }
        return url
      }
      switch api {
      case "clever":
        return URL(
          string: auth == .oauth1 ? ProfileStore.cleverOAuthHost : ProfileStore.cleverBridgeHost)
      case "cloudron":
        throw invalid(
          "`\(tableName)` needs `base_url` (https://my.example.com/api/v1) or `domain`",
          key: nil, in: table)
      default:
        return nil
      }
    }

    private func qualified(_ key: String, _ table: Table) -> String {
      table.name.map { "\($0).\(key)" } ?? key
    }

    private func location(_ key: String?, _ table: Table) -> String {
      line(of: key, in: table).map { "\(path):\($0)" } ?? path
    }

    /// The 1-based line that defines `key` in `table`, else the table's own line (its header,
    /// or the key that made it); nil for the root without a key.
    func line(of key: String?, in table: Table) -> Int? {
      key.flatMap { table.table.line(of: $0) } ?? table.table.line
    }
  }
}
