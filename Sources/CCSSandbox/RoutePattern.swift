import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A path template such as `/v4/addon-providers/addon-{operator_name}/addons/{operator_id}`
/// matched segment by segment; a segment holds at most one `{name}` with optional literal
/// prefix and suffix (`addon-{name}`, `{invoiceid}.pdf`).
struct RoutePattern: Sendable {
  private struct Segment: Sendable {
    var prefix: String
    var name: String?
    var suffix: String
  }

  let template: String
  private let segments: [Segment]

  init(_ template: String) {
    self.template = template
    segments = template.split(separator: "/", omittingEmptySubsequences: true).map { part in
      guard let open = part.firstIndex(of: "{"), let close = part.firstIndex(of: "}") else {
        return Segment(prefix: String(part), name: nil, suffix: "")
      }
      return Segment(
        prefix: String(part[..<open]), name: String(part[part.index(after: open)..<close]),
        suffix: String(part[part.index(after: close)...]))
    }
  }

  /// The captured parameters when `path` matches, else `nil`.
  func match(_ path: String) -> [String: String]? {
    let parts = path.split(separator: "/", omittingEmptySubsequences: true)
    guard parts.count == segments.count else { return nil }
    var captures: [String: String] = [:]
    for (part, segment) in zip(parts, segments) {
      guard let name = segment.name else {
        guard part == segment.prefix else { return nil }
        continue
      }
      guard part.hasPrefix(segment.prefix), part.hasSuffix(segment.suffix),
        part.count > segment.prefix.count + segment.suffix.count
      else { return nil }
      let value = part.dropFirst(segment.prefix.count).dropLast(segment.suffix.count)
      captures[name] = String(value).percentDecodedOrSelf
    }
    return captures
  }
}

/// One API operation: method, path template and handler.
struct Route: Sendable {
  typealias Handler = @Sendable (SandboxRequest, [String: String]) async -> SandboxResponse

  let method: String
  let pattern: RoutePattern
  let handler: Handler

  init(_ method: String, _ template: String, _ handler: @escaping Handler) {
    self.method = method
    pattern = RoutePattern(template)
    self.handler = handler
  }
}

/// An ordered list of routes; the first match wins, so list suffixed templates first.
struct RouteTable: Sendable {
  var routes: [Route]

  /// The handler and captures for a request, or `nil` if nothing matches.
  func resolve(method: String, path: String) -> (Route, [String: String])? {
    let lookupMethod = method == "HEAD" ? "GET" : method
    for route in routes where route.method == lookupMethod {
      if let captures = route.pattern.match(path) { return (route, captures) }
    }
    return nil
  }
}
