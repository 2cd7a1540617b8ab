import CCSRuntime
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A response with a status outside 2xx, with the API's own explanation when it gave one.
///
/// The message and code come from the body, whichever shape it has:
/// - Cloudron: `{"status": "Bad Request", "message": "lines must be a valid number"}`;
/// - Clever Cloud v2: `{"id": 4004, "message": "Not Found", "type": "error"}`;
/// - Clever Cloud v4: `{"error": "…", "context": {…}}` (the first context key is the code);
/// - anything else: `message`/`error`/`code`/`id` fields if JSON, the `<title>` of an HTML
///   page, or the first 500 characters of plain text.
///
/// Every text field is redacted: the URL never carries an `access_token`, and a message that
/// echoes a known secret shows ``Redactor/mask`` instead.
public struct HTTPError: Error, Sendable, Hashable {
  /// The status code (`404`).
  public let status: Int
  /// The reason phrase (`Not Found`).
  public let reason: String
  /// The request method (`GET`).
  public let method: String
  /// The request URL, redacted.
  public let url: String
  /// The API's own error message, redacted, if the body had one.
  public let message: String?
  /// The API's own error code (`id`, `code`, v4 context key), if the body had one.
  public let code: String?
  /// The `Sozu-Id` / `X-Request-Id` header of the response, if any.
  public let requestId: String?
  /// The response headers, with sensitive values redacted.
  public let headers: APIHeaders
  /// The raw response body, unredacted (do not print it without ``Redactor/redact(_:)``).
  public let body: [UInt8]

  /// Builds the error for `response` to `request`, parsing the body and redacting with
  /// `redactor`.
  public init(request: APIRequest, response: APIResponse, redactor: Redactor) {
    self.status = response.status
    self.reason = response.reason
    self.method = request.method.rawValue
    self.url = redactor.redact(url: request.url)
    let parsed = Self.parseBody(response.body, mediaType: response.mediaType)
    var message = parsed.message
    if message == nil, (300..<400).contains(response.status),
      let location = response.headers["Location"]
    {
      message = "redirect to \(location) not followed"
    }
    self.message = message.map { redactor.redact($0) }
    self.code = parsed.code.map { redactor.redact($0) }
    self.requestId = response.requestId
    self.headers = redactor.redact(headers: response.headers)
    self.body = response.body
  }

  /// Creates an error from its parts (for tests and synthesized errors); `url` must already be
  /// redacted.
  public init(
    status: Int, reason: String? = nil, method: String, url: String, message: String? = nil,
    code: String? = nil, requestId: String? = nil, headers: APIHeaders = [:], body: [UInt8] = []
  ) {
    self.status = status
    self.reason = reason ?? HTTPStatus.reason(for: status)
    self.method = method
    self.url = url
    self.message = message
    self.code = code
    self.requestId = requestId
    self.headers = headers
    self.body = body
  }

  // MARK: - Body parsing

  /// The message and code in an error body of any of the known shapes.
  static func parseBody(_ body: [UInt8], mediaType: String?) -> (message: String?, code: String?) {
    guard !body.isEmpty else { return (nil, nil) }
    if let value = try? JSONReader.parse(body) { return parseJSON(value) }
    let text = String(decoding: body, as: UTF8.self).trimmingWhitespace()
    if mediaType == "text/html" || text.lowercased().hasPrefix("<!doctype html")
      || text.lowercased().hasPrefix("<html")
    {
      return (htmlTitle(text), nil)
    }
    guard !text.isEmpty else { return (nil, nil) }
    return (text.count > 500 ? String(text.prefix(500)) + "…" : text, nil)
  }

  private static func parseJSON(_ value: Value) -> (message: String?, code: String?) {
    if case .string(let text) = value { return (text.isEmpty ? nil : text, nil) }
    guard case .record(let record) = value else { return (nil, nil) }
    var message = scalarText(record["message"])
    var code = scalarText(record["code"]) ?? scalarText(record["id"])
    switch record["error"] {
    case .string(let text)? where message == nil:
      message = text
    case .record(let nested)?:
      message = message ?? scalarText(nested["message"])
      code = code ?? scalarText(nested["code"]) ?? scalarText(nested["type"])
    default:
      break
    }
    if code == nil, case .record(let context)? = record["context"] {
      code = context.keys.sorted().first
    }
    if message == nil { message = scalarText(record["error_description"]) }
    return (message, code)
  }

  /// A string, number or bool field as text (`4004`, `1.5`, `true`).
  private static func scalarText(_ value: Value?) -> String? {
    switch value {
    case .string(let text)?: return text.isEmpty ? nil : text
    case .int(let number)?: return String(number)
    case .float(let number)?: return JSONWriter.number(number)
    case .bool(let flag)?: return flag ? "true" : "false"
    default: return nil
    }
  }

  private static func htmlTitle(_ html: String) -> String? {
    guard let open = html.firstRangeIgnoringASCIICase(of: "<title>"),
      let close = html.firstRangeIgnoringASCIICase(of: "</title>", from: open.upperBound)
    else { return nil }
    let title = html[open.upperBound..<close.lowerBound].trimmingWhitespace()
    return title.isEmpty ? nil : title
  }
}

extension HTTPError: CustomStringConvertible {
  /// `GET https://host/api/v1/tasks/42: 404 Not Found: task not found (code: not_found;
  /// request id: 6f1c…)`.
  public var description: String {
    var text = "\(method) \(url): \(status) \(reason)"
    if let message, message != reason { text += ": \(message)" }
    var notes: [String] = []
    if let code { notes.append("code: \(code)") }
    if let requestId { notes.append("request id: \(requestId)") }
    if !notes.isEmpty { text += " (\(notes.joined(separator: "; ")))" }
    return text
  }
}
