import CCS

/// An output sink that forwards to another and, while a step runs, keeps a copy of what the
/// step wrote (for `--report`).
final class StepOutputSink: OutputSink, Sendable {
  private let target: any OutputSink
  private let captured = Locked<[UInt8]?>(nil)
  private let beforeWrite: @Sendable () -> Void

  init(forwardingTo target: any OutputSink, beforeWrite: @escaping @Sendable () -> Void = {}) {
    self.target = target
    self.beforeWrite = beforeWrite
  }

  func write(_ bytes: [UInt8]) {
    beforeWrite()
    captured.withLock { buffer in buffer?.append(contentsOf: bytes) }
    target.write(bytes)
  }

  /// Starts keeping a copy.
  func beginCapture() { captured.withLock { $0 = [] } }

  /// Stops keeping a copy and returns it.
  func endCapture() -> String {
    captured.withLock { buffer in
      defer { buffer = nil }
      return String(decoding: buffer ?? [], as: UTF8.self)
    }
  }
}
