import Foundation

/// Locates and runs the built `ccs` executable for end-to-end tests.
enum CCSBinary {
  /// The repository root, found from this file's path.
  static let repoRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The `ccs` binary next to the test bundle (`swift build` puts both in the same folder).
  static var path: String? {
    var candidates: [URL] = []
    if let env = ProcessInfo.processInfo.environment["CCS_BIN"] {
      candidates.append(URL(fileURLWithPath: env))
    }
    let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    candidates.append(bundleDir.appendingPathComponent("ccs"))
    candidates.append(bundleDir.deletingLastPathComponent().appendingPathComponent("ccs"))
    candidates.append(repoRoot.appendingPathComponent(".build/debug/ccs"))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path
  }

  /// Writing to a child that has exited must fail with EPIPE, not kill the test process.
  static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

  struct Result {
    var stdout: String
    var stderr: String
    var status: Int32
  }

  /// At most this many ccs processes run at once. Hundreds of golden cases start together;
  /// unbounded, they oversubscribe a 2-core machine so much that a one-second example passed
  /// its 30-second timeout and every timing-sensitive suite (terminal, streams) ran late.
  static let concurrentProcesses = DispatchSemaphore(
    value: max(2, ProcessInfo.processInfo.activeProcessorCount * 2))

  /// Runs ccs with arguments, standard input and extra environment, in `directory`.
  ///
  /// The wait happens on a thread of its own, never on the cooperative pool: hundreds of
  /// golden cases run at once, and blocking the pool's two threads starved every other suite's
  /// async work (timeouts fired late, servers answered late). The timeout counts from the
  /// process's start, not from the wait for a free slot.
  static func run(
    _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
    directory: URL? = nil, timeout: TimeInterval = 30
  ) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        concurrentProcesses.wait()
        defer { concurrentProcesses.signal() }
        continuation.resume(
          with: Swift.Result {
            try runBlocking(
              arguments, stdin: stdin, environment: environment, directory: directory,
              timeout: timeout)
          })
      }
    }
  }

  private static func runBlocking(
    _ arguments: [String], stdin: String?, environment: [String: String], directory: URL?,
    timeout: TimeInterval
  ) throws -> Result {
    guard let path else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "100"
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    _ = ignoreBrokenPipes
    try process.run()
    let outData = ReadAll(out.fileHandleForReading)
    let errData = ReadAll(err.fileHandleForReading)
    if let stdin {
      // A program may stop reading early (`first 2`): the rest of the write fails with EPIPE.
      try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
      try? input.fileHandleForWriting.close()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(2000) }
    if process.isRunning {
      // A child that exited but was not reaped yet (Foundation's watch of its children can
      // lag on a loaded machine) is a zombie: reap it here rather than report a hang.
      let pid = process.processIdentifier
      let state = Self.state(of: pid)
      var status: Int32 = 0
      if state == "Z", waitpid(pid, &status, 0) == pid {
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
        return Result(stdout: outData.wait(), stderr: errData.wait(), status: code)
      }
      process.terminate()
      process.waitUntilExit()
      return Result(
        stdout: outData.wait(), stderr: errData.wait() + "\n<timed out in state \(state)>",
        status: -1)
    }
    process.waitUntilExit()
    return Result(stdout: outData.wait(), stderr: errData.wait(), status: process.terminationStatus)
  }

  /// The state letter of a process from `/proc/PID/stat` (`R`, `S`, `Z`…), `?` if unknown.
  private static func state(of pid: Int32) -> String {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return "?" }
    return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first.map {
      String($0)
    } ?? "?"
  }
}

/// Reads a pipe to its end on a background thread (so a chatty child cannot block).
final class ReadAll: @unchecked Sendable {
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    Thread.detachNewThread { [self] in
      data = handle.readDataToEndOfFile()
      done.signal()
    }
  }

  func wait() -> String {
    done.wait()
    return String(decoding: data, as: UTF8.self)
  }
}
