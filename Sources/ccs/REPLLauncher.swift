import CCS
import CCSShell

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The interactive shell: sources the init file, then runs the session.
enum REPLLauncher {
  static func run(engine: Engine, options: Options) async -> Int32 {
    let session = ShellSession(engine: engine)
    if !options.noInit, let path = initFile(environment: engine.configuration.environment),
      FileManager.default.fileExists(atPath: path)
    {
      // Errors are reported like any entry's; the shell starts anyway.
      _ = await engine.run(file: path) { try await engine.render($0) }
    }
    return await session.run()
  }

  /// `$XDG_CONFIG_HOME/ccs/init.ccs`, else `~/.config/ccs/init.ccs`.
  static func initFile(environment: [String: String]) -> String? {
    if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
      return "\(config)/ccs/init.ccs"
    }
    if let home = environment["HOME"], home.hasPrefix("/") { return "\(home)/.config/ccs/init.ccs" }
    return nil
  }
}
