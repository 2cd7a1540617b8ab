import CCSRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// An event stream that survives dropped connections: the one mechanism behind every
/// `text/event-stream` operation.
///
/// It reconnects after a network error, a close without the API's end marker, a 5xx/429 on
/// (re)connect, or silence past the heartbeat timeout, waiting as ``ReconnectPolicy`` says
/// (honouring the server's `retry:`). How it resumes comes from ``StreamBehavior``:
/// `Last-Event-ID`, or dropping replayed events by id (bounded memory), and where neither
/// can rule out a loss it yields a ``Item/gap(_:)`` item. An end event, a `204` answer, or an
/// inactive subject (``StreamBehavior/activeCheck``, asked when the connection closes, after
/// one last connection that drains the tail) end it cleanly.
///
/// Single consumer: `next()` must not be called concurrently. ``close()`` may be called from
/// any task and closes the open connection at once; cancelling the consuming task also
/// interrupts a backoff wait.
///
/// ```swift
/// let stream = ReconnectingEventStream(
///   request: request, behavior: spec.streamBehavior, policy: .standard,
///   connect: { try await transport.eventConnection($0, heartbeatTimeout: nil) })
/// while let item = try await stream.next() { … }
/// ```
public final class ReconnectingEventStream: @unchecked Sendable {
  // @unchecked: the mutable state is confined to the single consumer (see above); only the
  // open connection is shared with `close()`, and it sits behind a lock.

  /// What the stream yields.
  public enum Item: Sendable, Equatable {
    /// An event with data, in server order, each delivered once.
    case event(SSEEvent)
    /// Events may have been lost at a reconnection.
    case gap(Gap)
  }

  /// A possible loss at a reconnection.
  public struct Gap: Sendable, Equatable {
    /// Why a loss cannot be ruled out.
    public var reason: String
    /// The id of the last event delivered before the gap, if any.
    public var lastEventID: String?
    /// The reconnection attempt that resumed the stream.
    public var attempt: Int
  }

  /// Asks whether the stream's subject is still active (``StreamBehavior/activeCheck``).
  public typealias ActiveProbe = @Sendable () async throws -> Bool
  /// Waits before a reconnection; throws when the task is cancelled.
  public typealias Sleep = @Sendable (Duration) async throws -> Void

  private let request: APIRequest
  private let behavior: StreamBehavior
  private let policy: ReconnectPolicy
  private let connect: EventConnector
  private let isActive: ActiveProbe?
  private let sleep: Sleep
  private let random: @Sendable () -> Double
  private let log: (@Sendable (String) -> Void)?
  /// What `close()` shares with the consumer: the open connection and whether it closed.
  private struct Shared {
    var connection: (any EventConnection)?
    var closed = false
  }
  private let shared = Locked(Shared())
  private var closedByConsumer: Bool { shared.withLock { $0.closed } }

  private var parser = SSEParser()
  private var pending: [SSEEvent] = []
  private var pendingIndex = 0
  private var seen: SeenEventIDs
  private var lastEventID: String?
  private var deliveredAny = false
  /// Data events delivered so far (for a resumed request's limit).
  private var delivered = 0
  private var connections = 0
  private var failures = 0
  private var lastFailure = "connection closed"
  private var finished = false
  /// True once the subject was seen inactive: the current connection is the last one.
  private var draining = false
  /// Set at a reconnection; checked against the first event of the new connection.
  private var resumeCheck: ResumeCheck?
  /// An event held back while its gap warning is delivered.
  private var held: SSEEvent?

  private enum ResumeCheck {
    /// Nothing to check (first connection, or nothing delivered yet).
    case nothing
    /// A gap cannot be ruled out whatever comes.
    case gap(String)
    /// The first event must be one already delivered (the replayed tail must overlap).
    case mustOverlap
  }

  /// Creates a stream; nothing is sent until the first `next()`.
  ///
  /// - Parameters:
  ///   - request: the GET request of the stream (`Accept: text/event-stream`).
  ///   - behavior: how it resumes and ends.
  ///   - policy: waits, attempts, heartbeat timeout, seen-id memory.
  ///   - connect: opens one connection.
  ///   - isActive: asked when a connection closes, for behaviours with an active check.
  ///   - sleep: waits before reconnecting; tests pass a recorder (no real waiting).
  ///   - random: numbers in 0..<1 for jitter.
  ///   - log: `--verbose` lines, one per reconnection.
  public init(
    request: APIRequest, behavior: StreamBehavior, policy: ReconnectPolicy,
    connect: @escaping EventConnector, isActive: ActiveProbe? = nil,
    sleep: @escaping Sleep = { try await Task.sleep(for: $0) },
    random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
    log: (@Sendable (String) -> Void)? = nil
  ) {
    self.request = request
    self.behavior = behavior
    self.policy = policy
    self.connect = connect
    self.isActive = isActive
    self.sleep = sleep
    self.random = random
    self.log = log
    self.seen = SeenEventIDs(capacity: policy.seenIDCapacity)
  }

