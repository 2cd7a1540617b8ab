import CCS
import CCSRuntime
import Foundation
import Testing

@testable import CCSAPI

/// Live completion never holds up typing, caches only answers, and runs beside the session
/// without sharing its interpreter (run this suite under `--sanitize=thread`).
@Suite("Live completion", .serialized)
struct LiveCompletionTests {
  struct Failure: Error, CustomStringConvertible {
    var description: String { "connection refused" }
  }

  /// Counts calls of a fetch.
  final class Calls: Sendable {
    private let count = Locked(0)
    func bump() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
  }

  /// Runs `body` on its own thread, as the line editor calls the completer, and returns its
  /// result and how long it took: blocking waits never hold a thread of the cooperative pool.
  static func onEditorThread(
    _ body: @escaping @Sendable () -> ValueCompletion
  ) async
    -> (ValueCompletion, Duration)
  {
    await withCheckedContinuation { continuation in
      Thread {
        let clock = ContinuousClock()
        var answer = ValueCompletion.none
        let elapsed = clock.measure { answer = body() }
        continuation.resume(returning: (answer, elapsed))
      }.start()
    }
  }

  /// Tabs every 100 ms (at most 10 s) until the answer is not "still waiting".
  static func eventually(
    _ cache: LiveCompletionCache, _ what: String,
    _ fetch: @escaping @Sendable () async throws -> [CompletionCandidate],
    until done: @escaping (ValueCompletion) -> Bool = { _ in true }
  ) async throws -> ValueCompletion {
    var answer = ValueCompletion.none
    for _ in 0..<100 {
      answer = await onEditorThread { cache.lookup("k", what: what, fetch: fetch) }.0
      if answer != .unavailable("\(what): still waiting for the API; press Tab again"), done(answer)
      {
        break
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    return answer
  }

  @Test("a slow lookup answers within the wait, then from the cache")
  func slowLookup() async throws {
    let cache = LiveCompletionCache(wait: .milliseconds(100))
    let calls = Calls()
    let fetch: @Sendable () async throws -> [CompletionCandidate] = {
      calls.bump()
      try await Task.sleep(for: .milliseconds(600))
      return [CompletionCandidate("7", description: "backup · done")]
    }
    let (answer, elapsed) = await Self.onEditorThread {
      cache.lookup("k", what: "tasks", fetch: fetch)
    }
    #expect(elapsed < .milliseconds(400))
    guard case .unavailable(let message) = answer else {
      Issue.record("expected a message, got \(answer)")
      return
    }
    #expect(message.contains("still waiting"))
    // A second Tab while the fetch runs does not start another.
    let later = try await Self.eventually(cache, "tasks", fetch)
    #expect(later == .candidates([CompletionCandidate("7", description: "backup · done")]))
    #expect(calls.value == 1)
  }

  @Test("a failed lookup is reported once and not cached as no candidates")
  func failureNotCached() async throws {
    let cache = LiveCompletionCache(wait: .milliseconds(500))
    let calls = Calls()
    let failing: @Sendable () async throws -> [CompletionCandidate] = {
      calls.bump()
      throw Failure()
    }
    #expect(
      try await Self.eventually(cache, "tokens", failing)
        == .unavailable("tokens failed: connection refused"))
    let working: @Sendable () async throws -> [CompletionCandidate] = {
      calls.bump()
      return [CompletionCandidate("t1")]
    }
    #expect(
      try await Self.eventually(cache, "tokens", working)
        == .candidates([CompletionCandidate("t1")]))
    #expect(calls.value == 2)
  }

  @Test("a timed-out fetch is abandoned without an entry")
  func timeoutNotCached() async throws {
    let cache = LiveCompletionCache(wait: .milliseconds(50), fetchTimeout: .milliseconds(100))
    let never: @Sendable () async throws -> [CompletionCandidate] = {
      try await Task.sleep(for: .seconds(30))
      return [CompletionCandidate("late")]
    }
    _ = await Self.onEditorThread { cache.lookup("k", what: "apps", fetch: never) }
    for _ in 0..<100 where cache.isFetching("k") { try await Task.sleep(for: .milliseconds(100)) }
    #expect(!cache.isFetching("k"))
    let after = try await Self.eventually(cache, "apps", { [CompletionCandidate("a")] }) {
      $0 == .candidates([CompletionCandidate("a")])
    }
    #expect(after == .candidates([CompletionCandidate("a")]))
  }

  @Test("a stale entry answers at once and is refreshed in the background")
  func staleWhileRefreshing() async throws {
    let cache = LiveCompletionCache(freshFor: .zero, wait: .milliseconds(500))
    #expect(
      try await Self.eventually(cache, "apps", { [CompletionCandidate("old")] })
        == .candidates([CompletionCandidate("old")]))
    let slowNew: @Sendable () async throws -> [CompletionCandidate] = {
      try await Task.sleep(for: .milliseconds(200))
      return [CompletionCandidate("new")]
    }
    let (answer, elapsed) = await Self.onEditorThread {
      cache.lookup("k", what: "apps", fetch: slowNew)
    }
    #expect(answer == .candidates([CompletionCandidate("old")]))
    #expect(elapsed < .milliseconds(300))
    let refreshed = try await Self.eventually(cache, "apps", slowNew) {
      $0 == .candidates([CompletionCandidate("new")])
    }
    #expect(refreshed == .candidates([CompletionCandidate("new")]))
  }

  @Test(
    "descriptions name a record and a task's type and state",
    arguments: [
      (["id": Value.string("5"), "name": .string("ci")], "ci"),
      (
        [
          "id": .string("5"), "type": .string("backup"), "active": .bool(false),
          "success": .bool(true),
        ], "backup · done"
      ),
      (["id": .string("5"), "type": .string("update"), "active": .bool(true)], "update · running"),
      (
        [
          "id": .string("app-1"), "fqdn": .string("web.example.com"), "state": .string("installed"),
        ], "web.example.com · installed"
      ),
    ])
  func describe(fields: Dictionary<String, CCSRuntime.Value>, expected: String) {
    let record = Record(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    #expect(LiveCandidates.describe(record, value: "5") == expected)
  }

  @Test("against a slow API: Tab answers within the wait while statements run beside the fetch")
  func slowSandboxBesideStatements() async throws {
    LiveCompletionCache.shared.removeAll()
    try await SandboxHarness.with { h in
      try await h.setFaults(#"{"responseDelayMilliseconds": 1200}"#)
      let interpreter = h.engine.runtime
      _ = try await h.eval("let n = 0")
      let command = try #require(interpreter.registry.command(named: "cloudron tasks get"))
      let (first, elapsed) = await Self.onEditorThread {
        command.completions(for: "id", interpreter: interpreter)
      }
      #expect(elapsed < .milliseconds(1000))
      guard case .unavailable = first else {
        Issue.record("expected the lookup to be still running, got \(first)")
        return
      }
      // The user's statements run on the session's interpreter while the fetch is in flight.
      for i in 0..<20 {
        _ = try await h.eval("mut m = \(i); $m = $m + 1; let n = [$m] | length")
      }
      try await h.setFaults("{}")
      var answer = ValueCompletion.none
      for _ in 0..<40 {
        answer = await Self.onEditorThread {
          command.completions(for: "id", interpreter: interpreter)
        }.0
        if case .candidates = answer { break }
        try await Task.sleep(for: .milliseconds(100))
      }
      guard case .candidates(let values) = answer else {
        Issue.record("no candidates: \(answer)")
        return
      }
      #expect(values.count >= 10)
      #expect(values.allSatisfy { !$0.description.isEmpty })
    }
  }
}
