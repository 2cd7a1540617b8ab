#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A named way to reach one API: which API, where, and how to authenticate.
///
/// Profiles come from `[profiles.NAME]` tables of the configuration file, from environment
/// variables (`env:cloudron`, `env:clever`), or are built in code (the sandbox). Secrets stay
/// as ``SecretSource``s until ``credentials(using:)`` resolves them; a profile's
/// `description`, debug output and ``summary(isDefault:)`` never contain a secret.
public struct Profile: Sendable, Hashable {
  /// How requests made with this profile authenticate.
  public enum AuthScheme: String, Sendable, Hashable, CaseIterable {
    /// `Authorization: Bearer <token>`.
    case bearer
    /// `?access_token=<token>` in the URL.
    case query
    /// Clever Cloud OAuth 1.0 PLAINTEXT.
    case oauth1
    /// No authentication.
    case none
  }

  /// Where a profile was defined.
  public enum Origin: Sendable, Hashable {
    /// A `[profiles.NAME]` table in the configuration file at `path`.
    case config(path: String)
    /// Synthesized from these environment variables.
    case environment(variables: [String])
    /// Built by the program (for example the sandbox).
    case program

    /// `config ~/.config/ccs/config.toml`, `env CLOUDRON_DOMAIN, CLOUDRON_TOKEN`, `program`.
    public var summary: String {
      switch self {
      case .config(let path): "config \(path)"
      case .environment(let variables): "env \(variables.joined(separator: ", "))"
      case .program: "program"
      }
    }
  }

  /// The profile's name (`prod`, `env:cloudron`).
  public var name: String
  /// The API it is for: `clever`, `cloudron`, or a name given to `api load`.
  public var api: String
  /// The base URL paths are appended to; nil lets the API's own document decide.
  public var baseURL: URL?
  /// How requests authenticate.
  public var auth: AuthScheme
  /// The token (bearer, query, or OAuth token).
  public var token: SecretSource?
  /// The OAuth 1.0 token secret.
  public var tokenSecret: SecretSource?
  /// The OAuth 1.0 consumer key.
  public var consumerKey: SecretSource?
  /// The OAuth 1.0 consumer secret.
  public var consumerSecret: SecretSource?
  /// Whether only GET/HEAD/OPTIONS requests may be sent.
  public var readonly: Bool
  /// Where the profile was defined.
  public var origin: Origin
  /// Values for path flags that may then be omitted (`owner`, `app`), from the config file.
  public var defaults: [String: String] = [:]

  /// Creates a profile.
  public init(
    name: String,
    api: String,
    baseURL: URL?,
    auth: AuthScheme,
    token: SecretSource? = nil,
    tokenSecret: SecretSource? = nil,
    consumerKey: SecretSource? = nil,
    consumerSecret: SecretSource? = nil,
    readonly: Bool = false,
    origin: Origin = .program
  ) {
    self.name = name
    self.api = api
    self.baseURL = baseURL
    self.auth = auth
    self.token = token
    self.tokenSecret = tokenSecret
    self.consumerKey = consumerKey
    self.consumerSecret = consumerSecret
    self.readonly = readonly
    self.origin = origin
  }

  /// Every source that holds its secret in the configuration file itself.
  var literalSecrets: [String] {
    [token, tokenSecret, consumerSecret].compactMap { source in
      if case .literal(let value)? = source { return value }
      return nil
    }
  }

