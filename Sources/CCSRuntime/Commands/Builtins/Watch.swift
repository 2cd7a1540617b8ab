/// `watch`: follow a live stream, or re-evaluate an expression and yield each new value.
enum WatchCommands {
  static var all: [any Command] { [watch] }

  static let defaultInterval: Duration = .seconds(2)

  static let watch = BuiltinCommand(
    "watch", category: "streams",
    summary: "Follow a live stream, or re-run a command or block and yield each new value.",
    details: """
      watch COMMAND…        runs the command; a stream (clever logs, cloudron tasks logstream) is
                            followed live (API streams reconnect without losing events); any other
                            value is polled every 2 s and yielded whenever it changes.
      watch --every 5sec { expr }
                            re-evaluates the block every 5 s and yields the value whenever it differs
                            from the last one; --diff yields what changed instead (added, removed,
                            changed fields or items) after the first value.
      --until {|v| …}       ends after the first value for which the closure is true (it is yielded)
      --timeout 10min       ends with an error (kind "timeout") when the time runs out
      --count N             ends after N values
      At a terminal a polled value is redrawn in place, like watch(1); in a pipe each new value is
      one item (one NDJSON line at top level). The command comes after watch's flags; a block works
      too: watch --count 3 { cloudron tasks get 5 }.

      Examples with an API:
        watch clever logs --owner orga_x --app app_y | where date > (date now) - 10min
        watch --every 1sec --until {|t| not $t.active} cloudron tasks get 12
        watch --every 5sec --diff cloudron tasks list --page 1
      """,
    signature: Signature(
      [
        PositionalSpec(
          "source", .closure, "a command (written after watch) or a block", optional: true)
      ],
      flags: [
        FlagSpec(
          "every", short: "n", .duration,
          "poll at this interval (default 2sec for non-stream values)"),
        FlagSpec("diff", short: "d", nil, "yield what changed instead of the whole value"),
        FlagSpec("until", .closure, "end after the first value for which this closure is true"),
        FlagSpec("timeout", .duration, "fail with a timeout error after this long"),
        FlagSpec("count", .int, "end after this many values"),
      ],
      input: "any", output: "stream"),
    examples: [
      CommandExample(
        "Poll until a condition holds",
        "mut n = 0; watch --every 1ms --until {|v| $v >= 3} { n += 1; $n }",
        "[1,2,3]"),
      CommandExample(
        "Only changes are yielded",
        #"mut n = 0; watch --every 1ms --count 2 { n += 1; if $n < 3 { "low" } else { "high" } }"#,
        #"["low","high"]"#),
      CommandExample(
        "What changed",
        "mut n = 0; watch --every 1ms --diff --count 2 { n += 1; {n: $n, fixed: true} }",
        #"[{"n":1,"fixed":true},{"changed":{"n":{"from":1,"to":2}}}]"#),
      CommandExample(
        "Follow a stream piped in, up to a count", "generate 1 {|n| $n + 1} | watch --count 3",
        "[1,2,3]"),
    ]
  ) { call, input in
    let options = try Options(call)
    let source: Value
    if case .closure(let c)? = call.value("source") {
      source = try await call.call(c, [], input: input)
    } else if case .stream = input {
      source = input
    } else {
      throw call.error(
        "'watch' needs a command, a block, or a stream piped in",
        notes: ["usage: watch COMMAND…, or watch --every 5sec { expr }"])
    }
    if case .stream(let stream) = source, options.every == nil {
      if options.diff {
        throw call.error("--diff compares polled values: give --every", at: "diff")
      }
      return .stream(follow(stream, options, call))
    }
    guard case .closure(let closure)? = call.value("source") else {
      throw call.error("--every needs a command or a block to re-evaluate", at: "every")
    }
    return .stream(poll(closure, first: source, input: input, options, call))
  }

  /// The flags, checked.
  struct Options {
    var every: Duration?
    var diff: Bool
    var until: Closure?
    var timeout: Duration?
    var count: Int?

    init(_ call: CallFrame) throws {
      if case .duration(let ns)? = call.value("every") {
        guard ns > 0 else { throw call.error("--every must be a positive duration", at: "every") }
        every = .nanoseconds(ns)
      }
      if case .duration(let ns)? = call.value("timeout") {
        guard ns > 0 else {
          throw call.error("--timeout must be a positive duration", at: "timeout")
        }
        timeout = .nanoseconds(ns)
      }
      if let n = call.int("count") {
        guard n > 0 else { throw call.error("--count must be at least 1, found \(n)", at: "count") }
        count = n
      }
      if case .closure(let c)? = call.value("until") { until = c }
      diff = call.has("diff")
    }
  }

  /// Counts values and applies --until, --count and --timeout.
  final class Limits: @unchecked Sendable {
    // @unchecked: used only by the stream's single consumer.
    let options: Options
    let deadline: ContinuousClock.Instant?
    var yielded = 0
    var done = false
    let until: ClosureRunner?

    init(_ options: Options, _ call: CallFrame) {
      self.options = options
      self.deadline = options.timeout.map { ContinuousClock.now + $0 }
      self.until = options.until.map { ClosureRunner($0, call) }
    }

    /// Records that `value` is yielded; afterwards `done` says whether it was the last.
    func yielding(_ value: Value) async throws {
      yielded += 1
      if let count = options.count, yielded >= count { done = true }
      if let until, try await until.test(value) { done = true }
    }

    /// The time left before the timeout, nil without one.
    var remaining: Duration? {
      deadline.map { $0 - ContinuousClock.now }
    }

    func timeoutError(_ call: CallFrame) -> RuntimeError {
      var error = call.error(
        "watch timed out after \(Render.plainText(.duration(Int(options.timeout.map(nanoseconds) ?? 0))))",
        at: "timeout", kind: "timeout")
      error.value.details["values"] = .int(yielded)
      return error
    }
  }

  static func nanoseconds(_ d: Duration) -> Int64 {
    let (s, atto) = d.components
    let (ns, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
    return overflow ? Int64.max : ns &+ atto / 1_000_000_000
  }

  /// A live stream passed through, ending as the flags say.
  static func follow(_ stream: ValueStream, _ options: Options, _ call: CallFrame) -> ValueStream {
    let limits = Limits(options, call)
    return ValueStream(
      live: true,
      next: {
        if limits.done {
          stream.cancel()
          return nil
        }
        let item: Value?
        if let remaining = limits.remaining {
          do {
            item = try await withDeadline(
              remaining, { try await stream.next() },
              onTimeout: {
                limits.timeoutError(call)
              })
          } catch {
            stream.cancel()
            throw error
          }
        } else {
          item = try await stream.next()
        }
        guard let item else { return nil }
        try await limits.yielding(item)
        if limits.done { stream.cancel() }
        return item
      }, onCancel: { stream.cancel() })
  }

  /// Re-evaluates `closure` every interval and yields each new value (or what changed).
  static func poll(
    _ closure: Closure, first: Value, input: Value, _ options: Options, _ call: CallFrame
  ) -> ValueStream {
    let limits = Limits(options, call)
    let interval = options.every ?? defaultInterval
    var last: Value?
    var pendingFirst: Value? = first
    return ValueStream(
      live: true, redrawsInPlace: !options.diff,
      next: {
        while !limits.done {
          var value: Value
          if let v = pendingFirst {
            value = v
            pendingFirst = nil
          } else {
            var wait = interval
            if let remaining = limits.remaining {
              if remaining <= .zero { throw limits.timeoutError(call) }
              wait = min(wait, remaining)
            }
            try await Task.sleep(for: wait)
            if let remaining = limits.remaining, remaining <= .zero {
              throw limits.timeoutError(call)
            }
            value = try await call.call(closure, [], input: input)
          }
          if case .stream(let s) = value {
            guard !s.isLive else {
              throw call.error(
                "--every re-evaluates a value; a live stream is followed without it", at: "every")
            }
            value = .list(try await s.collect())
          }
          if let previous = last, previous == value { continue }
          let out =
            options.diff && last != nil ? ValueDiff.diff(from: last ?? .null, to: value) : value
          last = value
          try await limits.yielding(value)
          return out
        }
        return nil
      })
  }

  /// Runs `body`, or gives up after `limit` with `onTimeout`'s error.
  static func withDeadline(
    _ limit: Duration, _ body: @escaping @Sendable () async throws -> Value?,
    onTimeout: @escaping @Sendable () -> RuntimeError
  ) async throws -> Value? {
    guard limit > .zero else { throw onTimeout() }
    return try await withThrowingTaskGroup(of: Value?.self) { group in
      group.addTask { try await body() }
      group.addTask {
        try await Task.sleep(for: limit)
        throw onTimeout()
      }
      defer { group.cancelAll() }
      return try await group.next() ?? nil
    }
  }
}
