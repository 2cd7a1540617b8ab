import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Errors from starting the sandbox.
public enum SandboxError: Error, CustomStringConvertible {
  /// The server stopped before it reported a listening port.
  case notListening(String)
  /// `start()` was called on a server that is already running.
  case alreadyStarted

  /// A readable description.
  public var description: String {
    switch self {
    case .notListening(let reason): return "sandbox server did not start: \(reason)"
    case .alreadyStarted: return "sandbox server already started"
    }
  }
}

/// The sandbox: a stateful fake of the Clever Cloud API v4 and the Cloudron API v1 served over
/// real HTTP on loopback, with seeded demo data and fault injection.
///
/// ```swift
/// let server = SandboxServer(options: SandboxOptions(taskDuration: .milliseconds(300)))
/// let endpoints = try await server.start()
/// // GET \(endpoints.cloudronBaseURL)/tasks
/// // with "Authorization: Bearer \(endpoints.cloudronToken)"
/// await server.stop()
/// ```
public final class SandboxServer: Sendable {
  private let options: SandboxOptions
  private let store: SandboxStore
  private let server = Mutex<SandboxHTTPServer?>(nil)

  /// Creates a server; nothing listens until `start()`.
  public init(options: SandboxOptions) {
    self.options = options
    store = SandboxStore(options: options)
  }

  /// Starts listening and returns the base URLs and demo credentials once the port is bound.
  public func start() async throws -> SandboxEndpoints {
    let http = SandboxHTTPServer(responder: SandboxResponder(store: store))
    let started: Bool = server.withLock { server in
      guard server == nil else { return false }
      server = http
      return true
    }
    guard started else { throw SandboxError.alreadyStarted }
    let port: Int
    do {
      port = try await http.start(host: options.host, port: options.port)
    } catch {
      server.withLock { $0 = nil }
      throw (error as? SandboxError) ?? SandboxError.notListening(String(describing: error))
    }
    let base = "http://\(options.host.contains(":") ? "[\(options.host)]" : options.host):\(port)"
    return SandboxEndpoints(
      cleverBaseURL: base, cloudronBaseURL: base + CloudronAPI.prefix,
      adminURL: base + AdminAPI.prefix, cloudronToken: DemoCredentials.cloudronToken,
      cloudronReadonlyToken: DemoCredentials.cloudronReadonlyToken,
      cloudronMemberToken: DemoCredentials.cloudronMemberToken,
      cleverAPIToken: DemoCredentials.cleverAPIToken, cleverOAuth: DemoCredentials.cleverOAuth,
      port: port)
  }

  /// Stops listening and closes open connections (streams included).
  public func stop() async {
    let http = server.withLock { server -> SandboxHTTPServer? in
      defer { server = nil }
      return server
    }
    await http?.stop()
  }
}
