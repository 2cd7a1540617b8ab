import CCSRuntime

/// An ``EventConnection`` over a ``StreamingResponse``, with an optional heartbeat watchdog.
///
/// The watchdog is one task per connection: it wakes when the silence could have reached the
/// timeout, and closes the response if no chunk arrived meanwhile; `next()` then throws
/// ``StreamInterruption/stalled(_:)``.
public final class HTTPEventConnection: EventConnection {
  private struct State {
    var lastActivity: ContinuousClock.Instant
    var stalled = false
    var watchdog: Task<Void, Never>?
  }

  private let response: StreamingResponse
  private let timeout: Duration?
  private let state: Locked<State>

  /// Wraps `response`; with a `heartbeatTimeout`, silence longer than it stalls the connection.
  public init(_ response: StreamingResponse, heartbeatTimeout: Duration?) {
    self.response = response
    self.timeout = heartbeatTimeout
    self.state = Locked(State(lastActivity: ContinuousClock.now))
    if let heartbeatTimeout { startWatchdog(heartbeatTimeout) }
  }

  private func startWatchdog(_ timeout: Duration) {
    let task = Task { [state, response] in
      var wait = timeout
      while !Task.isCancelled {
        do { try await Task.sleep(for: wait) } catch { return }
        let silent = state.withLock { ContinuousClock.now - $0.lastActivity }
        if silent >= timeout {
          state.withLock { $0.stalled = true }
          response.close()
          return
        }
        wait = timeout - silent
      }
    }
    state.withLock { $0.watchdog = task }
  }

  public func next() async throws -> [UInt8]? {
    // Cancelling the calling task closes the pipe, and so the connection.
    let chunk = try await response.body.handle.pipe.next()
    if let chunk {
      if timeout != nil { state.withLock { $0.lastActivity = ContinuousClock.now } }
      return chunk
    }
    if let timeout, state.withLock({ $0.stalled }) { throw StreamInterruption.stalled(timeout) }
    return nil
  }

  public func close() {
    let watchdog = state.withLock { state -> Task<Void, Never>? in
      defer { state.watchdog = nil }
      return state.watchdog
    }
    watchdog?.cancel()
    response.close()
  }

  deinit {
    close()
  }
}
