import CCS

/// `ccs sandbox serve` and `--sandbox`, wired to the CCSSandbox module.
enum SandboxLauncher {
  static func serve(_ arguments: [String]) async -> Int32 {
    FileDescriptorSink(fd: 2).write("ccs: the sandbox is not built into this binary yet\n")
    return 2
  }
}
