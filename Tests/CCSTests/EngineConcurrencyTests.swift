import CCS
import Foundation
import Testing

@Suite("Engine: cancellation and concurrency")
struct EngineConcurrencyTests {
  /// An endless live stream, one value every 10 ms, that records when it is closed.
  static func ticker(closed: Locked<Bool>) -> BuiltinCommand {
    BuiltinCommand("ticks", category: "host", summary: "Stream a number every 10 ms, forever") {
      _, _ in
      let n = Locked(0)
      return .stream(
        ValueStream(
          live: true,
          next: {
            try await Task.sleep(for: .milliseconds(10))
            return .int(
              n.withLock { count -> Int in
                count += 1; return count
              })
          }, onCancel: { closed.withLock { $0 = true } }))
    }
  }

  @Test(.timeLimit(.minutes(1)))
  func cancellationFromAnotherTaskStopsARunningStream() async throws {
    let (engine, _) = try await quietEngine()
    let closed = Locked(false)
    await engine.register(Self.ticker(closed: closed))
    let received = Locked(0)
    let handle = engine.cancellation
    let run = Task {
      await engine.run(source: "ticks") { value in
        guard case .stream(let stream) = value else { return }
        while try await stream.next() != nil { received.withLock { $0 += 1 } }
      }
    }
    while received.withLock({ $0 }) < 3 { try await Task.sleep(for: .milliseconds(5)) }
    #expect(handle.isRunning)
    Task.detached { handle.cancel() }
    let result = await run.value
    #expect(result.status == .cancelled)
    #expect(result.exitCode == 130)
    #expect(closed.withLock { $0 }, "the stream was closed")
    #expect(!handle.isRunning)
    // The engine is usable afterwards, and a cancel with nothing running changes nothing.
    handle.cancel()
    #expect(await engine.run(source: "1 + 1").value == .int(2))
  }

  @Test(.timeLimit(.minutes(1)))
  func concurrentRunsOnOneEngineWaitTheirTurn() async throws {
    let (engine, _) = try await quietEngine()
    let intervals = Locked<[(ContinuousClock.Instant, ContinuousClock.Instant)]>([])
    await engine.register(
      BuiltinCommand("hold", category: "host", summary: "Hold the engine for 100 ms") { _, _ in
        let start = ContinuousClock.now
        try await Task.sleep(for: .milliseconds(100))
        intervals.withLock { $0.append((start, ContinuousClock.now)) }
        return .null
      })
    await withTaskGroup(of: Evaluation.self) { group in
      for i in 0..<4 { group.addTask { await engine.run(source: "hold\nlet last = \(i)") } }
      for await result in group { #expect(result.succeeded) }
    }
    let sorted = intervals.withLock { $0 }.sorted { $0.0 < $1.0 }
    #expect(sorted.count == 4)
    for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.1 <= b.0, "evaluations overlapped") }
  }

  @Test(.timeLimit(.minutes(1)))
  func aWaitingRunCancelledByItsTaskNeverStarts() async throws {
    let (engine, _) = try await quietEngine()
    let closed = Locked(false)
    await engine.register(Self.ticker(closed: closed))
    let first = Task { await engine.run(source: "ticks | first 30 | length") }
    while !engine.cancellation.isRunning { try await Task.sleep(for: .milliseconds(1)) }
    let waiting = Task { await engine.run(source: "let ran = true") }
    try await Task.sleep(for: .milliseconds(20))
    waiting.cancel()
    #expect(await waiting.value.status == .cancelled)
    #expect(await first.value.value == .int(30))
    #expect(await engine.variable(named: "ran") == nil)
  }

  @Test(.timeLimit(.minutes(2)))
  func twoEnginesInParallelUseTheirOwnProfiles() async throws {
    // Two sandboxes, each reached by an engine whose environment defines its Cloudron profile.
    var sandboxConfiguration = Engine.Configuration()
    sandboxConfiguration.connection = .sandbox()
    sandboxConfiguration.standardError = BufferSink()
    let a = try await Engine(sandboxConfiguration)
    let b = try await Engine(sandboxConfiguration)
    let addressA = try #require(a.sandbox)
    let addressB = try #require(b.sandbox)
    func client(_ cloudron: URL) async throws -> Engine {
      var c = Engine.Configuration()
      c.connection = .profiles()
      c.standardOutput = BufferSink()
      c.standardError = BufferSink()
      let domain = cloudron.absoluteString.replacingOccurrences(of: "/api/v1", with: "")
      c.environment = [
        "HOME": "/nonexistent-ccs-test-home", "CLOUDRON_DOMAIN": domain,
        "CLOUDRON_TOKEN": "cloudron-demo-owner-token-rw",
      ]
      return try await Engine(c)
    }
    let engineA = try await client(addressA.cloudronBaseURL)
    let engineB = try await client(addressB.cloudronBaseURL)
    async let resultA = engineA.run(source: "cloudron tokens list | length")
    async let resultB = engineB.run(source: "cloudron notifications list | length")
    let (ra, rb) = await (resultA, resultB)
    #expect(ra.succeeded, "\(ra.diagnostics)")
    #expect(rb.succeeded, "\(rb.diagnostics)")
    let logA = try await recordedRequests(addressA.adminURL)
    let logB = try await recordedRequests(addressB.adminURL)
    #expect(
      logA.contains { $0.hasSuffix("/api/v1/tokens") }
        && !logA.contains { $0.contains("notifications") })
    #expect(
      logB.contains { $0.contains("/api/v1/notifications") }
        && !logB.contains { $0.hasSuffix("/tokens") })
  }
}
