import AsyncHTTPClient
import CCS
import Foundation
import NIOCore

/// An engine without APIs writing to buffers, plus the buffers.
func quietEngine(
  apis: Engine.APIs = .none, connection: Engine.Connection? = nil,
  onDiagnostic: (@Sendable (Diagnostic) -> Void)? = nil
) async throws -> (Engine, BufferSink) {
  var configuration = Engine.Configuration()
  let out = BufferSink()
  configuration.apis = apis
  if let connection { configuration.connection = connection }
  configuration.standardOutput = out
  configuration.standardError = BufferSink()
  configuration.environment = ["HOME": "/nonexistent-ccs-test-home"]
  configuration.onDiagnostic = onDiagnostic
  return (try await Engine(configuration), out)
}

/// The API requests a sandbox recorded, as `METHOD /path` lines.
func recordedRequests(_ adminURL: URL) async throws -> [String] {
  let response = try await HTTPClient.shared.execute(
    HTTPClientRequest(url: adminURL.appendingPathComponent("requests").absoluteString),
    timeout: .seconds(10))
  let body = try await response.body.collect(upTo: 1 << 22)
  let json =
    try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any]
  let requests = json?["requests"] as? [[String: Any]] ?? []
  return requests.map { "\($0["method"] as? String ?? "?") \($0["path"] as? String ?? "?")" }
}

/// A list of ints from a value (a list or a stream).
func ints(_ value: Value) async throws -> [Int] {
  var v = value
  if case .stream(let s) = v { v = .list(try await s.collect()) }
  guard case .list(let items) = v else { return [] }
  return items.compactMap { if case .int(let n) = $0 { n } else { nil } }
}
