import CCSLanguage
import CCSRuntime

/// The result of running source or calling a command: a value and the diagnostics, as values.
public struct Evaluation: Sendable {
  /// How an evaluation ended.
  public enum Status: Sendable, Equatable {
    /// It ran to the end.
    case succeeded
    /// A runtime error stopped it (described in ``Evaluation/diagnostics``).
    case failed
    /// It did not start: the source does not parse, the file cannot be read, or the call is
    /// malformed (described in ``Evaluation/diagnostics``).
    case rejected
    /// It was cancelled (``CancellationHandle``, or the caller's task).
    case cancelled
  }

  /// The value of the last top-level statement (`.null` when values went to an `onValue`
  /// handler). A stream here is still lazy: render or collect it.
  public var value: Value
  /// Errors and warnings, in the order they were found.
  public var diagnostics: [Diagnostic]
  /// How it ended.
  public var status: Status

  /// Whether it ran to the end.
  public var succeeded: Bool { status == .succeeded }

  /// The process exit status the `ccs` executable uses: 0 succeeded, 1 failed, 2 rejected,
  /// 130 cancelled.
  public var exitCode: Int32 {
    switch status {
    case .succeeded: 0
    case .failed: 1
    case .rejected: 2
    case .cancelled: 130
    }
  }
}
