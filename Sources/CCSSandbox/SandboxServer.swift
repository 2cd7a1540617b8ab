import Hummingbird
import Logging
import NIOCore
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
  private let runner = Mutex<Task<Void, Never>?>(nil)

  /// Creates a server; nothing listens until `start()`.
  public init(options: SandboxOptions) {
    self.options = options
    store = SandboxStore(options: options)
  }

  /// Starts listening and returns the base URLs and demo credentials once the port is bound.
  public func start() async throws -> SandboxEndpoints {
    let (portStream, portContinuation) = AsyncStream<Result<Int, SandboxError>>.makeStream()
    var logger = Logger(label: "ccs.sandbox")
    logger.logLevel = .critical
    let app = Application(
      responder: SandboxResponder(store: store),
      configuration: .init(
        address: .hostname(options.host, port: options.port), serverName: nil),
      onServerRunning: { channel in
        portContinuation.yield(.success(channel.localAddress?.port ?? 0))
      },
      logger: logger)
    let started: Bool = runner.withLock { task in
      guard task == nil else { return false }
      task = Task {
        do {
          try await app.run()
          portContinuation.yield(.failure(.notListening("server exited")))
        } catch {
          portContinuation.yield(.failure(.notListening(String(describing: error))))
        }
        portContinuation.finish()
      }
      return true
    }
    guard started else { throw SandboxError.alreadyStarted }
    var iterator = portStream.makeAsyncIterator()
    guard let first = await iterator.next() else { throw SandboxError.notListening("no report") }
    let port = try first.get()
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
    let task = runner.withLock { task -> Task<Void, Never>? in
      defer { task = nil }
      return task
    }
    task?.cancel()
    await task?.value
  }
}
