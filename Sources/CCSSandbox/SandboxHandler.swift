import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The sandbox's request handling without a socket: the same routing, state, authentication
/// and faults as ``SandboxServer``, called directly. The fuzz targets drive it; a host can use
/// it to answer requests in process.
///
/// ```swift
/// let sandbox = SandboxHandler(options: SandboxOptions())
/// let reply = await sandbox.respond(method: "GET", target: "/api/v1/cloudron/status")
/// // reply.status == 200
/// ```
public struct SandboxHandler: Sendable {
  /// One answer: status, headers and the whole body (`nil` for a streamed body, which is
  /// not drained).
  public struct Reply: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The response headers in order.
    public var headers: [(String, String)]
    /// The body, or `nil` when the answer is a stream.
    public var body: [UInt8]?
  }

  private let responder: SandboxResponder

  /// A fresh sandbox world seeded from `options` (its host and port are not used).
  public init(options: SandboxOptions) {
    responder = SandboxResponder(store: SandboxStore(options: options))
  }

  /// Answers one request. `target` is the request target as on the wire: a percent-encoded
  /// path with an optional `?query`.
  public func respond(
    method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = []
  ) async -> Reply {
    let request = SandboxRequest(method: method, target: target, headers: headers, body: Data(body))
    let response = await responder.dispatch(request)
    switch response.body {
    case .bytes(let data):
      return Reply(status: response.status, headers: response.headers, body: [UInt8](data))
    case .stream:
      return Reply(status: response.status, headers: response.headers, body: nil)
    }
  }
}
