import Foundation

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
    environment: [String: String] = ProcessInfo.processInfo.environment,
    commandTimeout: Duration = .seconds(15)
  ) {
    self.environment = environment
    self.commandTimeout = commandTimeout
  }

  /// The value of `source`; `profile` and `field` name it in errors.
  ///
  /// - Throws: ``ProfileError/secretUnavailable(profile:field:reason:)`` for an unset or empty
  ///   variable, a command that fails, prints nothing or times out; `CancellationError`.
  public func resolve(_ source: SecretSource, profile: String, field: String) async throws
    -> String
  {
    switch source {
    case .literal(let value):
      guard !value.isEmpty else {
        throw ProfileError.secretUnavailable(profile: profile, field: field, reason: "it is empty")
      }
      return value
    case .environment(let name):
      guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines),
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
      let value = output.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !value.isEmpty else {
        throw ProfileError.secretUnavailable(
          profile: profile, field: field, reason: "command `\(command)` printed nothing")
      }
      return value
    }
  }
}

/// Runs `/bin/sh -c COMMAND` and collects its standard output, with a timeout.
///
/// Standard input and error are inherited, so a password manager can prompt. Blocking reads
/// happen on a dedicated thread, never on the concurrency pool.
enum ShellCommand {
  struct Failure: Error {
    var reason: String
  }

  static func output(of command: String, environment: [String: String], timeout: Duration)
    async throws -> String
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.environment = environment
    let stdout = Pipe()
    process.standardOutput = stdout
    let exit = OneShot<Int32>()
    process.terminationHandler = { exit.fulfill(.success($0.terminationStatus)) }
    do {
      try process.run()
    } catch {
      throw Failure(reason: "could not start: \(error.localizedDescription)")
    }
    let output = OneShot<Data>()
    let reader = stdout.fileHandleForReading
    Thread { output.fulfill(.success(reader.readDataToEndOfFile())) }.start()

    // Race the command against the timeout without waiting for the loser: a grandchild
    // (`sleep` under `sh`) may hold the pipe open long after `sh` is terminated.
    let result = OneShot<String>()
    Task {
      do {
        let status = try await exit.value()
        guard status == 0 else { throw Failure(reason: "exited with status \(status)") }
        let data = try await output.value()
        result.fulfill(.success(String(decoding: data, as: UTF8.self)))
      } catch {
        result.fulfill(.failure(error))
      }
    }
    Task {
      try? await Task.sleep(for: timeout)
      result.fulfill(.failure(Failure(reason: "timed out after \(HTTPTransport.format(timeout))")))
      if process.isRunning { process.terminate() }
    }
    return try await result.value()
  }
}