  /// The next event or gap warning; nil when the stream ended cleanly.
  ///
  /// - Throws: ``StreamError`` when reconnecting failed too often, ``HTTPError`` for a status
  ///   that retrying cannot fix (401, 404…), `FormatError` for an event past
  ///   `SSEParser.maxEventBytes`, `CancellationError` when cancelled.
  public func next() async throws -> Item? {
    while true {
      if let item = nextPending() { return item }
      if finished || closedByConsumer { return nil }
      guard let current = shared.withLock({ $0.connection }) else {
        try await reconnect(wait: false)
        continue
      }
      let chunk: [UInt8]?
      do {
        chunk = try await current.next()
      } catch is CancellationError {
        close()
        throw CancellationError()
      } catch let error as StreamInterruption {
        drop(current)
        if case .stalled(let timeout) = error {
          try await failed("no data for \(HTTPTransport.format(timeout)) (heartbeat timeout)")
        }
        continue
      } catch let error as TransportError {
        drop(current)
        try await failed(error.kind.rawValue)
        continue
      }
      guard let chunk else {
        drop(current)
        if closedByConsumer { return nil }
        try await connectionClosed()
        continue
      }
      let events: [SSEEvent]
      do {
        events = try parser.feed(chunk)
      } catch {
        // Not a connection failure that reconnecting could fix: the stream ends with it.
        close()
        throw error
      }
      if !events.isEmpty {
        if pendingIndex >= pending.count {
          pending = events
          pendingIndex = 0
        } else {
          pending.append(contentsOf: events)
        }
      }
    }
  }

  /// Opens the first connection now (``next()`` would on its first call), so that an error
  /// such as 401 or 404 surfaces before any event is awaited.
  public func open() async throws {
    guard connections == 0, !finished, shared.withLock({ $0.connection == nil }) else { return }
    try await reconnect(wait: false)
  }

  /// Closes the open connection and ends the stream; safe from any task.
  public func close() {
    let open = shared.withLock { s -> (any EventConnection)? in
      defer {
        s.connection = nil
        s.closed = true
      }
      return s.connection
    }
    open?.close()
  }

  // MARK: - Events

  private func nextPending() -> Item? {
    if let event = held {
      held = nil
      return .event(event)
    }
    while pendingIndex < pending.count {
      let event = pending[pendingIndex]
      pendingIndex += 1
      if behavior.heartbeatEvents.contains(event.event) {
        failures = 0
        continue
      }
      if let end = behavior.endEvent, event.event == end {
        finished = true
        closeConnection()
        return nil
      }
      if behavior.resume == .dedupe, let id = event.id, seen.contains(id) {
        resumeCheck = ResumeCheck.nothing  // the replay overlaps: nothing was lost
        continue
      }
      failures = 0
      var gap: Gap?
      switch resumeCheck {
      case .gap(let reason)?:
        gap = Gap(reason: reason, lastEventID: lastEventID, attempt: connections - 1)
      case .mustOverlap?:
        gap = Gap(
          reason: "the replayed events do not overlap the ones delivered", lastEventID: lastEventID,
          attempt: connections - 1)
      case .nothing?, nil:
        break
      }
      resumeCheck = ResumeCheck.nothing
      if let id = event.id {
        seen.insert(id)
        lastEventID = id
      }
      deliveredAny = true
      delivered &+= 1
      if let gap {
        held = event  // delivered right after the warning
        return .gap(gap)
      }
      return .event(event)
    }
    return nil
  }

  // MARK: - Connections

  private func drop(_ current: any EventConnection) {
    current.close()
    shared.withLock { $0.connection = nil }
  }

  private func closeConnection() {
    let open = shared.withLock { s -> (any EventConnection)? in
      defer { s.connection = nil }
      return s.connection
    }
    open?.close()
  }

