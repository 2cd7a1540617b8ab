import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension ProfileStore {
  /// Clever Cloud's host for OAuth 1.0 requests.
  public static let cleverOAuthHost = "https://api.clever-cloud.com"
  /// Clever Cloud's host for API-token (Bearer) requests.
  public static let cleverBridgeHost = "https://api-bridge.clever-cloud.com"

  /// The profiles the environment defines:
  /// - `env:cloudron` from `CLOUDRON_DOMAIN` + `CLOUDRON_TOKEN`: Bearer on
  ///   `https://$CLOUDRON_DOMAIN/api/v1`;
  /// - `env:clever` from `CLEVER_API_TOKEN`: Bearer on the API bridge host; or, without it,
  ///   from `CLEVER_TOKEN` + `CLEVER_SECRET`: OAuth 1.0 PLAINTEXT on the API host, with the
  ///   consumer from `CLEVER_CONSUMER_KEY`/`CLEVER_CONSUMER_SECRET` or the `[clever]` table.
  static func environmentProfiles(
    environment: [String: String], clever: ConfigFile.CleverDefaults
  ) -> [Profile] {
    func isSet(_ name: String) -> Bool {
      !(environment[name] ?? "").trimmingWhitespace().isEmpty
    }
    var profiles: [Profile] = []
    if isSet("CLEVER_API_TOKEN") {
      profiles.append(
        Profile(
          name: "env:clever", api: "clever", baseURL: URL(string: cleverBridgeHost),
          auth: .bearer, token: .environment("CLEVER_API_TOKEN"),
          origin: .environment(variables: ["CLEVER_API_TOKEN"])))
    } else if isSet("CLEVER_TOKEN"), isSet("CLEVER_SECRET") {
      profiles.append(
        Profile(
          name: "env:clever", api: "clever", baseURL: URL(string: cleverOAuthHost),
          auth: .oauth1, token: .environment("CLEVER_TOKEN"),
          tokenSecret: .environment("CLEVER_SECRET"),
          consumerKey: environmentConsumerKey(environment) ?? clever.consumerKey,
          consumerSecret: environmentConsumerSecret(environment) ?? clever.consumerSecret,
          origin: .environment(variables: ["CLEVER_TOKEN", "CLEVER_SECRET"])))
    }
    if isSet("CLOUDRON_DOMAIN"), isSet("CLOUDRON_TOKEN"),
      let base = cloudronBaseURL(domain: environment["CLOUDRON_DOMAIN"] ?? "")
    {
      profiles.append(
        Profile(
          name: "env:cloudron", api: "cloudron", baseURL: base, auth: .bearer,
          token: .environment("CLOUDRON_TOKEN"),
          origin: .environment(variables: ["CLOUDRON_DOMAIN", "CLOUDRON_TOKEN"])))
    }
    return profiles.sorted { $0.name < $1.name }
  }

  static func environmentConsumerKey(_ environment: [String: String]) -> SecretSource? {
    (environment["CLEVER_CONSUMER_KEY"] ?? "").isEmpty ? nil : .environment("CLEVER_CONSUMER_KEY")
  }

  static func environmentConsumerSecret(_ environment: [String: String]) -> SecretSource? {
    (environment["CLEVER_CONSUMER_SECRET"] ?? "").isEmpty
      ? nil : .environment("CLEVER_CONSUMER_SECRET")
  }

  /// `https://DOMAIN/api/v1` for a Cloudron dashboard domain (a scheme, if given, is kept).
  public static func cloudronBaseURL(domain: String) -> URL? {
    var text = domain.trimmingWhitespace()
    while text.hasSuffix("/") { text.removeLast() }
    guard !text.isEmpty else { return nil }
    if !text.contains("://") { text = "https://" + text }
    if !text.hasSuffix("/api/v1") { text += "/api/v1" }
    return normalizedBaseURL(text)
  }

  /// `text` as an absolute http(s) URL without trailing slashes, or nil.
  public static func normalizedBaseURL(_ text: String) -> URL? {
    var text = text.trimmingWhitespace()
    while text.hasSuffix("/") { text.removeLast() }
    guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
      scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
    else { return nil }
    return url
  }
}
