import CCS
import CCSRunbook
import CCSSandbox
import CCSShell
import CCSText

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

/// Runs ccs in the mode the command line asks for and returns the exit status.
enum Launcher {
  static func run(_ arguments: [String]) async -> Int32 {
    let options: Options
    do {
      options = try Options.parse(arguments)
    } catch let e as Options.UsageError {
      FileDescriptorSink(fd: 2).write("ccs: \(e.message)\n\(Options.usage)")
      return 2
    } catch let e as RunbookError {
      FileDescriptorSink(fd: 2).write("ccs runbook: \(e)\n")
      return 2
    } catch {
      return 2
    }
    switch options.mode {
    case .version:
      print("ccs \(Engine.version)")
      return 0
    case .help:
      FileDescriptorSink(fd: 1).write(Options.usage)
      return 0
    case .sandboxServe(let args):
      return await SandboxLauncher.serve(args)
    case .runbook(let runbookOptions):
      return await RunbookLauncher.run(runbookOptions, options: options)
    default:
      break
    }

    var configuration: Engine.Configuration
    do {
      configuration = try engineConfiguration(for: options)
    } catch {
      FileDescriptorSink(fd: 2).write("ccs: \(error)\n")
      return 2
    }
    let source: EngineSource
    let pipedInput = !configuration.terminal.inputIsTerminal
    switch options.mode {
    case .script(let path):
      source = .file(path)
      if pipedInput { configuration.standardInput = .processStandardInput }
    case .command(let text):
      source = .text(text, name: "<command line>")
      if pipedInput { configuration.standardInput = .processStandardInput }
    case .standardInput:
      source = .text(readStandardInput(), name: "<stdin>")
    case .repl where !configuration.terminal.inputIsTerminal:
      source = .text(readStandardInput(), name: "<stdin>")
    case .repl:
      source = .prompt
    default:
      return 2
    }
    let engine: Engine
    do {
      engine = try await Engine(configuration)
    } catch {
      configuration.standardError.write("ccs: \(error)\n")
      return 1
    }
    await engine.setVariable("args", to: .list(options.scriptArguments.map(Value.string)))
    let evaluation: Evaluation
    switch source {
    case .prompt:
      return await REPLLauncher.run(engine: engine, options: options)
    case .file(let path):
      evaluation = await Interrupts.run(engine) {
        await engine.run(file: path) { try await engine.render($0) }
      }
    case .text(let text, let name):
      evaluation = await Interrupts.run(engine) {
        await engine.run(source: text, name: name) { try await engine.render($0) }
      }
    }
    if evaluation.status == .cancelled { configuration.standardError.write("interrupted\n") }
    if options.dryRun { reportUnsentWrites(engine, to: configuration.standardError) }
    return evaluation.exitCode
  }

  /// Where the program comes from.
  private enum EngineSource {
    case file(String)
    case text(String, name: String)
    case prompt
  }

  /// The engine configuration the global options describe.
  static func engineConfiguration(
    for options: Options
  ) throws(SandboxFaultError) -> Engine.Configuration {
    var configuration = Engine.Configuration()  // reads the process environment
    let environment = configuration.environment
    let stdoutTTY = isatty(1) != 0
    let noColor = options.noColor || (environment["NO_COLOR"].map { !$0.isEmpty } ?? false)
    configuration.taskExecutor = MainThreadExecutor.shared
    configuration.outputFormat = options.format
    configuration.dryRunWrites = options.dryRun
    if options.sandbox {
      var sandbox = SandboxOptions()
      for (name, value) in options.sandboxFaults {
        if let message = sandbox.faults.set(name, to: value) {
          throw SandboxFaultError(message: message)
        }
      }
      configuration.connection = .sandbox(sandbox)
    } else {
      configuration.connection = .profiles(named: options.profile)
    }
    configuration.terminal = .init(
      outputIsTerminal: stdoutTTY, inputIsTerminal: isatty(0) != 0, width: Terminal.width(),
      color: stdoutTTY && !noColor)
    let standardError = configuration.standardError
    let stderrColor = !noColor && isatty(2) != 0
    configuration.onDiagnostic = { standardError.write(Engine.describe($0, color: stderrColor)) }
    if options.verbose {
      configuration.requestLog = { standardError.write($0 + "\n") }
    }
    return configuration
  }

  /// `dry run: N writes not sent:` and one line per write.
  static func reportUnsentWrites(_ engine: Engine, to sink: any OutputSink) {
    let unsent = engine.unsentWrites
    sink.write(
      "dry run: \(unsent.count) write\(unsent.count == 1 ? "" : "s") not sent\(unsent.isEmpty ? "" : ":")\n"
    )
    for line in unsent { sink.write("  \(line)\n") }
  }

  private static func readStandardInput() -> String {
    String(decoding: FileDescriptors.readToEnd(0), as: UTF8.self)
  }
}

/// A `--sandbox-fault NAME=VALUE` the sandbox refuses.
struct SandboxFaultError: Error, CustomStringConvertible {
  let message: String
  var description: String { "--sandbox-fault: \(message)" }
}

/// Terminal facts.
enum Terminal {
  /// The terminal width from the tty, `COLUMNS`, or 80.
  static func width() -> Int {
    var size = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let c = ProcessEnvironment.value(of: "COLUMNS"), let n = Int(c), n > 0 { return n }
    return 80
  }
}

/// Ctrl-C handling: SIGINT cancels the engine's running evaluation instead of killing the
/// process.
enum Interrupts {
  /// Runs `body` with SIGINT cancelling `engine`'s evaluation; SIGINT is back to its default
  /// action afterwards.
  static func run<T: Sendable>(_ engine: Engine, _ body: @Sendable () async -> T) async -> T {
    InterruptSignal.install { engine.cancel() }
    defer { InterruptSignal.uninstall(then: .default) }
    return await body()
  }
}
