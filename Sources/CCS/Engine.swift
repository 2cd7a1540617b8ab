@_exported import CCSLanguage
@_exported import CCSRuntime
import CCSAPI
import Foundation

/// The embedding facade: one ccs engine that runs source text and renders results.
///
/// A host program creates an `Engine`, registers its own commands, and runs ccs source through
/// the same interpreter the `ccs` executable uses:
///
/// ```swift
/// let engine = try await Engine()
/// engine.register(BuiltinCommand("greet", category: "host", summary: "Say hello") { _, _ in
///   .string("hello")
/// })
/// let value = try await engine.evaluate("greet | str upcase")   // .string("HELLO")
/// ```
public final class Engine: @unchecked Sendable {
  /// The version printed by `ccs --version` and sent as `User-Agent: ccs/VERSION`.
  public static let version = "0.1.0"

  /// The interpreter behind the engine.
  public let interpreter: Interpreter
  /// The runtime context (output sinks, environment, terminal facts).
  public var context: RuntimeContext { interpreter.context }

  /// Creates an engine with every builtin registered and the prelude loaded.
  public init(context: RuntimeContext = RuntimeContext(), loadPrelude: Bool = true) async throws {
    let registry = CommandRegistry()
    registry.register(Builtins.all)
    interpreter = Interpreter(registry: registry, context: context)
    interpreter.parserConfig.rowConditionCommands = Set(
      registry.all.filter { $0.signature.positionals.first?.type == .condition }.map(\.name))
    // After the row-condition scan: `registry.all` would parse the lazily bound catalogs.
    APIBindings.install(into: interpreter, version: Engine.version)
    if loadPrelude {
      _ = try await interpreter.evaluate(Prelude.source, name: "prelude.ccs")
    }
  }

  /// Registers a host command (replacing any command of the same name).
  public func register(_ command: any Command) {
    interpreter.registry.register(command)
  }

  /// Evaluates source and returns the value of its last statement (streams stay lazy).
  public func evaluate(_ source: String, name: String = "<eval>") async throws -> Value {
    try await interpreter.evaluate(source, name: name)
  }

  /// How a run ended, with the process exit status it maps to.
  public enum Outcome: Sendable, Equatable {
    case success
    case runtimeError
    case parseError
    case interrupted

    /// 0 success, 1 runtime error, 2 parse or usage error (the program was refused, or a
    /// command that exists only at run time was misused), 130 interrupted.
    public var exitCode: Int32 {
      switch self {
      case .success: 0
      case .runtimeError: 1
      case .parseError: 2
      case .interrupted: 130
      }
    }
  }

  /// Parses and runs a whole program, rendering each top-level value in `format` and every
  /// error as a diagnostic on standard error.
  public func run(source: String, name: String, format: OutputFormat = .auto) async -> Outcome {
    let file = SourceFile(name: name, text: source)
    let (program, diagnostics) = Parser.parse(file, config: interpreter.parserConfig)
    if !diagnostics.isEmpty {
      report(diagnostics)
      return .parseError
    }
    let renderer = OutputRenderer(format: format, interpreter: interpreter)
    do {
      try await interpreter.run(program) { value in try await renderer.emit(value) }
      return .success
    } catch {
      return reportError(error)
    }
  }

  /// Writes an error thrown by a run to standard error and classifies it.
  public func reportError(_ error: any Error) -> Outcome {
    switch error {
    case let e as RuntimeError:
      context.stderr.write(DiagnosticRenderer(color: stderrColor).render(e.diagnostic))
      return .runtimeError
    case let list as DiagnosticList:
      report(list.diagnostics)
      return .parseError
    case let refused as ProgramRefused:
      report(refused.diagnostics)
      return .parseError
    case let usage as UsageError:
      report([usage.diagnostic])
      return .parseError
    case is CancellationError:
      context.stderr.write("interrupted\n")
      return .interrupted
    default:
      context.stderr.write("error: \(error)\n")
      return .runtimeError
    }
  }

  /// Writes diagnostics to standard error.
  public func report(_ diagnostics: [Diagnostic]) {
    let renderer = DiagnosticRenderer(color: stderrColor)
    for d in diagnostics { context.stderr.write(renderer.render(d)) }
  }

  private var stderrColor: Bool {
    context.color && isatty(2) != 0
  }

  /// Defines `$args` (the script arguments) in the global scope.
  public func setArguments(_ args: [String]) {
    interpreter.globals.declare("args", .list(args.map(Value.string)))
  }
}
