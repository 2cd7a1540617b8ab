import CCS
import CCSShell

/// The interactive shell.
enum REPLLauncher {
  static func run(engine: Engine, options: Options) async -> Int32 {
    let session = ShellSession(interpreter: engine.interpreter, format: options.format) { error in
      _ = engine.reportError(error)
    }
    return await session.run()
  }
}
