import CCS
import CCSShell

/// The interactive shell.
enum REPLLauncher {
  static func run(engine: Engine) async -> Int32 {
    await ShellSession(engine: engine).run()
  }
}
