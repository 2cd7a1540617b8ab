import Foundation
import Testing

/// Ctrl-C (SIGINT) cancels the running program and exits with status 130.
struct InterruptTests {
  /// What happened to a process interrupted by ``interrupt(_:after:)``.
  struct Interrupted: Sendable {
    var printedStarted = false
    var wasRunning = false
    var status: Int32 = -1
    /// Seconds from SIGINT to the end of the process (5 or more: it was killed).
    var seconds: TimeInterval = 0
  }

  /// Runs ccs with `arguments` until it prints "started", lets it run `delay` seconds more,
  /// sends SIGINT and waits up to 5 s for it to end. Runs on a thread of its own: the waits
  /// block, and must not hold one of the cooperative pool's threads.
  static func interrupt(
    _ arguments: [String], after delay: TimeInterval, standardInput: FileHandle = .nullDevice
  ) async throws -> Interrupted {
    guard let path = CCSBinary.path else { return Interrupted() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    process.standardInput = standardInput
    try process.run()
    return await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        var result = Interrupted()
        var seen = ""
        while !seen.contains("started") {
          let chunk = out.fileHandleForReading.availableData
          if chunk.isEmpty { break }
          seen += String(decoding: chunk, as: UTF8.self)
        }
        result.printedStarted = seen.contains("started")
        Thread.sleep(forTimeInterval: delay)
        result.wasRunning = process.isRunning
        let sent = Date()
        kill(process.processIdentifier, SIGINT)
        while process.isRunning, Date().timeIntervalSince(sent) < 5 { usleep(5_000) }
        result.seconds = Date().timeIntervalSince(sent)
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        result.status = process.terminationStatus
        continuation.resume(returning: result)
      }
    }
  }

  @Test func sigintExitsWith130() async throws {
    guard CCSBinary.path != nil else { return }
    let run = try await Self.interrupt(
      ["-c", "print started; sleep 30sec; print finished"], after: 0)
    #expect(run.printedStarted)
    #expect(run.status == 130)
  }

  /// Programs that run long without emitting anything: loops that drain or filter a stream,
  /// and one long regex search (linear in the text, but 10 million scalars of it, with no
  /// literal to skip ahead to). Each must end with 130 soon after Ctrl-C.
  @Test(
    arguments: [
      "seq 1 9223372036854775807 | where $it < 0 | length",
      "seq 1 9223372036854775807 | where $it < 0 | ignore",
      "seq 1 9223372036854775807 | each {|n| $n * 2} | where $it < 0 | first",
      "generate 1 {|n| $n + 1} | skip-while {|n| $n > 0} | first",
      "('x' * 10000000) =~ '(x+x+)+y'",
      "'x' * 10000000 | str replace --regex '(x+x+)+y' z",
    ])
  func sigintStopsALongSilentLoop(program: String) async throws {
    guard CCSBinary.path != nil else { return }
    let run = try await Self.interrupt(["-c", "print started; \(program)"], after: 0.3)
    #expect(run.printedStarted)
    #expect(run.wasRunning)
    #expect(run.status == 130)
    #expect(run.seconds < 1, "took \(run.seconds)s to stop after Ctrl-C")
  }

  /// Standard input that never ends, read one chunk ahead of the pipeline on another task:
  /// Ctrl-C still ends a pipeline that drains it without emitting.
  @Test func sigintStopsDrainingAnEndlessStandardInput() async throws {
    guard CCSBinary.path != nil else { return }
    // A thread writes lines until the write fails: once ccs has ended and our read end is
    // closed, the pipe has no reader left (EPIPE; SIGPIPE is ignored).
    _ = CCSBinary.ignoreBrokenPipes
    let pipe = Pipe()
    let lines = Data(
      String(repeating: "{\"n\": 1, \"message\": \"connection reset\"}\n", count: 1000).utf8)
    let writer = pipe.fileHandleForWriting
    Thread.detachNewThread {
      while (try? writer.write(contentsOf: lines)) != nil {}
      try? writer.close()
    }
    defer { try? pipe.fileHandleForReading.close() }
    let run = try await Self.interrupt(
      ["-c", "let s = (print started); from ndjson | where n < 0 | length"], after: 0.3,
      standardInput: pipe.fileHandleForReading)
    #expect(run.printedStarted)
    #expect(run.wasRunning)
    #expect(run.status == 130)
    #expect(run.seconds < 1, "took \(run.seconds)s to stop after Ctrl-C")
  }

  /// Waiting and following over the network: a task wait between two polls, a live log
  /// stream, a `watch --every` loop. Each ends with 130 within a second of Ctrl-C.
  @Test(
    arguments: [
      """
      let admin = (profile list | where name == "sandbox-clever" | first | get base_url)
      http post "$admin/__sandbox/settings" --body {taskDurationMilliseconds: 60000} | ignore
      let t = (cloudron external-ldap sync)
      print started
      cloudron tasks wait $t.taskId --interval 10sec --follow
      """,
      """
      let owner = (clever organisations list | first | get id)
      let app = (clever applications list --owner $owner | first | get id)
      print started
      watch clever logs --owner $owner --app $app | ignore
      """,
      "print started; watch --every 10sec { cloudron tasks list | length } | ignore",
    ])
  func sigintStopsWaitsAndStreams(program: String) async throws {
    guard CCSBinary.path != nil else { return }
    let run = try await Self.interrupt(["--sandbox", "-c", program], after: 0.5)
    #expect(run.printedStarted)
    #expect(run.wasRunning)
    #expect(run.status == 130)
    #expect(run.seconds < 1, "took \(run.seconds)s to stop after Ctrl-C")
  }
}
