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
  static func start(into api: APIContext) async throws -> SandboxServer {
    let server = SandboxServer(options: SandboxOptions())
    let endpoints = try await server.start()
    api.overrides["cloudron"] = Profile(
      name: "sandbox-cloudron", api: "cloudron", baseURL: URL(string: endpoints.cloudronBaseURL),
      auth: .bearer, token: .literal(endpoints.cloudronToken), readonly: false, origin: .program)
    api.overrides["clever"] = Profile(
      name: "sandbox-clever", api: "clever", baseURL: URL(string: endpoints.cleverBaseURL),
      auth: .bearer, token: .literal(endpoints.cleverAPIToken), readonly: false, origin: .program)
    return server
  }
}
