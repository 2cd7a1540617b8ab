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

  @Test("a slow lookup answers within the wait, then from the cache")
  func slowLookup() async throws {
    let cache = LiveCompletionCache(wait: .milliseconds(100))
    let calls = Calls()
    let fetch: @Sendable () async throws -> [CompletionCandidate] = {
      calls.bump()
      try await Task.sleep(for: .milliseconds(600))
      return [CompletionCandidate("7", description: "backup · done")]
    }
    let clock = ContinuousClock()
    var answer = ValueCompletion.none
    let elapsed = clock.measure { answer = cache.lookup("k", what: "tasks", fetch: fetch) }
    #expect(elapsed < .milliseconds(400))
    guard case .unavailable(let message) = answer else {
      Issue.record("expected a message, got \(answer)")
      return
    }
    #expect(message.contains("still waiting"))
    // A second Tab while the fetch runs does not start another.
    _ = cache.lookup("k", what: "tasks", fetch: fetch)
    // Later Tabs find the answer once it has arrived (polled: the test machine may be loaded).
    var later = ValueCompletion.none
    for _ in 0..<100 {
      try await Task.sleep(for: .milliseconds(100))
      later = cache.lookup("k", what: "tasks", fetch: fetch)
      if case .candidates = later { break }
    }
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
    #expect(cache.lookup("k", what: "tokens", fetch: failing) == .unavailable("tokens failed: connection refused"))
    let working: @Sendable () async throws -> [CompletionCandidate] = {
      calls.bump()
      return [CompletionCandidate("t1")]
    }
    #expect(cache.lookup("k", what: "tokens", fetch: working) == .candidates([CompletionCandidate("t1")]))
    #expect(calls.value == 2)
  }

  @Test("a timed-out fetch is abandoned without an entry")
  func timeoutNotCached() async throws {
    let cache = LiveCompletionCache(wait: .milliseconds(50), fetchTimeout: .milliseconds(100))
    let never: @Sendable () async throws -> [CompletionCandidate] = {
      try await Task.sleep(for: .seconds(30))
      return [CompletionCandidate("late")]
    }
    _ = cache.lookup("k", what: "apps", fetch: never)
    for _ in 0..<100 where cache.isFetching("k") { try await Task.sleep(for: .milliseconds(100)) }
    #expect(!cache.isFetching("k"))
    #expect(cache.lookup("k", what: "apps", fetch: { [CompletionCandidate("a")] }) == .candidates([CompletionCandidate("a")]))
  }

  @Test("a stale entry answers at once and is refreshed in the background")
  func staleWhileRefreshing() async throws {
    let cache = LiveCompletionCache(freshFor: .zero, wait: .milliseconds(500))
    #expect(cache.lookup("k", what: "apps", fetch: { [CompletionCandidate("old")] }) == .candidates([CompletionCandidate("old")]))
    let slowNew: @Sendable () async throws -> [CompletionCandidate] = {
      try await Task.sleep(for: .milliseconds(200))
      return [CompletionCandidate("new")]
    }
    let clock = ContinuousClock()
    var answer = ValueCompletion.none
    let elapsed = clock.measure { answer = cache.lookup("k", what: "apps", fetch: slowNew) }
    #expect(answer == .candidates([CompletionCandidate("old")]))
    #expect(elapsed < .milliseconds(150))
    var refreshed = ValueCompletion.none
    for _ in 0..<100 {
      try await Task.sleep(for: .milliseconds(100))
      refreshed = cache.lookup("k", what: "apps", fetch: slowNew)
      if refreshed == .candidates([CompletionCandidate("new")]) { break }
    }
    #expect(refreshed == .candidates([CompletionCandidate("new")]))
  }

  @Test("descriptions name a record and a task's type and state", arguments: [
    (["id": Value.string("5"), "name": .string("ci")], "ci"),
    (["id": .string("5"), "type": .string("backup"), "active": .bool(false), "success": .bool(true)], "backup · done"),
    (["id": .string("5"), "type": .string("update"), "active": .bool(true)], "update · running"),
    (["id": .string("app-1"), "fqdn": .string("web.example.com"), "state": .string("installed")], "web.example.com · installed"),
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
      let clock = ContinuousClock()
      var first = ValueCompletion.none
      let elapsed = clock.measure { first = command.completions(for: "id", interpreter: interpreter) }
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
        answer = command.completions(for: "id", interpreter: interpreter)
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
