#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One HTTP request as ccs will send it: method, absolute URL, headers and an optional body.
///
/// Build it, let ``Credentials/apply(to:)`` add authentication, then hand it to
/// ``HTTPTransport/send(_:)`` or ``HTTPTransport/stream(_:)`` — or render it for a dry run
/// with ``rendered(redactor:)``.
///
/// ```swift
/// var request = APIRequest(method: .get, url: base.appending(path: "tasks"))
/// request.appendQuery("page", "1")
/// credentials.apply(to: &request)
/// let response = try await transport.send(request)
/// ```
public struct APIRequest: Sendable, Hashable {
  /// An HTTP method, always uppercase.
  public struct Method: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
  {
    /// The method name, uppercase (`GET`).
    public let rawValue: String

    /// Creates a method; the name is uppercased.
    public init(rawValue: String) {
      self.rawValue = rawValue.uppercased()
    }

    /// Creates a method from a literal such as `"get"`.
    public init(stringLiteral value: String) {
      self.init(rawValue: value)
    }

    /// `GET`.
    public static let get = Method(rawValue: "GET")
    /// `HEAD`.
    public static let head = Method(rawValue: "HEAD")
    /// `POST`.
    public static let post = Method(rawValue: "POST")
    /// `PUT`.
    public static let put = Method(rawValue: "PUT")
    /// `PATCH`.
    public static let patch = Method(rawValue: "PATCH")
    /// `DELETE`.
    public static let delete = Method(rawValue: "DELETE")
    /// `OPTIONS`.
    public static let options = Method(rawValue: "OPTIONS")

    /// Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2):
    /// GET, HEAD, PUT, DELETE, OPTIONS (and TRACE). Only these are ever retried.
    public var isIdempotent: Bool {
      ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"].contains(rawValue)
    }

    /// Whether the method only reads (GET, HEAD, OPTIONS); readonly profiles allow only these.
    public var isSafe: Bool {
      ["GET", "HEAD", "OPTIONS", "TRACE"].contains(rawValue)
    }

    /// The method name.
    public var description: String { rawValue }
  }

  /// The HTTP method.
  public var method: Method
  /// The absolute URL, query included.
  public var url: URL
  /// The header fields, in order.
  public var headers: APIHeaders
  /// The body bytes, or nil for no body.
  public var body: [UInt8]?
  /// A deadline for receiving the response head (the whole response for
  /// ``HTTPTransport/send(_:)``), per attempt; nil uses no deadline beyond the timeouts of
  /// ``HTTPTransport/Configuration``.
  public var timeout: Duration?

  /// Creates a request.
  public init(
    method: Method,
    url: URL,
    headers: APIHeaders = [:],
    body: [UInt8]? = nil,
    timeout: Duration? = nil
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.timeout = timeout
  }

  /// Appends `name=value` to the URL's query, percent-encoding both (RFC 3986 unreserved set
  /// kept literal, so `+`, `&`, `=` and spaces are always escaped).
  public mutating func appendQuery(_ name: String, _ value: String) {
    url = Self.appendingQuery(to: url, name: name, value: value)
  }

  /// `url` with `name=value` appended to its query, both percent-encoded.
  public static func appendingQuery(to url: URL, name: String, value: String) -> URL {
    var text = url.absoluteString
    var fragment = ""
    if let hash = text.firstIndex(of: "#") {
      fragment = String(text[hash...])
      text = String(text[..<hash])
    }
    let separator: String
    if !text.contains("?") {
      separator = "?"
    } else if text.hasSuffix("?") || text.hasSuffix("&") {
      separator = ""
    } else {
      separator = "&"
    }
    text += separator + PercentEncoding.encode(name) + "=" + PercentEncoding.encode(value)
    return URL(string: text + fragment) ?? url
  }
}
