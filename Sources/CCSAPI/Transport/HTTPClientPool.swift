import AsyncHTTPClient
import CCSRuntime
import NIOCore

/// The process-wide AsyncHTTPClient instances, one per distinct timeout/TLS setting.
///
/// A ccs process normally uses one (plus one without read timeout for streams). Like
/// `HTTPClient.shared`, they live until the process exits and are never shut down, so
/// transports can be created and dropped freely.
enum HTTPClientPool {
  struct Key: Hashable {
    var connectTimeout: Duration
    var readTimeout: Duration?
    var insecure: Bool
  }

  private static let clients = Locked<[Key: HTTPClient]>([:])

  /// The client for `key`, created on first use.
  static func client(for key: Key) -> HTTPClient {
    clients.withLock { clients in
      if let client = clients[key] { return client }
      let timeout = HTTPClient.Configuration.Timeout(
        connect: timeAmount(key.connectTimeout),
        read: key.readTimeout.map(timeAmount)
      )
      var configuration: HTTPClient.Configuration
      if key.insecure {
        configuration = HTTPClient.Configuration(
          certificateVerification: .none,
          redirectConfiguration: .disallow,
          timeout: timeout
        )
      } else {
        configuration = HTTPClient.Configuration(
          redirectConfiguration: .disallow,
          timeout: timeout
        )
      }
      // ccs retries itself, per method; a failed connect must surface at once.
      configuration.connectionPool.retryConnectionEstablishment = false
      let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
      clients[key] = client
      return client
    }
  }

  static func timeAmount(_ duration: Duration) -> TimeAmount {
    let (seconds, attoseconds) = duration.components
    // Saturates: a timeout past 292 years is as good as none, and must not trap.
    let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    guard !overflow else { return .nanoseconds(seconds < 0 ? 0 : Int64.max) }
    let (total, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
    return .nanoseconds(overflow2 ? Int64.max : total)
  }
}
