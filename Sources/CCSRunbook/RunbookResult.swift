/// How one step ended.
public enum StepStatus: Sendable, Equatable {
  /// It ran without error.
  case passed
  /// It stopped on an error.
  case failed
  /// It did not run, for the reason given (`marked skip`, `before --from`, …).
  case skipped(String)

  /// `passed`, `failed` or `skipped`.
  public var word: String {
    switch self {
    case .passed: "passed"
    case .failed: "failed"
    case .skipped: "skipped"
    }
  }
}

/// One step's outcome, with what it printed.
public struct StepResult: Sendable {
  /// 1-based position among the steps.
  public var number: Int
  /// The step's name (its heading).
  public var name: String
  /// How it ended.
  public var status: StepStatus
  /// How long it ran, in seconds (0 when skipped).
  public var seconds: Double
  /// What it wrote to standard output.
  public var output: String
  /// The diagnostics it produced, rendered.
  public var errors: String
}

/// The outcome of a whole runbook.
public struct RunbookResult: Sendable {
  /// Every step, in order.
  public var steps: [StepResult]
  /// Whether it was interrupted.
  public var cancelled: Bool
  /// The time from the first step to the last, in seconds.
  public var seconds: Double

  /// 0 when no step failed, 1 when one did, 130 when interrupted.
  public var exitCode: Int32 {
    if cancelled { return 130 }
    return steps.contains { $0.status == .failed } ? 1 : 0
  }

  /// `3 passed, 1 failed, 1 skipped`.
  public var tally: String {
    let passed = steps.filter { $0.status == .passed }.count
    let failed = steps.filter { $0.status == .failed }.count
    let skipped = steps.count - passed - failed
    return "\(passed) passed, \(failed) failed, \(skipped) skipped"
  }
}
