import CCSSandbox

/// `ccs sandbox serve`: the sandbox alone, in the foreground.
enum SandboxLauncher {
  static func serve(_ arguments: [String]) async -> Int32 {
    await SandboxCLI.serve(arguments: arguments)
  }
}
