import CCSRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension APIRequest {
  /// The request as text for `--dry-run`: the request line with the full URL, the headers,
  /// a blank line and the body — secrets masked by `redactor`, and every query value, header
  /// value and JSON body member (whole, at any depth) whose name ``SecretNames`` calls
  /// secret-bearing. A JSON body is pretty-printed keeping its key order; other
  /// text is shown as is; binary content is summarized.
  ///
  /// Render ``HTTPTransport/prepared(_:)`` after ``Credentials/apply(to:)`` to show exactly
  /// what would be sent:
  ///
  /// ```
  /// POST https://my.example.com/api/v1/apps/a1/restart?access_token=[REDACTED]
  /// Content-Type: application/json
  /// User-Agent: ccs/0.1.0
  ///
  /// {
  ///   "force": true
  /// }
  /// ```
  public func rendered(redactor: Redactor) -> String {
    var lines = ["\(method.rawValue) \(redactor.redact(url: url))"]
    for field in redactor.redact(headers: headers) {
      lines.append("\(field.name): \(field.value)")
    }
    if let body, !body.isEmpty {
      lines.append("")
      lines.append(renderedBody(body, redactor: redactor))
    }
    return lines.joined(separator: "\n")
  }

  private func renderedBody(_ body: [UInt8], redactor: Redactor) -> String {
    let mediaType = HTTPStatus.mediaType(of: headers)
    let isJSON = mediaType.map { $0 == "application/json" || $0.hasSuffix("+json") } ?? false
    if isJSON || mediaType == nil, let pretty = JSONPrettyPrinter.format(body) {
      return redactor.redact(JSONSecretMasker.mask(pretty))
    }
    let isText =
      mediaType.map { type in
        isJSON || type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("yaml")
          || type == "application/x-www-form-urlencoded" || type == "application/xml"
      } ?? true
    if isText, let text = String(bytes: body, encoding: .utf8) {
      return redactor.redact(text)
    }
    return "<\(body.count) bytes of \(mediaType ?? "binary data")>"
  }
}

/// Re-indents JSON text without parsing it into objects, so key order, number spelling and
/// string escapes stay exactly as sent.
enum JSONPrettyPrinter {
  /// `bytes` re-indented with two spaces, or nil if they are not one well-formed JSON value.
  static func format(_ bytes: [UInt8]) -> String? {
    guard (try? JSONReader.parse(bytes)) != nil, let text = String(bytes: bytes, encoding: .utf8)
    else { return nil }
    var out = ""
    var depth = 0
    var inString = false
    var escaped = false
    var previous: Character = " "
    var sawValue = false
    let indent = { (level: Int) in String(repeating: "  ", count: level) }
    for character in text {
      if inString {
        out.append(character)
        if escaped {
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          inString = false
        }
        previous = character
        continue
      }
      switch character {
      case " ", "\t", "\n", "\r":
        continue
      case "\"":
        inString = true
        sawValue = true
        out.append(character)
      case "{", "[":
        depth += 1
        sawValue = true
        out.append(character)
        out += "\n" + indent(depth)
      case "}", "]":
        depth -= 1
        guard depth >= 0 else { return nil }
        if previous == "{" || previous == "[" {
          // Empty container: undo the line break opened for its first member.
          while out.last == " " || out.last == "\n" { out.removeLast() }
        } else {
          out += "\n" + indent(depth)
        }
        out.append(character)
      case ",":
        guard depth > 0 else { return nil }
        out += ",\n" + indent(depth)
      case ":":
        guard depth > 0 else { return nil }
        out += ": "
      default:
        guard character.isLetter || character.isNumber || "+-.".contains(character) else {
          return nil
        }
        sawValue = true
        out.append(character)
      }
      previous = character
    }
    guard depth == 0, !inString, sawValue else { return nil }
    return out
  }
}
