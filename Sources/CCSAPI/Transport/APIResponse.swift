import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A complete HTTP response: status, headers and the whole body.
public struct APIResponse: Sendable, Hashable {
  /// The status code (`200`).
  public var status: Int
  /// The reason phrase for the status (`OK`), from the standard table.
  public var reason: String
  /// The response header fields, in order.
  public var headers: APIHeaders
  /// The body bytes; empty when the response had none.
  public var body: [UInt8]

  /// Creates a response.
  public init(status: Int, reason: String? = nil, headers: APIHeaders = [:], body: [UInt8] = []) {
    self.status = status
    self.reason = reason ?? HTTPStatus.reason(for: status)
    self.headers = headers
    self.body = body
  }

  /// The media type of the body without parameters, lowercased (`application/json`), or nil.
  public var mediaType: String? {
    HTTPStatus.mediaType(of: headers)
  }

  /// The body decoded as UTF-8 (invalid sequences replaced).
  public var text: String {
    String(decoding: body, as: UTF8.self)
  }

  /// The request id the server attached (`Sozu-Id`, `X-Request-Id`, `X-Correlation-Id`), if any.
  public var requestId: String? {
    HTTPStatus.requestId(in: headers)
  }
}

/// Status reason phrases and header conventions shared by responses and errors.
enum HTTPStatus {
  /// The standard reason phrase for `status`, or `"Status N"` for unknown codes.
  static func reason(for status: Int) -> String {
    switch status {
    case 100: "Continue"
    case 101: "Switching Protocols"
    case 200: "OK"
    case 201: "Created"
    case 202: "Accepted"
    case 203: "Non-Authoritative Information"
    case 204: "No Content"
    case 205: "Reset Content"
    case 206: "Partial Content"
    case 300: "Multiple Choices"
    case 301: "Moved Permanently"
    case 302: "Found"
    case 303: "See Other"
    case 304: "Not Modified"
    case 307: "Temporary Redirect"
    case 308: "Permanent Redirect"
    case 400: "Bad Request"
    case 401: "Unauthorized"
    case 402: "Payment Required"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 406: "Not Acceptable"
    case 408: "Request Timeout"
    case 409: "Conflict"
    case 410: "Gone"
    case 411: "Length Required"
    case 412: "Precondition Failed"
    case 413: "Content Too Large"
    case 414: "URI Too Long"
    case 415: "Unsupported Media Type"
    case 416: "Range Not Satisfiable"
    case 422: "Unprocessable Content"
    case 423: "Locked"
    case 424: "Failed Dependency"
    case 428: "Precondition Required"
    case 429: "Too Many Requests"
    case 431: "Request Header Fields Too Large"
    case 451: "Unavailable For Legal Reasons"
    case 500: "Internal Server Error"
    case 501: "Not Implemented"
    case 502: "Bad Gateway"
    case 503: "Service Unavailable"
    case 504: "Gateway Timeout"
    case 505: "HTTP Version Not Supported"
    case 507: "Insufficient Storage"
    default: "Status \(status)"
    }
  }

  /// The lowercased media type of `Content-Type` without parameters.
  static func mediaType(of headers: APIHeaders) -> String? {
    guard let value = headers["Content-Type"] else { return nil }
    let type = value.split(separator: ";", maxSplits: 1).first ?? ""
    let trimmed = type.trimmingBlanks().lowercased()
    return trimmed.isEmpty ? nil : trimmed
  }

  /// The first request-id style header present.
  static func requestId(in headers: APIHeaders) -> String? {
    for name in ["Sozu-Id", "X-Request-Id", "X-Correlation-Id"] {
      if let value = headers[name], !value.isEmpty { return value }
    }
    return nil
  }
}
