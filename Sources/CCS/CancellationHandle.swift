import CCSRuntime

/// Cancels an engine's running evaluation from any thread or task: its streams close, its
/// HTTP requests stop, and the evaluation returns ``Evaluation/Status/cancelled``.
///
/// ```swift
/// let handle = engine.cancellation
/// Task.detached { try await Task.sleep(for: .seconds(5)); handle.cancel() }
/// let result = await engine.run(source: "cloudron tasks watch $id")
/// ```
///
/// Cancelling when nothing runs does nothing; it does not affect the next evaluation.
public final class CancellationHandle: Sendable {
  private let running = Locked<Task<Void, Never>?>(nil)

  init() {}

  /// Cancels the evaluation running now, if any.
  public func cancel() {
    running.withLock { $0 }?.cancel()
  }

  /// Whether an evaluation is running now.
  public var isRunning: Bool { running.withLock { $0 != nil } }

  func attach(_ task: Task<Void, Never>) { running.withLock { $0 = task } }
  func detach() { running.withLock { $0 = nil } }
}