  /// Resolves the secrets and returns ready-to-apply credentials.
  ///
  /// - Throws: ``ProfileError/secretUnavailable(profile:field:reason:)`` naming the missing
  ///   piece (`token`, `token_secret`, `consumer_key`, `consumer_secret`).
  public func credentials(using resolver: SecretResolver) async throws -> Credentials {
    func value(_ source: SecretSource?, _ field: String, hint: String) async throws -> String {
      guard let source else {
        throw ProfileError.secretUnavailable(profile: name, field: field, reason: hint)
      }
      return try await resolver.resolve(source, profile: name, field: field)
    }
    let tokenHint = "set token, token_env or token_command"
    switch auth {
    case .none:
      return .none
    case .bearer:
      return .bearer(token: try await value(token, "token", hint: tokenHint))
    case .query:
      return .queryToken(token: try await value(token, "token", hint: tokenHint))
    case .oauth1:
      let consumerHint =
        "set consumer_key and consumer_secret in the profile or in [clever], "
        + "or CLEVER_CONSUMER_KEY and CLEVER_CONSUMER_SECRET"
      return .oauth1(
        consumerKey: try await value(consumerKey, "consumer_key", hint: consumerHint),
        consumerSecret: try await value(consumerSecret, "consumer_secret", hint: consumerHint),
        token: try await value(token, "token", hint: tokenHint),
        tokenSecret: try await value(
          tokenSecret, "token_secret",
          hint: "set token_secret, token_secret_env or token_secret_command"))
    }
  }

  /// Throws when the profile may not send `method`: a readonly profile allows only GET, HEAD
  /// and OPTIONS. Call it before sending (and before a dry run, to report the refusal).
  ///
  /// - Throws: ``ProfileError/readonly(profile:method:)``.
  public func checkAllowed(_ method: APIRequest.Method) throws {
    if readonly, !method.isSafe {
      throw ProfileError.readonly(profile: name, method: method.rawValue)
    }
  }

  /// A redacted view for `profile show` / `profile list`.
  public func summary(isDefault: Bool = false) -> ProfileSummary {
    ProfileSummary(
      name: name, api: api, baseURL: baseURL?.absoluteString, auth: auth.rawValue,
      token: token?.summary, tokenSecret: tokenSecret?.summary,
      consumerKey: consumerKey.map { _ in "set" }, consumerSecret: consumerSecret?.summary,
      readonly: readonly, origin: origin.summary, isDefault: isDefault)
  }
}

/// What `profile show` displays: every setting of a profile, secrets replaced by where they
/// come from (`literal`, `env CLOUDRON_TOKEN`, `command: pass show x`).
public struct ProfileSummary: Sendable, Hashable, Codable {
  /// The profile name.
  public var name: String
  /// The API name.
  public var api: String
  /// The base URL, if set.
  public var baseURL: String?
  /// `bearer`, `query`, `oauth1` or `none`.
  public var auth: String
  /// The token's source, if any.
  public var token: String?
  /// The OAuth token secret's source, if any.
  public var tokenSecret: String?
  /// `set` when an OAuth consumer key is configured.
  public var consumerKey: String?
  /// The OAuth consumer secret's source, if any.
  public var consumerSecret: String?
  /// Whether only reads are allowed.
  public var readonly: Bool
  /// Where the profile was defined.
  public var origin: String
  /// Whether it is the profile selected when none is named.
  public var isDefault: Bool

  /// The fields in display order, as `(key, value)`; nil values are left out.
  public var fields: [(key: String, value: String)] {
    var fields: [(key: String, value: String)] = [("name", name), ("api", api)]
    if let baseURL { fields.append(("base_url", baseURL)) }
    fields.append(("auth", auth))
    if let token { fields.append(("token", token)) }
    if let tokenSecret { fields.append(("token_secret", tokenSecret)) }
    if let consumerKey { fields.append(("consumer_key", consumerKey)) }
    if let consumerSecret { fields.append(("consumer_secret", consumerSecret)) }
    fields.append(("readonly", String(readonly)))
    fields.append(("origin", origin))
    fields.append(("default", String(isDefault)))
    return fields
  }
}

extension Profile: CustomStringConvertible, CustomDebugStringConvertible {
  /// `Profile(name: prod, api: cloudron, base_url: …, auth: bearer, token: env X, …)` with
  /// secrets shown only by source.
  public var description: String {
    let fields = summary().fields.filter { $0.key != "name" && $0.key != "default" }
    let rendered = fields.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    return "Profile(\(name); \(rendered))"
  }

  /// Same as ``description``.
  public var debugDescription: String { description }
}

extension Profile: CustomReflectable {
  /// A mirror of the redacted summary, so `dump` does not print literal secrets.
  public var customMirror: Mirror {
    Mirror(self, children: summary().fields.map { (label: $0.key, value: $0.value as Any) })
  }
}
