/// Why a reconnecting event stream gave up.
public enum StreamError: Error, Sendable, Equatable {
  /// `attempts` reconnection attempts in a row failed; `reason` is the last failure.
  case reconnectFailed(attempts: Int, reason: String, lastEventID: String?)
}

extension StreamError: CustomStringConvertible {
  /// `the stream could not be resumed after 10 attempts (last: 503 Service Unavailable)`.
  public var description: String {
    switch self {
    case .reconnectFailed(let attempts, let reason, _):
      "the stream could not be resumed after \(attempts) attempt\(attempts == 1 ? "" : "s") (last: \(reason))"
    }
  }
}
