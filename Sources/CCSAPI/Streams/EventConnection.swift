/// One open connection of an event stream: body bytes as they arrive.
///
/// ``ReconnectingEventStream`` drives connections through this protocol, so tests can script
/// them (`Tests/CCSAPITests/FakeEventConnections.swift`) and production uses
/// ``HTTPEventConnection``.
public protocol EventConnection: Sendable {
  /// The next chunk; nil when the server closed the connection.
  ///
  /// - Throws: ``StreamInterruption/stalled`` when the heartbeat timeout passed without a byte,
  ///   ``TransportError`` when the connection failed, `CancellationError` when cancelled.
  func next() async throws -> [UInt8]?
  /// Closes the connection now; safe to call more than once, from any task.
  func close()
}

/// Opens one connection for a request (already carrying `Last-Event-ID` when resuming).
///
/// Throws ``HTTPError`` for a status outside 2xx and ``TransportError`` when no response came.
/// Returns nil for `204 No Content`, which per the SSE rules means "do not reconnect".
public typealias EventConnector = @Sendable (APIRequest) async throws -> (any EventConnection)?

/// Why a connection stopped delivering without a transport error.
public enum StreamInterruption: Error, Sendable, Equatable {
  /// No byte arrived within the heartbeat timeout.
  case stalled(Duration)
}
