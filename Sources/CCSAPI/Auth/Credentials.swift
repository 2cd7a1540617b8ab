/// How a request proves who sends it: resolved secrets plus where they go.
///
/// ```swift
/// var request = APIRequest(method: .get, url: url)
/// Credentials.bearer(token: "…").apply(to: &request)
/// // Authorization: Bearer …
/// Credentials.queryToken(token: "…").apply(to: &request)
/// // …?access_token=…
/// ```
public enum Credentials: Sendable, Hashable {
  /// No authentication.
  case none
  /// `Authorization: Bearer <token>` (Clever Cloud API tokens, Cloudron tokens).
  case bearer(token: String)
  /// The token as a query parameter, `?access_token=<token>` by default (Cloudron's query
  /// placement, what its dashboard uses for EventSource URLs).
  case queryToken(token: String, parameter: String = "access_token")
  /// Clever Cloud OAuth 1.0 PLAINTEXT:
  /// `Authorization: OAuth oauth_consumer_key="…", oauth_token="…", oauth_signature="…"`.
  case oauth1(consumerKey: String, consumerSecret: String, token: String, tokenSecret: String)

  /// Adds the credentials to `request`: sets `Authorization` (replacing any) or appends the
  /// query parameter. `.none` leaves the request unchanged.
  public func apply(to request: inout APIRequest) {
    switch self {
    case .none:
      break
    case .queryToken(let token, let parameter):
      request.appendQuery(parameter, token)
    case .bearer, .oauth1:
      if let value = authorizationHeader {
        request.headers.set("Authorization", value)
      }
    }
  }

  /// The `Authorization` header value, or nil for `.none` and query placement.
  public var authorizationHeader: String? {
    switch self {
    case .none, .queryToken:
      return nil
    case .bearer(let token):
      return "Bearer \(token)"
    case .oauth1(let consumerKey, let consumerSecret, let token, let tokenSecret):
      return OAuth1.plaintextHeader(
        consumerKey: consumerKey, consumerSecret: consumerSecret, token: token,
        tokenSecret: tokenSecret)
    }
  }

  /// Every secret value these credentials carry, for a ``Redactor``. The OAuth consumer key is
  /// included: it is not secret by itself but identifies the account's client.
  public var secrets: [String] {
    switch self {
    case .none:
      return []
    case .bearer(let token), .queryToken(let token, _):
      return [token]
    case .oauth1(let consumerKey, let consumerSecret, let token, let tokenSecret):
      let signature = OAuth1.plaintextSignature(
        consumerSecret: consumerSecret, tokenSecret: tokenSecret)
      return [consumerKey, consumerSecret, token, tokenSecret, signature]
    }
  }

  /// The scheme's name as profiles spell it: `none`, `bearer`, `query`, `oauth1`.
  public var schemeName: String {
    switch self {
    case .none: "none"
    case .bearer: "bearer"
    case .queryToken: "query"
    case .oauth1: "oauth1"
    }
  }
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible {
  /// The scheme only, never a secret: `Credentials.bearer([REDACTED])`.
  public var description: String {
    switch self {
    case .none: "Credentials.none"
    case .queryToken(_, let parameter): "Credentials.queryToken(\(parameter)=\(Redactor.mask))"
    default: "Credentials.\(schemeName)(\(Redactor.mask))"
    }
  }

  /// Same as ``description``: secrets never show in debug output either.
  public var debugDescription: String { description }
}

extension Credentials: CustomReflectable {
  /// A mirror without children, so `dump` and debuggers do not print secrets.
  public var customMirror: Mirror {
    Mirror(self, children: ["scheme": schemeName])
  }
}