  /// The server closed the connection without an end event.
  private func connectionClosed() async throws {
    if draining {
      finished = true
      return
    }
    if let isActive, behavior.activeCheck != nil {
      let active: Bool
      do {
        active = try await isActive()
      } catch is CancellationError {
        throw CancellationError()
      } catch {
        try await failed("the connection closed and the status check failed: \(error)")
        return
      }
      if !active {
        // One last connection replays the tail the drop may have cut off, then ends.
        draining = true
        log?(
          "~ stream: the connection closed and the subject is no longer active; reading the last events"
        )
        try await reconnect(wait: false)
        return
      }
    }
    try await failed(
      behavior.endEvent.map { "connection closed without \($0)" } ?? "connection closed")
  }

  /// Counts a failure, then waits and reconnects, or throws when the attempts are used up.
  private func failed(_ reason: String) async throws {
    lastFailure = reason
    try await reconnect(wait: true)
  }

  /// Opens a connection, after a backoff wait when `wait` (a reconnection after a failure);
  /// failed attempts (5xx, 429, network errors) wait and try again up to the limit.
  private func reconnect(wait: Bool) async throws {
    var mustWait = wait
    while true {
      try Task.checkCancellation()
      if closedByConsumer { return }
      var attempt = request
      if behavior.resume == .lastEventID, let lastEventID {
        attempt.headers.set("Last-Event-ID", lastEventID)
      }
      if connections > 0, behavior.resume != .dedupe {
        // The limit counts what the user asked for, also when the server restarts from the
        // beginning (no id to resume from): a stream with a limit always ends.
        if let param = behavior.limitParam {
          switch Self.reducing(attempt.url, param, by: delivered) {
          case .unchanged: break
          case .reduced(let url): attempt.url = url
          case .exhausted:
            finished = true  // every event the limit allowed was delivered
            return
          }
        }
      }
      if mustWait {
        failures += 1
        guard failures <= policy.maxAttempts else {
          throw StreamError.reconnectFailed(
            attempts: failures - 1, reason: lastFailure, lastEventID: lastEventID)
        }
        let delay = policy.delay(
          attempt: failures, serverRetryMilliseconds: parser.reconnectionTime, random: random())
        log?(
          "~ stream: \(lastFailure); reconnecting in \(HTTPTransport.format(delay)) (attempt "
            + "\(failures) of \(policy.maxAttempts), last id \(lastEventID ?? "none"))")
        try await sleep(delay)
        if closedByConsumer { return }
      }
      do {
        guard let opened = try await connect(attempt) else {
          finished = true  // 204: the server says there is nothing more
          return
        }
        let accepted = shared.withLock { s -> Bool in
          if s.closed { return false }
          s.connection = opened
          return true
        }
        guard accepted else {
          opened.close()
          return
        }
        connections += 1
        parser.resetForReconnection()
        pending.removeAll(keepingCapacity: true)
        pendingIndex = 0
        resumeCheck =
          connections == 1 || !deliveredAny ? ResumeCheck.nothing : resumeCheckForReconnection()
        return
      } catch let error as HTTPError where Self.isRetryable(error.status) {
        lastFailure = "\(error.status) \(error.reason)"
      } catch let error as TransportError where error.kind != .invalidURL {
        lastFailure = error.kind.rawValue
      }
      mustWait = true
    }
  }

  private func resumeCheckForReconnection() -> ResumeCheck {
    switch behavior.resume {
    case .lastEventID:
      return lastEventID == nil
        ? .gap("the events carry no id, so the server cannot resume after the last one") : .nothing
    case .dedupe:
      return lastEventID == nil
        ? .gap("the events carry no id, so replayed events cannot be matched") : .mustOverlap
    case .none:
      return .gap("this stream cannot be resumed")
    }
  }

  /// A resumed request's event limit.
  enum LimitResume: Equatable {
    /// The request has no (integer) limit.
    case unchanged
    /// The request asking for the events still due.
    case reduced(URL)
    /// Every event the limit allowed was delivered.
    case exhausted
  }

  /// `url` with its integer query parameter `name` lowered by `count`.
  static func reducing(_ url: URL, _ name: String, by count: Int) -> LimitResume {
    guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false),
      let items = parts.queryItems, let index = items.firstIndex(where: { $0.name == name }),
      let text = items[index].value, let limit = Int(text)
    else { return .unchanged }
    let (left, overflow) = limit.subtractingReportingOverflow(count)
    guard !overflow, left > 0 else { return .exhausted }
    parts.queryItems?[index].value = String(left)
    return parts.url.map(LimitResume.reduced) ?? .unchanged
  }

  static func isRetryable(_ status: Int) -> Bool {
    status == 429 || (500...599).contains(status)
  }
}
