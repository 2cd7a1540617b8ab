import CCSRuntime

/// `x-ccs-wait` on a GET operation: `--wait` re-reads the resource until a field reaches a
/// final value (a Clever Cloud deployment's `state`).
///
/// ```yaml
/// x-ccs-wait: {field: state, final: [SUCCEEDED, FAILED, CANCELLED], failed: [FAILED, CANCELLED]}
/// ```
public struct FinalStateWait: Sendable, Equatable {
  /// The field holding the state.
  public var field: String
  /// The values after which nothing changes any more.
  public var final: Set<String>
  /// The final values that mean failure (an error of kind `deployment`… named by `kind`).
  public var failed: Set<String>
  /// The error kind of a failed resource.
  public var kind: String

  static func parse(_ value: Value?) throws(CatalogStreamError) -> FinalStateWait? {
    guard let value else { return nil }
    guard case .record(let r) = value, let field = r["field"]?.stringValue,
      let final = r["final"]?.listItems, !final.isEmpty
    else { throw CatalogStreamError("x-ccs-wait needs field and a non-empty final list") }
    let failed = r["failed"]?.listItems ?? []
    return FinalStateWait(
      field: field, final: Set(final.map(Render.plainText)),
      failed: Set(failed.map(Render.plainText)),
      kind: r["kind"]?.stringValue ?? "wait")
  }

  /// Re-sends `read` every interval until the state is final; returns the last value.
  func wait(
    label: String, options: TaskWaiter.Options, call: CallFrame, read: () async throws -> Value
  ) async throws -> Value {
    let stderr = call.context.stderr
    let deadline = options.timeout.map { ContinuousClock.now + $0 }
    var shown: String?
    while true {
      let value = try await read()
      let state = value.recordValue?[field].map(Render.plainText) ?? ""
      if !options.quiet, state != shown {
        stderr.write("\(label): \(state)\n")  // one line per state change
        shown = state
      }
      if final.contains(state) {
        if failed.contains(state) {
          var error = call.error("\(label) ended in state \(state)", kind: kind)
          error.value.details[field] = .string(state)
          error.value.details["resource"] = value
          throw error
        }
        return value
      }
      var wait = options.interval
      if let deadline {
        let left = deadline - ContinuousClock.now
        if left <= .zero {
          var error = call.error(
            "\(label) still \(state) after the --timeout", at: "timeout", kind: "timeout")
          error.value.details["resource"] = value
          throw error
        }
        wait = min(wait, left)
      }
      try await Task.sleep(for: wait)
    }
  }
}
