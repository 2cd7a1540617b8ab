import CCS
import CCSAPI
import CCSShell
import Foundation

/// The interactive shell: sources the init file, then runs the session.
enum REPLLauncher {
  static func run(engine: Engine, options: Options) async -> Int32 {
    let api = APIContext.from(engine.interpreter.context)
    let session = ShellSession(
      interpreter: engine.interpreter, format: options.format,
      prompt: ShellPrompt { name in api.flatMap { place(of: name, in: $0) } }
    ) { error in
      _ = engine.reportError(error)
    }
    if !options.noInit, let path = initFile(environment: engine.interpreter.context.environment),
      let data = FileManager.default.contents(atPath: path)
    {
      // Errors are reported like any entry's; the shell starts anyway.
      _ = await engine.run(source: String(decoding: data, as: UTF8.self), name: path, format: options.format)
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

  /// Where requests of `name` go (nil: no API used yet): the sandbox, or the profile in use.
  /// The overrides and explicit profile are set before the shell starts and only read here.
  static func place(of name: String?, in api: APIContext) -> ShellPrompt.Place? {
    let sandbox = ShellPrompt.Place(name: "sandbox", isSandbox: true)
    guard let name else {
      if let explicit = api.explicitProfile { return ShellPrompt.Place(name: explicit, isSandbox: false) }
      return api.overrides.isEmpty ? nil : sandbox
    }
    if api.explicitProfile == nil, api.overrides[name] != nil { return sandbox }
    do {
      guard let profile = try api.profile(for: name) else { return nil }
      return ShellPrompt.Place(name: profile.name, isSandbox: false)
    } catch {
      return nil
    }
  }
}
