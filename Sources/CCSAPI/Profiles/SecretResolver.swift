import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Turns ``SecretSource``s into values: reads the environment, runs `token_command`s.
///
/// Each call resolves afresh (a command runs every time): resolve a profile's credentials
/// once per session and keep the result.
public struct SecretResolver: Sendable {
  /// The environment variables `…_env` sources read, and commands run with.
  public var environment: [String: String]
  /// The longest a command may run before it is terminated and resolution fails.
  public var commandTimeout: Duration

  /// Creates a resolver.
  public init(
    environment: [String: String] = ProcessEnvironment.current(),
    commandTimeout: Duration = .seconds(15)
  ) {
    self.environment = environment
    self.commandTimeout = commandTimeout
  }

  /// The value of `source`; `profile` and `field` name it in errors.
  ///
  /// - Throws: ``ProfileError/secretUnavailable(profile:field:reason:)`` for an unset or empty
  ///   variable, a command that fails, prints nothing or times out; `CancellationError`.
  public func resolve(
    _ source: SecretSource, profile: String, field: String
  ) async throws
    -> String
  {
    switch source {
    case .literal(let value):
      guard !value.isEmpty else {
        throw ProfileError.secretUnavailable(profile: profile, field: field, reason: "it is empty")
      }
      return value
    case .environment(let name):
      guard let value = environment[name]?.trimmingWhitespace(),
        !value.isEmpty
      else {
        throw ProfileError.secretUnavailable(
          profile: profile, field: field, reason: "environment variable \(name) is not set")
      }
      return value
    case .command(let command):
      let output: String
      do {
        output = try await ShellCommand.output(
          of: command, environment: environment, timeout: commandTimeout)
      } catch let failure as ShellCommand.Failure {
        throw ProfileError.secretUnavailable(
          profile: profile, field: field, reason: "command `\(command)` \(failure.reason)")
      }
      let value = output.trimmingWhitespace()
      guard !value.isEmpty else {
        throw ProfileError.secretUnavailable(
          profile: profile, field: field, reason: "command `\(command)` printed nothing")
      }
      return value
    }
  }
}
