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
}
