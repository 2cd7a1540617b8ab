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
  private struct State {
    /// Between `begin` and `end`: an evaluation holds the engine.
    var active = false
    /// Its task, once created (it may already be running user code before `attach`).
    var task: Task<Void, Never>?
    /// A cancel that arrived before the task was attached.
    var cancelRequested = false
  }

  private let state = Locked(State())

  init() {}

  /// Cancels the evaluation running now, if any.
  public func cancel() {
    let task = state.withLock { state -> Task<Void, Never>? in
      if state.active { state.cancelRequested = true }
      return state.task
    }
    task?.cancel()
  }

  /// Whether an evaluation is running now.
  public var isRunning: Bool { state.withLock { $0.active } }

  /// An evaluation is starting: cancels from now on apply to it.
  func begin() { state.withLock { $0 = State(active: true) } }

  /// Its task exists; cancels it at once if a cancel came first.
  func attach(_ task: Task<Void, Never>) {
    let cancelNow = state.withLock { state -> Bool in
      state.task = task
      return state.cancelRequested
    }
    if cancelNow { task.cancel() }
  }

  /// The evaluation is over.
  func end() { state.withLock { $0 = State() } }
}
