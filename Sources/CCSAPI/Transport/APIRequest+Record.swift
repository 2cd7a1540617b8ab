import CCSRuntime
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension APIRequest {
  /// The request as a value for `--dry-run`: `{dry_run: true, method, url, headers, body}`, redacted exactly
  /// as the printed form (``rendered(redactor:)``), from which it is read: the body is a value
  /// when it is JSON, else its text; null when there is none.
  public func record(redactor: Redactor) -> Value {
    let text = rendered(redactor: redactor)
    let parts = text.components(separatedBy: "\n\n")
    let head = parts.first ?? ""
    let bodyText = parts.dropFirst().joined(separator: "\n\n")
    var headers = Record()
    for line in head.split(separator: "\n").dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = String(line[..<colon])
      headers[name] = .string(
        line[line.index(after: colon)...].trimmingBlanks())
    }
    var body: Value = .null
    if !bodyText.isEmpty { body = (try? JSONReader.parse(bodyText)) ?? .string(bodyText) }
    return .record(
      Record([
        ("dry_run", .bool(true)), ("method", .string(method.rawValue)),
        ("url", .string(redactor.redact(url: url))),
        ("headers", .record(headers)), ("body", body),
      ]))
  }
}
