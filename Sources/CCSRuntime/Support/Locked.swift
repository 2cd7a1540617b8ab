import CCSText

/// A value guarded by a lock: the project's one idiom for state shared between tasks and
/// threads (sinks, the command registry, the engine's bookkeeping, the HTTP transport).
///
/// `@unchecked Sendable` holds because every access to `value` goes through `withLock`, which
/// holds the lock for the whole access.
package final class Locked<Value>: @unchecked Sendable {
  private let lock = Lock()
  private var value: Value

  package init(_ value: Value) {
    self.value = value
  }

  /// Runs `body` with exclusive access to the value.
  package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}
