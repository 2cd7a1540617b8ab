import Foundation

/// Finds the `editline-probe` test tool built next to the test bundle.
enum ProbeBinary {
  /// `EDITLINE_PROBE` if set, else `editline-probe` in the directory of the running test binary
  /// or one of its parents (SwiftPM puts both in `.build/<triple>/debug`).
  static let path: String? = {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["EDITLINE_PROBE"] { return path }
    let manager = FileManager.default
    let executable =
      (try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
    for _ in 0..<5 {
      let candidate = directory.appendingPathComponent("editline-probe").path
      if manager.isExecutableFile(atPath: candidate) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return nil
  }()

  /// Why the terminal tests cannot run here, or nil when they can.
  static var unavailableReason: String? {
    if !TmuxSession.isAvailable { return "tmux is not installed" }
    if path == nil { return "the editline-probe binary was not found (set EDITLINE_PROBE)" }
    return nil
  }
}
