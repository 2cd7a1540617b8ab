#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// When and how long ``HTTPTransport`` waits before sending a request again.
///
/// Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are ever retried; POST and PATCH
/// are sent once. A request is retried after a connection failure (refused, connect timeout,
/// connection closed before a response) and after a `502`, `503`, `504` or `429` response.
/// For `429` and `503`, a `Retry-After` header (seconds or HTTP-date) sets the wait, capped by
/// ``maxRetryAfter``; otherwise the wait is exponential backoff with jitter:
/// `initialBackoff × 2^(retry-1)`, capped by ``maxBackoff``, of which a random fraction
/// ``jitter`` is taken off.
public struct RetryPolicy: Sendable, Hashable {
  /// Total attempts including the first; `1` disables retries.
  public var maxAttempts: Int
  /// The wait before the first retry when no `Retry-After` applies.
  public var initialBackoff: Duration
  /// The longest backoff wait.
  public var maxBackoff: Duration
  /// The longest wait a `Retry-After` header can ask for; longer values are capped to this.
  public var maxRetryAfter: Duration
  /// The fraction (0…1) of each backoff wait that is randomized, to spread out clients.
  public var jitter: Double

  /// Creates a policy.
  public init(
    maxAttempts: Int = 3,
    initialBackoff: Duration = .milliseconds(500),
    maxBackoff: Duration = .seconds(8),
    maxRetryAfter: Duration = .seconds(60),
    jitter: Double = 0.5
  ) {
    self.maxAttempts = max(1, maxAttempts)
    self.initialBackoff = initialBackoff
    self.maxBackoff = maxBackoff
    self.maxRetryAfter = maxRetryAfter
    self.jitter = min(1, max(0, jitter))
  }

  /// Three attempts, 0.5 s first backoff doubling up to 8 s, `Retry-After` capped at 60 s.
  public static let standard = RetryPolicy()

  /// A single attempt: never retry.
  public static let never = RetryPolicy(maxAttempts: 1)

  /// Statuses worth another attempt for an idempotent request.
  public static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

  /// The backoff before retry number `retry` (1 for the first retry), with `random` in 0..<1
  /// choosing how much of the jitter fraction is taken off.
  public func backoff(retry: Int, random: Double) -> Duration {
    let exponent = min(max(retry - 1, 0), 30)
    let base = min(initialBackoff * (1 << exponent), maxBackoff)
    let factor = 1 - jitter * min(max(random, 0), 1)
    return base * factor
  }

  /// The wait a `Retry-After` value asks for, measured from `now`, capped by ``maxRetryAfter``;
  /// nil when the value is neither delta-seconds nor an HTTP-date.
  public func retryAfter(_ value: String, now: Date = Date()) -> Duration? {
    guard let wait = RetryAfter.parse(value, now: now) else { return nil }
    return min(wait, maxRetryAfter)
  }
}

/// Parsing of the `Retry-After` header (RFC 9110 §10.2.3).
enum RetryAfter {
  /// The wait `value` asks for: non-negative delta-seconds, or an HTTP-date (IMF-fixdate,
  /// RFC 850 or asctime form) relative to `now`, never negative.
  static func parse(_ value: String, now: Date) -> Duration? {
    // Optional whitespace around a header value: spaces and tabs.
    var slice = Substring(value)
    while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
    let trimmed = String(slice)
    if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber) {
      guard let seconds = Int64(trimmed) else { return .seconds(Int64.max / 1_000_000_000) }
      return .seconds(seconds)
    }
    guard let date = HTTPDate.parse(trimmed, now: now) else { return nil }
    let seconds = max(0, date.timeIntervalSince(now))
    return .milliseconds(Int64((seconds * 1000).rounded()))
  }
}
