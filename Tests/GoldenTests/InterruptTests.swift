import Foundation
import Testing

/// Ctrl-C (SIGINT) cancels the running program and exits with status 130.
struct InterruptTests {
  @Test func sigintExitsWith130() throws {
    guard let path = CCSBinary.path else { return }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["-c", "print started; sleep 30sec; print finished"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let started = out.fileHandleForReading.availableData
    #expect(String(decoding: started, as: UTF8.self).contains("started"))
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
  }

  /// Programs that run long without emitting anything: loops that drain or filter a stream,
  /// and a catastrophic regex inside one match. Each must end with 130 soon after Ctrl-C.
  @Test(
    arguments: [
      "seq 1 9223372036854775807 | where $it < 0 | length",
      "seq 1 9223372036854775807 | where $it < 0 | ignore",
      "seq 1 9223372036854775807 | each {|n| $n * 2} | where $it < 0 | first",
      "generate 1 {|n| $n + 1} | skip-while {|n| $n > 0} | first",
      "('x' * 5000) =~ '(x+x+)+y'",
      "'x' * 5000 | str replace --regex '(x+x+)+y' z",
    ])
  func sigintStopsALongSilentLoop(program: String) throws {
    guard let path = CCSBinary.path else { return }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["-c", "print started; \(program)"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let started = out.fileHandleForReading.availableData
    #expect(String(decoding: started, as: UTF8.self).contains("started"))
    Thread.sleep(forTimeInterval: 0.3)  // well inside the loop or the match
    #expect(process.isRunning)
    let sent = Date()
    kill(process.processIdentifier, SIGINT)
    while process.isRunning, Date().timeIntervalSince(sent) < 5 { usleep(5_000) }
    let waited = Date().timeIntervalSince(sent)
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(waited < 1, "took \(waited)s to stop after Ctrl-C")
  }
}
