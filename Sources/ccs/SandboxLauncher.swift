import CCS
import CCSAPI
import CCSSandbox
import Foundation

/// `ccs sandbox serve` and `--sandbox`, wired to the CCSSandbox module.
enum SandboxLauncher {
  static func serve(_ arguments: [String]) async -> Int32 {
    await SandboxCLI.serve(arguments: arguments)
  }

  /// Starts the sandbox in this process on an ephemeral loopback port and points the
  /// `cloudron` and `clever` commands at it.
  static func start(
    into api: APIContext, faults: [(name: String, value: String)] = []
  ) async throws(SandboxStartError) -> SandboxServer {
    var options = SandboxOptions()
    for (name, value) in faults {
      if let message = options.faults.set(name, to: value) { throw .invalidFault(message) }
    }
    let server = SandboxServer(options: options)
    let endpoints: SandboxEndpoints
    do {
      endpoints = try await server.start()
    } catch {
      throw .notStarted("\(error)")
    }
    api.overrides["cloudron"] = Profile(
      name: "sandbox-cloudron", api: "cloudron", baseURL: URL(string: endpoints.cloudronBaseURL),
      auth: .bearer, token: .literal(endpoints.cloudronToken), readonly: false, origin: .program)
    api.overrides["clever"] = Profile(
      name: "sandbox-clever", api: "clever", baseURL: URL(string: endpoints.cleverBaseURL),
      auth: .bearer, token: .literal(endpoints.cleverAPIToken), readonly: false, origin: .program)
    return server
  }
}

/// Why `--sandbox` could not start.
enum SandboxStartError: Error, CustomStringConvertible {
  /// A `--sandbox-fault` that the sandbox refuses.
  case invalidFault(String)
  /// The server failed to start.
  case notStarted(String)

  var description: String {
    switch self {
    case .invalidFault(let message): "--sandbox-fault: \(message)"
    case .notStarted(let message): message
    }
  }
}
