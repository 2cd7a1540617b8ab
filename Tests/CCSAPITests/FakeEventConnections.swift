import CCSRuntime
import Foundation

@testable import CCSAPI

/// Scripted connections for ``ReconnectingEventStream`` tests: each `connect` takes the next
/// script, which either fails to open or yields steps (chunks, then an ending).
final class FakeEventConnections: Sendable {
  /// One connection attempt.
  enum Attempt: Sendable {
    /// The server answers this status (an ``HTTPError``).
    case status(Int)
    /// No response: a network failure.
    case refused
    /// 204 No Content.
    case noContent
    /// A 2xx whose body is these chunks, then `end`.
    case open([String], end: End)
  }

  /// How an open connection ends.
  enum End: Sendable {
    /// The server closes it.
    case close
    /// The network fails.
    case reset
    /// Silence past the heartbeat timeout.
    case stall
    /// Never ends by itself (until closed).
    case hang
  }

  private let scripts: Locked<[Attempt]>
  /// The requests sent, in order.
  let requests = Locked<[APIRequest]>([])
  /// The waits asked for (the fake clock: nothing really waits).
  let sleeps = Locked<[Duration]>([])
  /// How many connections were closed by the client.
  let closes = Locked(0)

  init(_ scripts: [Attempt]) {
    self.scripts = Locked(scripts)
  }

  var connect: EventConnector {
    { request in
      self.requests.withLock { $0.append(request) }
      let next = self.scripts.withLock { $0.isEmpty ? nil : $0.removeFirst() }
      switch next {
      case nil, .refused?:
        throw TransportError(
          kind: .connectionRefused, method: "GET", url: request.url.absoluteString)
      case .status(let status)?:
        throw HTTPError(
          request: request,
          response: APIResponse(
            status: status, reason: status == 429 ? "Too Many Requests" : "Server Error",
            headers: APIHeaders()),
          redactor: Redactor())
      case .noContent?:
        return nil
      case .open(let chunks, let end)?:
        return FakeConnection(chunks: chunks, end: end, closes: self.closes)
      }
    }
  }

  var sleep: ReconnectingEventStream.Sleep {
    { duration in
      try Task.checkCancellation()
      self.sleeps.withLock { $0.append(duration) }
    }
  }

  func stream(
    _ behavior: StreamBehavior, policy: ReconnectPolicy = ReconnectPolicy(jitter: 0),
    isActive: ReconnectingEventStream.ActiveProbe? = nil
  ) -> ReconnectingEventStream {
    ReconnectingEventStream(
      request: APIRequest(method: .get, url: URL(string: "http://fake/logs?limit=10")!),
      behavior: behavior, policy: policy, connect: connect, isActive: isActive, sleep: sleep,
      random: { 0.5 })
  }
}

final class FakeConnection: EventConnection {
  private let waiter = Locked<CheckedContinuation<Void, Never>?>(nil)
  private let state: Locked<(chunks: [String], closed: Bool)>
  private let end: FakeEventConnections.End
  private let closes: Locked<Int>

  init(chunks: [String], end: FakeEventConnections.End, closes: Locked<Int>) {
    self.state = Locked((chunks, false))
    self.end = end
    self.closes = closes
  }

  func next() async throws -> [UInt8]? {
    let chunk = state.withLock { s -> String?? in
      if s.closed { return .some(nil) }
      return s.chunks.isEmpty ? nil : .some(s.chunks.removeFirst())
    }
    if let chunk { return chunk.map { Array($0.utf8) } }
    switch end {
    case .close: return nil
    case .reset:
      throw TransportError(kind: .connectionClosed, method: "GET", url: "http://fake/logs")
    case .stall: throw StreamInterruption.stalled(.seconds(15))
    case .hang:
      await withCheckedContinuation { continuation in
        let closed = state.withLock { $0.closed }
        if closed {
          continuation.resume()
        } else {
          waiter.withLock { $0 = continuation }
        }
      }
      return nil
    }
  }

  func close() {
    let first = state.withLock { s -> Bool in
      defer { s.closed = true }
      return !s.closed
    }
    if first { closes.withLock { $0 += 1 } }
    waiter.withLock { w in
      w?.resume()
      w = nil
    }
  }
}
