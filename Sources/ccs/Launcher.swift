import CCS
import CCSAPI
import CCSSandbox
import Foundation

/// Runs ccs in the mode the command line asks for and returns the exit status.
enum Launcher {
  static func run(_ arguments: [String]) async -> Int32 {
    let options: Options
    do {
      options = try Options.parse(arguments)
    } catch let e as Options.UsageError {
      FileDescriptorSink(fd: 2).write("ccs: \(e.message)\n\(Options.usage)")
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
    default:
      break
    }

    let environment = ProcessInfo.processInfo.environment
    let stdoutTTY = isatty(1) != 0
    let noColor = options.noColor || (environment["NO_COLOR"].map { !$0.isEmpty } ?? false)
    let context = RuntimeContext(
      environment: environment, isTerminal: stdoutTTY, stdinIsTerminal: isatty(0) != 0,
      terminalWidth: Terminal.width(), color: stdoutTTY && !noColor)
    let stderrSink = context.stderr
    var verboseLog: (@Sendable (String) -> Void)?
    if options.verbose {
      verboseLog = { line in stderrSink.write(line + "\n") }
    }
    let api = APIContext(environment: environment, version: Engine.version, verboseLog: verboseLog)
    api.explicitProfile = options.profile
    api.dryRunWrites = options.dryRun
    context.extensions[APIContext.key] = api
    var sandbox: SandboxServer?
    if options.sandbox {
      do {
        sandbox = try await SandboxLauncher.start(into: api, faults: options.sandboxFaults)
      } catch {
        stderrSink.write("ccs: the sandbox failed to start: \(error)\n")
        return 1
      }
    }
    defer { if let sandbox { Task { await sandbox.stop() } } }
    let engine: Engine
    do {
      engine = try await Engine(context: context)
    } catch {
      FileDescriptorSink(fd: 2).write("ccs: the prelude failed to load: \(error)\n")
      return 1
    }
    engine.setArguments(options.scriptArguments)

    let source: String
    let name: String
    switch options.mode {
    case .script(let path):
      guard let data = FileManager.default.contents(atPath: path) else {
        FileDescriptorSink(fd: 2).write("ccs: cannot read '\(path)': no such file\n")
        return 2
      }
      source = String(decoding: data, as: UTF8.self)
      name = path
      if !context.stdinIsTerminal { engine.interpreter.pendingInput = .stream(StandardInput.stream()) }
    case .command(let text):
      source = text
      name = "<command line>"
      if !context.stdinIsTerminal { engine.interpreter.pendingInput = .stream(StandardInput.stream()) }
    case .standardInput:
      source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
      name = "<stdin>"
    case .repl:
      if !context.stdinIsTerminal {
        source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        name = "<stdin>"
      } else {
        return await REPLLauncher.run(engine: engine, options: options)
      }
    default:
      return 2
    }
    let outcome = await Interrupts.run { await engine.run(source: source, name: name, format: options.format) }
    if options.dryRun {
      let unsent = api.unsentWrites
      stderrSink.write("dry run: \(unsent.count) write\(unsent.count == 1 ? "" : "s") not sent\(unsent.isEmpty ? "" : ":")\n")
      for line in unsent { stderrSink.write("  \(line)\n") }
    }
    return (outcome ?? .interrupted).exitCode
  }
}

/// Terminal facts.
enum Terminal {
  /// The terminal width from the tty, `COLUMNS`, or 80.
  static func width() -> Int {
    var size = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(c), n > 0 { return n }
    return 80
  }
}

/// Ctrl-C handling: SIGINT cancels the running task instead of killing the process.
enum Interrupts {
  /// Runs `body` in a task that SIGINT cancels; returns nil if it was interrupted.
  static func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T? {
    // The handler is in place before the task starts, so a Ctrl-C that arrives as soon as the
    // program prints something is never lost.
    let box = TaskBox()
    InterruptSignal.install { box.cancel() }
    let task = Task { await body() }
    box.set(task)
    defer { InterruptSignal.uninstall(then: .default) }
    let value = await task.value
    return task.isCancelled ? nil : value
  }
}

/// The running task, cancellable from a signal handler that exists before the task does.
final class TaskBox: @unchecked Sendable {
  private let lock = NSLock()
  private var task: (any CancellableTask)?
  private var cancelled = false

  func set(_ task: some CancellableTask) {
    lock.lock()
    self.task = task
    let cancelNow = cancelled
    lock.unlock()
    if cancelNow { task.cancel() }
  }

  func cancel() {
    lock.lock()
    cancelled = true
    let task = self.task
    lock.unlock()
    task?.cancel()
  }
}

/// A task that can be cancelled, whatever its result type.
protocol CancellableTask: Sendable {
  func cancel()
}

extension Task: CancellableTask {}
