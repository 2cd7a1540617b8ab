import CCSRuntime

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Polls an asynchronous task until it ends: `cloudron tasks wait` and `--wait` on commands
/// that answer `202 {taskId}`.
///
/// Reads the task with the API's `tasks get` command (so profiles, credentials and errors
/// are the usual ones), shows progress on standard error, optionally follows the task's log
/// with `tasks logstream`, and returns the final task record, or throws a task error value
/// (kind `task`, with the task's own error message and code) when it failed.
struct TaskWaiter: Sendable {
  let getTask: APICommand
  let logStream: APICommand?

  struct Options: Sendable {
    var interval: Duration = .seconds(1)
    var timeout: Duration?
    var quiet = false
    var follow = false
  }

  /// How long the log stream may take to drain once the task ended.
  static let logDrainGrace: Duration = .seconds(2)

  func wait(id: Value, options: Options, call: CallFrame) async throws -> Value {
    let idFlag = getTask.spec.pathParams.first?.flag ?? "id"
    let context = call.context
    let style: TaskProgress.Style =
      options.quiet ? .quiet : context.isTerminal ? .bar(width: context.terminalWidth) : .lines
    let progress = TaskProgress(
      style: style, sink: context.stderr, label: "task \(Render.plainText(id))")
    let deadline = options.timeout.map { ContinuousClock.now + $0 }

    var follower: Task<Void, Never>?
    if options.follow, let logStream {
      let frame = call.delegating(
        to: logStream.name,
        arguments: [(logStream.spec.pathParams.first?.flag ?? "id"): id, "lines": .int(1000)])
      follower = Task {
        do {
          guard case .stream(let lines) = try await logStream.run(frame, input: .null) else {
            return
          }
          while let line = try await lines.next() {
            progress.log(Self.logText(line))
          }
        } catch {
          if !(error is CancellationError) && !Task.isCancelled {
            progress.log("(the task log stopped: \(error))")
          }
        }
      }
    }
    defer {
      follower?.cancel()
      progress.finish()
    }

    let frame = call.delegating(to: getTask.name, arguments: [idFlag: id])
    while true {
      let task = try await getTask.run(frame, input: .null)
      guard case .record(let r) = task else {
        throw call.error("the task answer is not a record", kind: "format")
      }
      progress.update(
        percent: r["percent"]?.intValue ?? 0, message: r["message"]?.stringValue ?? "")
      if r["active"] == .bool(false) {
        if let follower {
          await Self.awaitBriefly(follower, grace: Self.logDrainGrace)
        }
        progress.finish()
        if let failure = Self.failure(r, id: id, call: call) { throw failure }
        return task
      }
      var wait = options.interval
      if let deadline {
        let left = deadline - ContinuousClock.now
        if left <= .zero {
          progress.finish()
          var error = call.error(
            "task \(Render.plainText(id)) still running after the --timeout", at: "timeout",
            kind: "timeout")
          error.value.details["task"] = task
          throw error
        }
        wait = min(wait, left)
      }
      try await Task.sleep(for: wait)
    }
  }

  /// The task error value of a failed task, nil when it succeeded.
  static func failure(_ task: Record, id: Value, call: CallFrame) -> RuntimeError? {
    let error = task["error"]
    let failed = task["success"] == .bool(false) || (error != nil && error != .null)
    guard failed else { return nil }
    let message = error?.recordValue?["message"].map(Render.plainText) ?? "the task failed"
    var value = call.error("task \(Render.plainText(id)) failed: \(message)", kind: "task")
    value.value.details["id"] = id
    value.value.details["task_message"] = .string(message)
    value.value.details["code"] = error?.recordValue?["code"] ?? .null
    value.value.details["task"] = .record(task)
    return value
  }

