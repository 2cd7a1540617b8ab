import CCSRuntime

@testable import CCSAPI

/// Records backoff waits instead of sleeping, so retry tests run instantly.
final class SleepRecorder: Sendable {
  private let recorded = Locked<[Duration]>([])

  var sleeps: [Duration] { recorded.withLock { $0 } }

  var sleep: HTTPTransport.Sleep {
    { duration in
      try Task.checkCancellation()
      self.recorded.withLock { $0.append(duration) }
    }
  }
}

/// Collects verbose log lines.
final class LogRecorder: Sendable {
  private let recorded = Locked<[String]>([])

  var lines: [String] { recorded.withLock { $0 } }

  var sink: @Sendable (String) -> Void {
    { line in self.recorded.withLock { $0.append(line) } }
  }
}

/// A transport for tests: no jitter, recorded sleeps, optional log.
func makeTransport(
  attempts: Int = 3,
  sleeper: SleepRecorder = SleepRecorder(),
  log: LogRecorder? = nil,
  logHeaders: Bool = false,
  secrets: [String] = []
) -> HTTPTransport {
  HTTPTransport(
    configuration: .init(
      version: "9.9.9", connectTimeout: .seconds(2), readTimeout: .seconds(5),
      retry: RetryPolicy(maxAttempts: attempts, jitter: 0), logHeaders: logHeaders),
    redactor: Redactor(secrets: secrets),
    log: log?.sink,
    sleep: sleeper.sleep)
}
