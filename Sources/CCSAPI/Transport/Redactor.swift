import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Removes secrets from text before it is shown: logs, error messages, dry-run output.
///
/// A redactor knows the secrets in play (tokens, token secrets, consumer secrets) and replaces
/// them, and their percent-encoded forms, with ``mask`` wherever they occur. Independently of
/// what it knows, it also masks the values of query parameters, headers and JSON string
/// members whose name is secret-bearing by the rule of ``SecretNames`` (`access_token=`,
/// `Authorization:`, `"private_key": "…"`, `"newPassword": "…"`), so a secret it was never
/// told about does not leak through those. JSON request bodies are masked structurally, whole
/// values at any depth, by ``APIRequest/rendered(redactor:)``.
///
/// ```swift
/// let redactor = Redactor(secrets: ["s3cr3t-token"])
/// redactor.redact("GET /tasks?access_token=s3cr3t-token")
/// // "GET /tasks?access_token=[REDACTED]"
/// ```
public struct Redactor: Sendable, Hashable {
  /// What a secret is replaced with.
  public static let mask = "[REDACTED]"

  /// Secrets shorter than this are ignored: masking every `a` in a text would make it
  /// unreadable without protecting anything a two-character secret could.
  public static let minimumSecretLength = 4

  /// Query parameter names whose values are always masked.
  public static let sensitiveQueryNames: Set<String> = [
    "access_token", "authorization", "api_key", "apikey", "token", "oauth_token",
    "oauth_signature", "password", "secret", "client_secret",
  ]

  /// Header names whose values are always masked (keeping an auth scheme word if present).
  public static let sensitiveHeaderNames: Set<String> = [
    "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
    "x-auth-token",
  ]

  private var secrets: Set<String>

  /// Creates a redactor that knows `secrets`.
  public init(secrets: some Sequence<String> = [String]()) {
    self.secrets = []
    for secret in secrets { insert(secret) }
  }

  /// The number of secrets known.
  public var count: Int { secrets.count }

  /// Adds a secret to mask (ignored when shorter than ``minimumSecretLength``).
  public mutating func insert(_ secret: String) {
    let trimmed = secret.trimmingWhitespace()
    guard trimmed.count >= Self.minimumSecretLength else { return }
    secrets.insert(trimmed)
    let encoded = PercentEncoding.encode(trimmed)
    if encoded != trimmed { secrets.insert(encoded) }
  }

  /// A copy that also knows `secrets`.
  public func inserting(contentsOf secrets: some Sequence<String>) -> Redactor {
    var copy = self
    for secret in secrets { copy.insert(secret) }
    return copy
  }

  /// `text` with every known secret, sensitive query value and `Authorization` header value
  /// replaced by ``mask``.
  public func redact(_ text: String) -> String {
    var result = text
    // Longest first, so a secret containing another is masked whole.
    for secret in secrets.sorted(by: { $0.count > $1.count }) where result.contains(secret) {
      result = result.replacing(secret, with: Self.mask)
    }
    result = result.replacing(#/(?i)([?&;]|\b)([a-z_]+)=([^&\s"'#;]+)/#) { match in
      let name = match.output.2
      guard Self.sensitiveQueryNames.contains(name.lowercased()) || SecretNames.isSecret(name)
      else {
        return String(match.output.0)
      }
      return match.output.1 + name + "=" + Self.maskUnlessMasked(match.output.3)
    }
    result = result.replacing(
      #/(?im)^([ \t]*(?:proxy-)?authorization[ \t]*:[ \t]*)([^\r\n]*)/#
    ) { match in
      match.output.1 + Self.maskCredential(String(match.output.2))
    }
    result = result.replacing(#/(?i)(oauth_(?:token|signature)=")([^"]*)(")/#) { match in
      match.output.1 + Self.maskUnlessMasked(match.output.2) + match.output.3
    }
    // JSON string members whose key is secret-bearing: "password", "private_key", "apiKey"…
    result = result.replacing(
      #/("([^"\\]{1,128})"\s*:\s*")((?:[^"\\]|\\.)*)(")/#
    ) { match in
      guard SecretNames.isSecret(match.output.2) else { return String(match.output.0) }
      return match.output.1 + Self.maskUnlessMasked(match.output.3) + match.output.4
    }
    return result
  }

  /// The URL as text with secrets and sensitive query values masked.
  public func redact(url: URL) -> String {
    redact(url.absoluteString)
  }

  /// The headers with sensitive values masked (an auth scheme word such as `Bearer` is kept)
  /// and known secrets masked in every other value.
  public func redact(headers: APIHeaders) -> APIHeaders {
    APIHeaders(
      headers.fields.map { field in
        if Self.sensitiveHeaderNames.contains(field.name.lowercased())
          || SecretNames.isSecret(field.name)
        {
          return .init(name: field.name, value: Self.maskCredential(field.value))
        }
        return .init(name: field.name, value: redact(field.value))
      })
  }

  /// `Bearer abc` → `Bearer [REDACTED]`; a value without a scheme word is masked whole.
  static func maskCredential(_ value: String) -> String {
    let trimmed = value.trimmingBlanks()
    if trimmed.isEmpty || trimmed == mask { return trimmed }
    let parts = trimmed.split(separator: " ", maxSplits: 1)
    if parts.count == 2, parts[0].allSatisfy({ $0.isLetter || $0 == "-" }) {
      return parts[0] + " " + mask
    }
    return mask
  }

  private static func maskUnlessMasked(_ value: Substring) -> String {
    value.isEmpty ? "" : mask
  }
}

extension Redactor: CustomStringConvertible {
  /// A summary that never shows the secrets themselves.
  public var description: String { "Redactor(\(secrets.count) secrets)" }
}
