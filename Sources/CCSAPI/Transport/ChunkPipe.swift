import CCSRuntime

/// A bounded hand-over of body chunks from the task reading the connection to the consumer.
///
/// The producer suspends while `capacity` chunks wait, so memory stays bounded however long a
/// stream runs. ``close(cancelled:)`` ends both sides at once and runs the close handler,
/// which cancels the producer task and so the HTTP request and its connection.
final class ChunkPipe: Sendable {
  /// The end of the stream, once known.
  private enum Terminal {
    case finished
    case failed(any Error)
    case closed
    case cancelled
  }

  private struct State {
    var buffer: [[UInt8]] = []
    var terminal: Terminal?
    var consumer: CheckedContinuation<[UInt8]?, any Error>?
    var producer: CheckedContinuation<Void, any Error>?
    var onClose: (@Sendable () -> Void)?
  }

  private let capacity: Int
  private let state = Locked(State())

  init(capacity: Int = 8) {
    self.capacity = max(1, capacity)
  }

  /// Sets what `close` does beyond ending the pipe (cancel the producer task); runs it at once
  /// if the pipe is already closed.
  func onClose(_ handler: @escaping @Sendable () -> Void) {
    let runNow = state.withLock { state -> Bool in
      switch state.terminal {
      case .closed?, .cancelled?: return true
      default:
        state.onClose = handler
        return false
      }
    }
    if runNow { handler() }
  }

  // MARK: - Producer side

  /// Hands `chunk` to the consumer, suspending while the buffer is full; throws
  /// `CancellationError` once the pipe is closed.
  func send(_ chunk: [UInt8]) async throws {
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation {
        (continuation: CheckedContinuation<Void, any Error>) in
        let action = state.withLock { state -> SendAction in
          if state.terminal != nil { return .fail }
          if let consumer = state.consumer {
            state.consumer = nil
            return .deliver(consumer)
          }
          state.buffer.append(chunk)
          if state.buffer.count < capacity { return .done }
          state.producer = continuation
          return .wait
        }
        switch action {
        case .fail: continuation.resume(throwing: CancellationError())
        case .deliver(let consumer):
          consumer.resume(returning: chunk)
          continuation.resume()
        case .done: continuation.resume()
        case .wait: break
        }
      }
    } onCancel: {
      close(cancelled: false)
    }
  }

  private enum SendAction {
    case fail
    case deliver(CheckedContinuation<[UInt8]?, any Error>)
    case done
    case wait
  }

  /// Ends the stream normally after the buffered chunks.
  func finish() {
    end(.finished)
  }

  /// Ends the stream with `error` after the buffered chunks.
  func fail(_ error: any Error) {
    end(.failed(error))
  }

  private func end(_ terminal: Terminal) {
    let consumer = state.withLock { state -> CheckedContinuation<[UInt8]?, any Error>? in
      guard state.terminal == nil else { return nil }
      state.terminal = terminal
      guard state.buffer.isEmpty else { return nil }
      defer { state.consumer = nil }
      return state.consumer
    }
    guard let consumer else { return }
    switch terminal {
    case .failed(let error): consumer.resume(throwing: error)
    default: consumer.resume(returning: nil)
    }
  }

  // MARK: - Consumer side

  /// The next chunk, or nil at the end. Cancelling the calling task closes the pipe and throws
  /// `CancellationError`.
  func next() async throws -> [UInt8]? {
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation {
        (continuation: CheckedContinuation<[UInt8]?, any Error>) in
        let action = state.withLock { state -> NextAction in
          if !state.buffer.isEmpty {
            let chunk = state.buffer.removeFirst()
            let producer = state.producer
            state.producer = nil
            return .chunk(chunk, producer)
          }
          switch state.terminal {
          case .finished?, .closed?: return .end
          case .failed(let error)?: return .error(error)
          case .cancelled?: return .error(CancellationError())
          case nil:
            state.consumer = continuation
            return .wait
          }
        }
        switch action {
        case .chunk(let chunk, let producer):
          producer?.resume()
          continuation.resume(returning: chunk)
        case .end: continuation.resume(returning: nil)
        case .error(let error): continuation.resume(throwing: error)
        case .wait: break
        }
      }
    } onCancel: {
      close(cancelled: true)
    }
  }

  private enum NextAction {
    case chunk([UInt8], CheckedContinuation<Void, any Error>?)
    case end
    case error(any Error)
    case wait
  }

  /// Ends the stream now, dropping buffered chunks, and runs the close handler. The consumer
  /// sees the end (or `CancellationError` when `cancelled`); the producer's next `send` throws.
  func close(cancelled: Bool) {
    let (consumer, producer, handler) = state.withLock { state in
      let alreadyEnded: Bool
      switch state.terminal {
      case .closed?, .cancelled?: alreadyEnded = true
      default: alreadyEnded = false
      }
      if !alreadyEnded { state.terminal = cancelled ? .cancelled : .closed }
      state.buffer.removeAll()
      let result = (state.consumer, state.producer, alreadyEnded ? nil : state.onClose)
      state.consumer = nil
      state.producer = nil
      state.onClose = nil
      return result
    }
    if cancelled {
      consumer?.resume(throwing: CancellationError())
    } else {
      consumer?.resume(returning: nil)
    }
    producer?.resume(throwing: CancellationError())
    handler?()
  }
}
