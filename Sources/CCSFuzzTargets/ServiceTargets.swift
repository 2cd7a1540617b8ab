import CCSAPI
import CCSLanguage
import CCSRuntime
import CCSSandbox
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The OpenAPI catalog loader: a hostile document is a `CatalogError` or `FormatError`; what
/// it accepts binds to commands whose help can be rendered.
enum CatalogTarget {
  static func run(_ bytes: [UInt8]) throws(FuzzViolation) {
    guard
      let bound = try? APIBindings.operations(
        name: "fuzz", text: String(decoding: bytes, as: UTF8.self))
    else { return }
    for spec in bound.specs {
      let command = APICommand(spec: spec, defaultBaseURL: "http://127.0.0.1:1")
      _ = command.signature.usage(for: command.name)
      _ = command.details
      _ = command.examples
    }
  }
}

/// The sandbox's request handling, in process, on a fresh world per input. The input is one
/// or more requests separated by a `===` line, each `METHOD TARGET`, header lines, a blank
/// line and the body.
enum SandboxTarget {
  static func run(_ bytes: [UInt8]) throws(FuzzViolation) {
    let requests = parse(bytes)
    guard !requests.isEmpty else { return }
    let failure = Blocking.run { () async -> FuzzViolation? in
      let sandbox = SandboxHandler(options: SandboxOptions(taskDuration: .milliseconds(50)))
      var faultsMayBeSet = false
      for request in requests {
        let reply = await sandbox.respond(
          method: request.method, target: request.target, headers: request.headers,
          body: request.body)
        guard (100...599).contains(reply.status) else {
          return .sandboxStatus(reply.status, target: request.target)
        }
        if reply.status >= 500, !faultsMayBeSet {
          return .sandboxStatus(reply.status, target: request.target)
        }
        if request.target.hasPrefix("/__sandbox") { faultsMayBeSet = true }
      }
      return nil
    }
    if let failure { throw failure }
  }

  struct Request: Sendable {
    var method: String
    var target: String
    var headers: [(String, String)]
    var body: [UInt8]
  }

  /// Splits the input into requests; parts without a `METHOD TARGET` line are skipped.
  static func parse(_ bytes: [UInt8]) -> [Request] {
    let text = String(decoding: bytes, as: UTF8.self)
    return text.components(separatedBy: "\n===\n").prefix(16).compactMap { part in
      let (head, body) = split(part)
      var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      guard !lines.isEmpty else { return nil }
      let requestLine = lines.removeFirst().split(separator: " ", maxSplits: 1)
      guard requestLine.count == 2, requestLine[1].hasPrefix("/") else { return nil }
      let headers = lines.compactMap { line -> (String, String)? in
        guard let colon = line.firstIndex(of: ":") else { return nil }
        return (
          String(line[..<colon]),
          line[line.index(after: colon)...].trimmingBlanks()
        )
      }
      return Request(
        method: String(requestLine[0]).uppercased(), target: String(requestLine[1]),
        headers: headers,
        body: Array(body.utf8))
    }
  }

  private static func split(_ part: String) -> (head: String, body: String) {
    guard let blank = part.firstRange(of: "\n\n") else { return (part, "") }
    return (String(part[..<blank.lowerBound]), String(part[blank.upperBound...]))
  }
}
