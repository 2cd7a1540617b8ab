import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A request as the sandbox routes see it: decoded path, repeated query items, headers, body.
struct SandboxRequest: Sendable {
  var method: String
  var path: String
  var rawQuery: String
  var query: [(String, String)]
  var headers: [(String, String)]
  var body: Data
  /// The id of the Cloudron user whose token authorized the request, once authorized.
  var callerId: String? = nil

  /// The first value of query parameter `name`.
  func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

  /// Every value of a repeated query parameter.
  func queryValues(_ name: String) -> [String] { query.filter { $0.0 == name }.map(\.1) }

  /// The first header named `name` (case-insensitive).
  func header(_ name: String) -> String? {
    headers.first { $0.0.lowercased() == name.lowercased() }?.1
  }

  /// The body parsed as JSON, or `nil`.
  var json: JSONValue? { body.isEmpty ? nil : JSONValue(parsing: body) }

  /// Splits a raw query string into percent-decoded items, keeping repeats and order.
  static func parseQuery(_ raw: String) -> [(String, String)] {
    raw.split(separator: "&", omittingEmptySubsequences: true).map { item in
      let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decode(_ text: Substring) -> String {
        let spaced = String(text.replacing("+", with: " "))
        return spaced.percentDecoded ?? spaced
      }
      return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
    }
  }
}

extension SandboxRequest {
  /// A request from its target as on the wire: a percent-encoded path with an optional
  /// `?query`.
  init(method: String, target: String, headers: [(String, String)], body: Data) {
    let (rawPath, rawQuery) = Self.split(target: target)
    self.init(
      method: method, path: rawPath.percentDecodedOrSelf, rawQuery: rawQuery,
      query: Self.parseQuery(rawQuery), headers: headers, body: body)
  }

  /// A request target's raw path and raw query (empty when there is none).
  static func split(target: String) -> (path: String, query: String) {
    let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    return (parts.first.map(String.init) ?? "", parts.count > 1 ? String(parts[1]) : "")
  }
}

/// A response before faults are applied: status, headers and a complete or streamed body.
struct SandboxResponse: Sendable {
  enum Body: Sendable {
    case bytes(Data)
    case stream(@Sendable (inout any ResponseBodyWriter) async throws -> Void)
  }

  var status: Int
  var headers: [(String, String)]
  var body: Body

  var isStream: Bool {
    if case .stream = body { return true }
    return false
  }

  /// A JSON response.
  static func json(_ value: JSONValue, status: Int = 200) -> SandboxResponse {
    SandboxResponse(
      status: status, headers: [("Content-Type", "application/json; charset=utf-8")],
      body: .bytes(value.data))
  }

  /// An empty response (204 by default).
  static func empty(status: Int = 204) -> SandboxResponse {
    SandboxResponse(status: status, headers: [], body: .bytes(Data()))
  }

  /// A response with raw bytes of a given content type.
  static func bytes(_ data: Data, contentType: String, status: Int = 200) -> SandboxResponse {
    SandboxResponse(status: status, headers: [("Content-Type", contentType)], body: .bytes(data))
  }

  /// Adds a header.
  func adding(_ name: String, _ value: String) -> SandboxResponse {
    var copy = self
    copy.headers.append((name, value))
    return copy
  }
}

/// The standard HTTP reason phrases used in Cloudron error bodies (Node's `STATUS_CODES`).
enum ReasonPhrase {
  static func of(_ status: Int) -> String {
    switch status {
    case 400: return "Bad Request"
    case 401: return "Unauthorized"
    case 403: return "Forbidden"
    case 404: return "Not Found"
    case 405: return "Method Not Allowed"
    case 409: return "Conflict"
    case 412: return "Precondition Failed"
    case 422: return "Unprocessable Entity"
    case 424: return "Failed Dependency"
    case 429: return "Too Many Requests"
    case 500: return "Internal Server Error"
    case 502: return "Bad Gateway"
    case 503: return "Service Unavailable"
    case 504: return "Gateway Timeout"
    default: return "Error"
    }
  }
}

/// Error bodies in each API's documented shape.
enum APIError {
  /// Cloudron: `{"status":"<reason phrase>","message":"…"}`.
  static func cloudron(_ status: Int, _ message: String) -> SandboxResponse {
    .json(
      ["status": .string(ReasonPhrase.of(status)), "message": .string(message)], status: status)
  }

  /// Clever Cloud v2: `{"id":<code>,"message":"…","type":"error"}`.
  static func cleverV2(_ status: Int, _ message: String) -> SandboxResponse {
    .json(
      ["id": .int(status * 10 + 1), "message": .string(message), "type": "error"], status: status)
  }

  /// Clever Cloud v4: `{"error":"…","context":{…}}`.
  static func cleverV4(_ status: Int, _ message: String, field: String? = nil) -> SandboxResponse {
    let context: JSONValue =
      field.map { ["OVDErrorFieldContext": ["fieldValue": .string($0)]] } ?? .object([])
    return .json(["error": .string(message), "context": context], status: status)
  }

  /// The error shape matching `path`'s API.
  static func forPath(_ path: String, _ status: Int, _ message: String) -> SandboxResponse {
    if path.hasPrefix("/v2/") { return cleverV2(status, message) }
    if path.hasPrefix("/v4/") { return cleverV4(status, message) }
    return cloudron(status, message)
  }
}
