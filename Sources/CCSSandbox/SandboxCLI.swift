import CCSText
import Dispatch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `ccs sandbox serve`: runs the sandbox alone until SIGINT or SIGTERM.
///
/// ```
/// ccs sandbox serve --port 8080 --seed 7 --task-duration 2s --fault serverErrorRate=0.1
/// ```
public enum SandboxCLI {
  /// The usage text printed by `--help` and after a bad flag.
  public static let usage = """
    usage: ccs sandbox serve [--host ADDR] [--port N] [--seed S] [--task-duration D]
                             [--heartbeat D] [--live-log-interval D] [--fault NAME=VALUE]...
      D is a duration such as 3s, 500ms or 0; faults:
        \(FaultSettings.settingNames.joined(separator: ", "))
    """

  /// Parses `arguments` (those after `serve`; a leading `sandbox serve` is skipped) into
  /// options, or returns why not.
  public static func parse(arguments: [String]) -> Result<SandboxOptions, SandboxCLIError> {
    var options = SandboxOptions()
    var remaining = arguments[...]
    // Tolerate being handed the command words too (`sandbox serve --port 1`).
    if remaining.first == "sandbox" { remaining.removeFirst() }
    if remaining.first == "serve" { remaining.removeFirst() }
    while let flag = remaining.popFirst() {
      if flag == "--help" || flag == "-h" { return .failure(.helpRequested) }
      var name = flag
      var inlineValue: String?
      if let equals = flag.firstIndex(of: "="), flag.hasPrefix("--") {
        name = String(flag[..<equals])
        inlineValue = String(flag[flag.index(after: equals)...])
      }
      let known = [
        "--host", "--port", "--seed", "--task-duration", "--heartbeat", "--live-log-interval",
        "--fault",
      ]
      guard known.contains(name) else { return .failure(.invalid("unknown flag '\(flag)'")) }
      guard let value = inlineValue ?? remaining.popFirst() else {
        return .failure(.invalid("\(name) expects a value"))
      }
      switch name {
      case "--host": options.host = value
      case "--port":
        guard let port = Int(value), (0...65_535).contains(port) else {
          return .failure(.invalid("--port expects a port number, found '\(value)'"))
        }
        options.port = port
      case "--seed":
        guard let seed = UInt64(value) else {
          return .failure(.invalid("--seed expects a non-negative integer, found '\(value)'"))
        }
        options.seed = seed
      case "--fault":
        let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
          return .failure(.invalid("--fault expects NAME=VALUE, found '\(value)'"))
        }
        if let message = options.faults.set(parts[0], to: parts[1]) {
          return .failure(.invalid(message))
        }
      default:
        guard let duration = parseDuration(value) else {
          return .failure(.invalid("\(name) expects a duration like 3s or 500ms, found '\(value)'"))
        }
        switch name {
        case "--task-duration": options.taskDuration = duration
        case "--heartbeat": options.heartbeatInterval = max(duration, .milliseconds(1))
        default: options.liveLogInterval = duration
        }
      }
    }
    return .success(options)
  }

  /// Parses `3s`, `500ms`, `1.5s`, `2m` or `0`.
  public static func parseDuration(_ text: String) -> Duration? {
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
    if text == "0" { return .zero }
    for (suffix, scale) in units where text.hasSuffix(suffix) {
      // At most a day (as the admin route allows); `Int64(_:)` would trap past 64 bits.
      guard let number = Double(text.dropLast(suffix.count)), number >= 0,
        number * scale <= Double(FaultSettings.longestWaitSeconds)
      else { return nil }
      return .milliseconds(Int64((number * scale * 1000).rounded()))
    }
    return nil
  }

  /// Runs the server; returns 0 after SIGINT/SIGTERM, 1 if it cannot start, 2 on bad flags.
  public static func serve(arguments: [String]) async -> Int32 {
    // Listening starts before the server does: a dispatch signal source registers
    // asynchronously, and a Ctrl-C sent as soon as the banner shows must not be lost.
    let termination = listenForTerminationSignals()
    return await serve(arguments: arguments, output: writeOut, until: termination)
  }

  /// `serve` with its output and its stop condition injected (for tests).
  static func serve(
    arguments: [String], output: (String) -> Void, until stopCondition: () async -> Void
  ) async -> Int32 {
    let options: SandboxOptions
    switch parse(arguments: arguments) {
    case .failure(.helpRequested):
      output(usage + "\n")
      return 0
    case .failure(.invalid(let message)):
      writeError("ccs sandbox serve: \(message)\n\(usage)\n")
      return 2
    case .success(let parsed): options = parsed
    }
    let server = SandboxServer(options: options)
    let endpoints: SandboxEndpoints
    do {
      endpoints = try await server.start()
    } catch {
      writeError("ccs sandbox serve: \(error)\n")
      return 1
    }
    output(banner(endpoints, options: options))
    await stopCondition()
    await server.stop()
    return 0
  }

  /// The text printed at start: base URLs and the (fake) demo credentials.
  static func banner(_ endpoints: SandboxEndpoints, options: SandboxOptions) -> String {
    let oauth = endpoints.cleverOAuth
    var text = """
      ccs sandbox listening (seed \(options.seed))
        Clever Cloud API:  \(endpoints.cleverBaseURL)   (/v2/…, /v4/…)
        Cloudron API:      \(endpoints.cloudronBaseURL)
        Admin:             \(endpoints.adminURL)
      Demo credentials (fake):
        Cloudron token (read-write):  \(endpoints.cloudronToken)
        Cloudron token (readonly):    \(endpoints.cloudronReadonlyToken)
        Cloudron token (member role): \(endpoints.cloudronMemberToken)
        Clever Cloud API token:       \(endpoints.cleverAPIToken)
        Clever Cloud OAuth1:          consumer key \(oauth.consumerKey),
                                      consumer secret \(oauth.consumerSecret),
                                      token \(oauth.token), token secret \(oauth.secret)

      """
    if !options.faults.isEmpty { text += "Faults: \(options.faults.json.serialized)\n" }
    return text + "Press Ctrl-C to stop.\n"
  }

  /// Ignores SIGINT and SIGTERM from now on and returns a wait that ends at the first of them.
  private static func listenForTerminationSignals() -> () async -> Void {
    let (stream, continuation) = AsyncStream<Int32>.makeStream()
    var sources: [DispatchSourceSignal] = []
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { continuation.yield(signalNumber) }
      source.resume()
      sources.append(source)
    }
    let listening = sources
    return {
      for await _ in stream { break }
      for source in listening { source.cancel() }
    }
  }

  private static func writeOut(_ text: String) {
    FileDescriptors.write(text, to: 1)
  }

  private static func writeError(_ text: String) {
    FileDescriptors.write(text, to: 2)
  }
}

/// Why `SandboxCLI.parse(arguments:)` did not produce options.
public enum SandboxCLIError: Error, Equatable {
  /// `--help` was given.
  case helpRequested
  /// A flag or value was not understood; the message says which.
  case invalid(String)
}
