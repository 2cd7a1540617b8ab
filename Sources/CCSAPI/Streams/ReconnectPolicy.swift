/// When and how often an event stream reconnects, and how long silence may last.
///
/// The wait before reconnection attempt `n` (1 for the first after a failure) is
/// `base × 2^(n-1)` capped by ``maxDelay``, where `base` is the server's `retry:` value (capped
/// by ``maxServerRetry``) or ``initialDelay``; a random fraction ``jitter`` of it is taken off.
/// The attempt count restarts whenever a connection delivers an event.
public struct ReconnectPolicy: Sendable, Hashable {
  /// Reconnection attempts in a row without an event in between before the stream fails.
  public var maxAttempts: Int
  /// The first wait when the server sent no `retry:`.
  public var initialDelay: Duration
  /// The longest wait between attempts.
  public var maxDelay: Duration
  /// The longest `retry:` the server may ask for.
  public var maxServerRetry: Duration
  /// The fraction (0…1) of each wait that is randomized.
  public var jitter: Double
  /// How long a stream whose API sends heartbeats may stay silent before it counts as stalled.
  public var heartbeatTimeout: Duration
  /// How many delivered event ids are remembered to drop replayed events (oldest forgotten
  /// first); bounds the memory of an endless stream.
  public var seenIDCapacity: Int

  /// Creates a policy.
  public init(
    maxAttempts: Int = 10, initialDelay: Duration = .milliseconds(500),
    maxDelay: Duration = .seconds(30), maxServerRetry: Duration = .seconds(60),
    jitter: Double = 0.3, heartbeatTimeout: Duration = .seconds(15), seenIDCapacity: Int = 4096
  ) {
    self.maxAttempts = max(1, maxAttempts)
    self.initialDelay = initialDelay
    self.maxDelay = maxDelay
    self.maxServerRetry = maxServerRetry
    self.jitter = min(1, max(0, jitter))
    self.heartbeatTimeout = heartbeatTimeout
    self.seenIDCapacity = max(1, seenIDCapacity)
  }

  /// Ten attempts, 0.5 s doubling up to 30 s, heartbeat timeout 15 s, 4096 remembered ids.
  public static let standard = ReconnectPolicy()

  /// The wait before attempt `attempt` (1-based), given the server's `retry:` in milliseconds
  /// and `random` in 0..<1.
  public func delay(attempt: Int, serverRetryMilliseconds: Int?, random: Double) -> Duration {
    var base = initialDelay
    if let ms = serverRetryMilliseconds {
      base = min(.milliseconds(max(0, ms)), maxServerRetry)
    }
    let exponent = min(max(attempt - 1, 0), 20)
    let grown = base * (1 << exponent)
    let capped = min(grown, max(maxDelay, base))
    return capped * (1 - jitter * min(max(random, 0), 0.999_999))
  }
}
