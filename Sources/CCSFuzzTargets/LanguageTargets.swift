import CCS
import CCSAPI
import CCSLanguage
import CCSRuntime
import CCSSandbox

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The lexer, parser and evaluator.
enum LanguageTargets {
  static func parse(_ bytes: [UInt8]) throws(FuzzViolation) {
    let file = SourceFile(name: "fuzz.ccs", text: String(decoding: bytes, as: UTF8.self))
    let (_, diagnostics) = Parser.parse(file)
    let renderer = DiagnosticRenderer(color: false)
    for d in diagnostics {
      guard d.range.start >= 0, d.range.end <= file.bytes.count else {
        throw FuzzViolation.diagnosticOutOfRange(
          start: d.range.start, end: d.range.end, length: file.bytes.count)
      }
      _ = renderer.render(d)
    }
    _ = Parser.isIncomplete(file.text)
  }

  /// How long one program may run before it is cancelled: an optimised build (the long
  /// runs) does in 50 ms what the debug, AddressSanitizer build of the smoke run and the
  /// regression tests does in 300.
  #if DEBUG
    static let budget = Duration.milliseconds(300)
  #else
    static let budget = Duration.milliseconds(50)
  #endif
  /// How long a cancelled program may take to stop: generous, because the fuzzer runs under
  /// AddressSanitizer on machines that may be busy; a program that never stops is caught by
  /// libFuzzer's own timeout.
  static let grace = Duration.seconds(5)

  static func evaluate(_ bytes: [UInt8]) throws(FuzzViolation) {
    let source = String(decoding: bytes, as: UTF8.self)
    let file = SourceFile(name: "fuzz.ccs", text: source)
    guard Parser.parse(file).1.isEmpty else { return }
    let overrun = Blocking.run { () async -> Duration? in
      await SharedSandbox.shared.warmUp()
      let clock = ContinuousClock()
      let task = Task { await FuzzEngine.run(source) }
      let watchdog = Task {
        try? await Task.sleep(for: budget)
        task.cancel()
      }
      let start = clock.now
      await task.value
      watchdog.cancel()
      let elapsed = clock.now - start
      return elapsed > budget + grace ? elapsed - budget : nil
    }
    if let overrun {
      let (seconds, attoseconds) = overrun.components
      throw FuzzViolation.evaluatorOverBudget(
        milliseconds: Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
  }
}

/// An engine for untrusted programs: output discarded, no profiles or environment secrets,
/// API commands answered by one in-process sandbox on loopback, and host I/O refused.
enum FuzzEngine {
  /// Commands refused because they touch the file system, the network beyond the sandbox,
  /// or the clock.
  static let refused = ["open", "save", "sleep", "http", "api load", "profile use"]

  static func run(_ source: String) async {
    let context = RuntimeContext(
      stdout: DiscardSink(), stderr: DiscardSink(),
      environment: [
        "HOME": "/nonexistent/ccs-fuzz", "CCS_CONFIG": "/nonexistent/ccs-fuzz/config.toml",
      ],
      currentDirectory: "/nonexistent/ccs-fuzz")
    guard let engine = try? await Engine(context: context) else { return }
    if let api = APIContext.from(context), let sandbox = await SharedSandbox.shared.endpoints() {
      api.overrides["cloudron"] = Profile(
        name: "sandbox-cloudron", api: "cloudron", baseURL: URL(string: sandbox.cloudronBaseURL),
        auth: .bearer, token: .literal(sandbox.cloudronToken), readonly: false, origin: .program)
      api.overrides["clever"] = Profile(
        name: "sandbox-clever", api: "clever", baseURL: URL(string: sandbox.cleverBaseURL),
        auth: .bearer, token: .literal(sandbox.cleverAPIToken), readonly: false, origin: .program)
    }
    for name in refused {
      await engine.register(
        BuiltinCommand(
          name, category: "fuzz", summary: "refused under fuzzing",
          signature: Signature(rest: PositionalSpec("args"), input: "any")
        ) { call, _ in throw call.error("'\(name)' is refused under fuzzing", kind: "fuzz") })
    }
    _ = await engine.run(source: source, name: "fuzz.ccs")
  }
}

/// The sandbox the evaluator's API commands talk to, started once per process.
actor SharedSandbox {
  static let shared = SharedSandbox()
  private var started: SandboxEndpoints?
  private var server: SandboxServer?

  private var warmed = false

  /// Parses the built-in catalogs once per process, outside any input's time budget: the
  /// first input to use an API would otherwise be billed for it.
  func warmUp() async {
    guard !warmed else { return }
    warmed = true
    await FuzzEngine.run("help cloudron | ignore; help clever | ignore")
  }

  func endpoints() async -> SandboxEndpoints? {
    if let started { return started }
    let server = SandboxServer(options: SandboxOptions(taskDuration: .milliseconds(50)))
    guard let endpoints = try? await server.start() else { return nil }
    self.server = server
    started = endpoints
    return endpoints
  }
}

/// An output sink that drops everything.
final class DiscardSink: OutputSink, Sendable {
  func write(_ bytes: [UInt8]) {}
}