  /// A log record as one line: `HH:MM:SS message`.
  static func logText(_ line: Value) -> String {
    guard case .record(let r) = line else { return Render.plainText(line) }
    let message = r["message"].map(Render.plainText) ?? Render.plainText(line)
    if case .date(let d)? = r["realtimeTimestamp"] {
      let text = DateParsing.format(d)
      if let t = text.firstIndex(of: "T") {
        return "\(text[text.index(after: t)...].prefix(8)) \(message)"
      }
    }
    return message
  }

  /// Waits for `task` to finish, but no longer than `grace`; then cancels it.
  static func awaitBriefly(_ task: Task<Void, Never>, grace: Duration) async {
    let timer = Task {
      try? await Task.sleep(for: grace)
      task.cancel()
    }
    await task.value
    timer.cancel()
  }
}

extension TaskWaiter {
  /// The waiter for an API whose catalog has `tasks get` (and maybe `tasks logstream`).
  static func forAPI(_ api: String, context: APIContext) -> TaskWaiter? {
    guard let document = context.documents[api] else { return nil }
    let base = document.servers.first
    guard let get = document.operations.first(where: { $0.words == ["tasks", "get"] }) else {
      return nil
    }
    let logs = document.operations.first { $0.words == ["tasks", "logstream"] && $0.isEventStream }
    return TaskWaiter(
      getTask: APICommand(spec: get, defaultBaseURL: base),
      logStream: logs.map { APICommand(spec: $0, defaultBaseURL: base) })
  }

  /// The flags `tasks wait` and `--wait` share.
  static let flags: [FlagSpec] = [
    FlagSpec("interval", .duration, "how often to read the task (default 1sec)"),
    FlagSpec("timeout", .duration, "fail with a timeout error after this long"),
    FlagSpec("quiet", short: "q", nil, "show no progress"),
    FlagSpec("follow", nil, "print the task's log lines above the progress"),
  ]

  /// The options from those flags.
  static func options(_ call: CallFrame) throws -> Options {
    var options = Options()
    if case .duration(let ns)? = call.value("interval") {
      guard ns > 0 else { throw call.error("--interval must be positive", at: "interval") }
      options.interval = .nanoseconds(ns)
    }
    if case .duration(let ns)? = call.value("timeout") {
      guard ns > 0 else { throw call.error("--timeout must be positive", at: "timeout") }
      options.timeout = .nanoseconds(ns)
    }
    options.quiet = call.has("quiet")
    options.follow = call.has("follow")
    return options
  }
}

/// `cloudron tasks wait ID`: waits until the task ends and returns it.
struct TaskWaitCommand: Command {
  let api: String

  var name: String { "\(api) tasks wait" }
  var summary: String { "Wait until a task ends, showing its progress; returns the finished task." }
  var category: String { "api:\(api)" }
  var details: String {
    """
    Reads the task every --interval until it is no longer active. At a terminal a progress bar with
    the percent and message is drawn on standard error; elsewhere one line per change; nothing with
    --quiet. --follow prints the task's log lines above it. A failed task is an error value of
    kind "task" with the task's message and code (catch it with try). Ctrl-C stops waiting, not the
    task (use '\(api) tasks stop').
    """
  }
  var signature: Signature {
    Signature(
      [PositionalSpec("id", .any, "the task id")], flags: TaskWaiter.flags, input: "nothing",
      output: "record")
  }
  var examples: [CommandExample] {
    [
      CommandExample("Wait for a task", "\(api) tasks wait 12"),
      CommandExample("Start an update and wait for it", "\(api) updater update --yes --wait"),
      CommandExample("Follow the log while waiting", "\(api) tasks wait 12 --follow"),
    ]
  }

  func run(_ call: CallFrame, input: Value) async throws -> Value {
    guard let context = APIContext.from(call.context),
      let waiter = TaskWaiter.forAPI(api, context: context)
    else {
      throw call.error("'\(api)' has no 'tasks get' operation to wait with")
    }
    guard let id = call.value("id") else { throw call.error("missing <id> for '\(name)'") }
    return try await waiter.wait(id: id, options: try TaskWaiter.options(call), call: call)
  }
}
