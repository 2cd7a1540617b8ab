import Foundation
import TOMLKit

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
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw ProfileError.syntax(
        path: path, line: error.source.begin.line, column: error.source.begin.column,
        message: error.description)
    } catch {
      throw ProfileError.syntax(path: path, line: nil, column: nil, message: "\(error)")
    }
    let reader = Reader(path: path, lines: text.components(separatedBy: "\n"))
    var file = ConfigFile()
    for key in table.keys {
      switch key {
      case "default_profile":
        file.defaultProfile = try reader.string(table[key], key: key, table: nil)
      case "clever":
        guard let clever = table[key]?.table else {
          throw reader.invalid("`clever` must be a table", key: key, table: nil)
        }
        file.clever = try reader.cleverDefaults(clever)
      case "profiles":
        guard let profiles = table[key]?.table else {
          throw reader.invalid(
            "`profiles` must be a table of [profiles.NAME] tables", key: key, table: nil)
        }
        for name in profiles.keys {
          guard let profile = profiles[name]?.table else {
            throw reader.invalid(
              "`profiles.\(name)` must be a table", key: name, table: "profiles")
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

  /// Typed access to TOML values, with errors that point at the line.
  struct Reader {
    var path: String
    var lines: [String]

    func invalid(_ message: String, key: String?, table: String?) -> ProfileError {
      .invalid(path: path, line: line(of: key, inTable: table), message: message)
    }

    func string(
      _ value: (any TOMLValueConvertible)?, key: String, table: String?
    ) throws
      -> String?
    {
      guard let value else { return nil }
      guard let text = value.string else {
        throw invalid("`\(qualified(key, table))` must be a string", key: key, table: table)
      }
      return text
    }

    func bool(_ value: (any TOMLValueConvertible)?, key: String, table: String?) throws -> Bool? {
      guard let value else { return nil }
      guard let flag = value.bool else {
        throw invalid(
          "`\(qualified(key, table))` must be true or false", key: key, table: table)
      }
      return flag
    }

    /// The one source among `literal`, `env` and `command` keys, if any.
    func secret(
      _ table: TOMLTable, literal: String, env: String?, command: String?, tableName: String
    ) throws -> SecretSource? {
      var sources: [(String, SecretSource)] = []
      if let value = try string(table[literal], key: literal, table: tableName) {
        sources.append((literal, .literal(value)))
      }
      if let env, let value = try string(table[env], key: env, table: tableName) {
        sources.append((env, .environment(value)))
      }
      if let command, let value = try string(table[command], key: command, table: tableName) {
        sources.append((command, .command(value)))
      }
      guard sources.count <= 1 else {
        let keys = sources.map { "`\($0.0)`" }.joined(separator: ", ")
        throw invalid(
          "`\(tableName)` sets \(keys); set only one", key: sources[1].0, table: tableName)
      }
      return sources.first?.1
    }

    func cleverDefaults(_ table: TOMLTable) throws -> CleverDefaults {
      CleverDefaults(
        consumerKey: try secret(
          table, literal: "consumer_key", env: "consumer_key_env", command: nil,
          tableName: "clever"),
        consumerSecret: try secret(
          table, literal: "consumer_secret", env: "consumer_secret_env",
          command: "consumer_secret_command", tableName: "clever"))
    }

    func profile(
      name: String, table: TOMLTable, clever: CleverDefaults, environment: [String: String]
    ) throws -> (profile: Profile, warnings: [String]) {
      let tableName = "profiles.\(name)"
      var warnings: [String] = []
      for key in table.keys where !ConfigFile.profileKeys.contains(key) {
        warnings.append("\(location(key, tableName)): unknown setting `\(key)` ignored")
      }
      guard let api = try string(table["api"], key: "api", table: tableName), !api.isEmpty else {
        throw invalid(
          "`\(tableName)` needs `api` (clever, cloudron, or the name of a loaded API)",
          key: nil, table: tableName)
      }
      let token = try secret(
        table, literal: "token", env: "token_env", command: "token_command", tableName: tableName)
      let tokenSecret = try secret(
        table, literal: "token_secret", env: "token_secret_env",
        command: "token_secret_command", tableName: tableName)
      let auth: Profile.AuthScheme
      if let text = try string(table["auth"], key: "auth", table: tableName) {
        guard let scheme = Profile.AuthScheme(rawValue: text.lowercased()) else {
          throw invalid(
            "`\(tableName).auth` must be bearer, query, oauth1 or none, not \"\(text)\"",
            key: "auth", table: tableName)
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
            + "`token_command`", key: "auth", table: tableName)
      }
      if auth == .oauth1, tokenSecret == nil {
        throw invalid(
          "`\(tableName)` uses oauth1 auth but sets no `token_secret`, `token_secret_env` or "
            + "`token_secret_command`", key: "auth", table: tableName)
      }
      var consumerKey = try secret(
        table, literal: "consumer_key", env: "consumer_key_env", command: nil,
        tableName: tableName)
      var consumerSecret = try secret(
        table, literal: "consumer_secret", env: "consumer_secret_env",
        command: "consumer_secret_command", tableName: tableName)
      if auth == .oauth1 {
        consumerKey = consumerKey ?? ProfileStore.environmentConsumerKey(environment)
        consumerSecret = consumerSecret ?? ProfileStore.environmentConsumerSecret(environment)
      }
      let baseURL = try self.baseURL(table, api: api, auth: auth, tableName: tableName)
      let readonly = try bool(table["readonly"], key: "readonly", table: tableName) ?? false
      var profile = Profile(
        name: name, api: api, baseURL: baseURL, auth: auth, token: token,
        tokenSecret: tokenSecret, consumerKey: consumerKey, consumerSecret: consumerSecret,
        readonly: readonly, origin: .config(path: path))
      for key in ["owner", "app"] {
        if let value = try string(table[key], key: key, table: tableName) {
          profile.defaults[key] = value
        }
      }
      return (profile, warnings)
    }

    private func baseURL(
      _ table: TOMLTable, api: String, auth: Profile.AuthScheme, tableName: String
    ) throws -> URL? {
      if let text = try string(table["base_url"], key: "base_url", table: tableName) {
        guard let url = ProfileStore.normalizedBaseURL(text) else {
          throw invalid(
            "`\(tableName).base_url` must be an absolute http(s) URL, not \"\(text)\"",
            key: "base_url", table: tableName)
        }
        return url
      }
      if let domain = try string(table["domain"], key: "domain", table: tableName) {
        guard let url = ProfileStore.cloudronBaseURL(domain: domain) else {
          throw invalid(
            "`\(tableName).domain` is not a host name: \"\(domain)\"", key: "domain",
            table: tableName)
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
          key: nil, table: tableName)
      default:
        return nil
      }
    }

    private func qualified(_ key: String, _ table: String?) -> String {
      table.map { "\($0).\(key)" } ?? key
    }

    private func location(_ key: String?, _ table: String?) -> String {
      line(of: key, inTable: table).map { "\(path):\($0)" } ?? path
    }

    /// The 1-based line of `key` in `[table]` (or the table header when `key` is nil or not
    /// found there); nil when the layout is not the plain `[a.b]` + `key = …` form.
    func line(of key: String?, inTable table: String?) -> Int? {
      var start = 0
      var headerLine: Int?
      if let table {
        let wanted = table.split(separator: ".").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let index = lines.firstIndex(where: { headerParts($0) == wanted }) else {
          return nil
        }
        headerLine = index + 1
        start = index + 1
      }
      guard let key else { return headerLine }
      for index in start..<lines.count {
        let line = lines[index].trimmingCharacters(in: .whitespaces)
        if line.hasPrefix("[") { break }
        let name = line.split(separator: "=", maxSplits: 1).first.map {
          $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(
            in: CharacterSet(charactersIn: "\"'"))
        }
        if name == key, line.contains("=") { return index + 1 }
      }
      return headerLine
    }

    /// `[profiles."my prod"]` → `["profiles", "my prod"]`; nil for other lines.
    private func headerParts(_ line: String) -> [String]? {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix("["), !trimmed.hasPrefix("[["),
        let close = trimmed.lastIndex(of: "]")
      else { return nil }
      let inner = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
      return inner.split(separator: ".").map {
        $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(
          in: CharacterSet(charactersIn: "\"'"))
      }
    }
  }
}
