import CCS

/// The interactive shell.
enum REPLLauncher {
  static func run(engine: Engine, options: Options) async -> Int32 {
    engine.context.stderr.write("ccs: the interactive shell is not available yet; use -c or a script\n")
    return 2
  }
}
