import CCSRuntime
import Dispatch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Live completion of resource ids, built so it never holds up typing.
///
/// A lookup answers from the cache at once; a stale entry is answered too and refreshed in the
/// background. With nothing cached the list command starts in the background and the lookup
/// waits at most `wait` (150 ms) for it; past that it says the values are still coming, and the
/// next Tab finds them. Only successful answers are cached: a failed or timed-out command
/// leaves no entry, so the next Tab tries again instead of offering nothing for 30 s.
///
/// The command runs on an isolated interpreter (``Interpreter/isolated(commands:)``) created
/// at Tab, never on the session's, so a fetch still running when the user presses Enter
/// shares no mutable state with the statement that then runs.
final class LiveCompletionCache: Sendable {
  static let shared = LiveCompletionCache()

  private struct Entry {
    var candidates: [CompletionCandidate]
    var fetched: ContinuousClock.Instant
  }

  private struct State {
    var entries: [String: Entry] = [:]
    /// Fetches running now; each group is left when its fetch ends.
    var inFlight: [String: DispatchGroup] = [:]
    /// Why the last fetch failed, reported once by the next lookup.
    var failures: [String: String] = [:]
  }

  private let state = Locked(State())
  /// How long an answer is served without a refresh.
  let freshFor: Duration
  /// How long a lookup with nothing cached waits for the fetch.
  let wait: Duration
  /// When a fetch is abandoned.
  let fetchTimeout: Duration

  init(
    freshFor: Duration = .seconds(30), wait: Duration = .milliseconds(150),
    fetchTimeout: Duration = .seconds(20)
  ) {
    self.freshFor = freshFor
    self.wait = wait
    self.fetchTimeout = fetchTimeout
  }

  /// The candidates under `key`, fetching them with `fetch` when missing or stale; `what`
  /// names the values in messages. Blocks the caller at most ``wait``.
  func lookup(
    _ key: String, what: String,
    fetch: @escaping @Sendable () async throws -> [CompletionCandidate]
  ) -> ValueCompletion {
    let now = ContinuousClock.now
    let (cached, group, failure) = state.withLock {
      s -> ([CompletionCandidate]?, DispatchGroup?, String?) in
      if let entry = s.entries[key], now - entry.fetched < freshFor {
        return (entry.candidates, nil, nil)
      }
      // A failure that ended since the last Tab is said once; the next Tab tries again.
      if s.inFlight[key] == nil, let failure = s.failures.removeValue(forKey: key) {
        return (s.entries[key]?.candidates, nil, failure)
      }
      let group = s.inFlight[key] ?? start(key, fetch, in: &s)
      return (s.entries[key]?.candidates, group, nil)
    }
    if let cached { return .candidates(cached) }
    if let failure { return .unavailable("\(what) failed: \(failure)") }
    if let group { _ = group.wait(timeout: .now() + .milliseconds(Int(wait.milliseconds))) }
    return state.withLock { s in
      if let entry = s.entries[key] { return .candidates(entry.candidates) }
      if let failure = s.failures.removeValue(forKey: key) {
        return .unavailable("\(what) failed: \(failure)")
      }
      return .unavailable("\(what): still waiting for the API; press Tab again")
    }
  }

  /// Whether a fetch for `key` is running (tests).
  func isFetching(_ key: String) -> Bool { state.withLock { $0.inFlight[key] != nil } }

  /// Forgets every entry (tests).
  func removeAll() { state.withLock { $0.entries = [:] } }

  private func start(
    _ key: String, _ fetch: @escaping @Sendable () async throws -> [CompletionCandidate],
    in s: inout State
  ) -> DispatchGroup {
    let group = DispatchGroup()
    group.enter()
    s.inFlight[key] = group
    s.failures[key] = nil
    let timeout = fetchTimeout
    Task.detached { [state] in
      let result = await Self.run(fetch, timeout: timeout)
      state.withLock { s in
        switch result {
        case .success(let candidates):
          s.entries[key] = Entry(candidates: candidates, fetched: .now)
        case .failure(let message):
          s.failures[key] = message
        }
        s.inFlight[key] = nil
      }
      group.leave()
    }
    return group
  }

  private enum FetchResult: Sendable {
    case success([CompletionCandidate])
    case failure(String)
  }

  private static func run(
    _ fetch: @escaping @Sendable () async throws -> [CompletionCandidate], timeout: Duration
  ) async -> FetchResult {
    await withTaskGroup(of: FetchResult?.self) { group in
      group.addTask {
        do {
          return .success(try await fetch())
        } catch {
          return .failure(
            String(describing: error).split(separator: "\n").first.map(String.init) ?? "error")
        }
      }
      group.addTask {
        try? await Task.sleep(for: timeout)
        return Task.isCancelled ? nil : .failure("no answer in \(timeout)")
      }
      var first: FetchResult?
      while first == nil, let next = await group.next() { first = next }
      group.cancelAll()
      return first ?? .failure("cancelled")
    }
  }
}

extension Duration {
  /// The duration in whole milliseconds.
  fileprivate var milliseconds: Int64 {
    components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
  }
}

/// Turns the records of a list command into completion candidates.
enum LiveCandidates {
  /// The most values a list offers.
  static let limit = 500

  /// Runs `command` on `interpreter` and takes `field` of each record, described by
  /// ``describe(_:value:)``.
  static func fetch(
    _ command: String, field: String, on interpreter: Interpreter
  ) async throws
    -> [CompletionCandidate]
  {
    var items: [Value] = []
    let value = try await interpreter.evaluate(command, name: "<completion>")
    if case .stream(let stream) = value {
      while items.count < limit, let item = try await stream.next() { items.append(item) }
    } else {
      items = Array((value.listItems ?? [value]).prefix(limit))
    }
    return items.compactMap { item in
      guard case .record(let r) = item, let v = r[field] else { return nil }
      let text = Render.plainText(v)
      return text.isEmpty ? nil : CompletionCandidate(text, description: describe(r, value: text))
    }
  }

  private static func isScalar(_ v: Value) -> Bool {
    switch v {
    case .string, .int, .float, .bool, .date: true
    default: false
    }
  }

  /// Keys that name a resource, best first.
  static let nameKeys = ["name", "label", "title", "fqdn", "location", "email", "username"]

  /// A short description of a record: its name-like field, then its type and state
  /// (`backup · done`). A task's state comes from `active`/`pending`/`success` when it has no
  /// `state` or `status` field.
  static func describe(_ record: Record, value: String) -> String {
    var parts: [String] = []
    func add(_ key: String) {
      guard let v = record[key], isScalar(v) else { return }
      let text = Render.plainText(v)
      if !text.isEmpty, text != value, !parts.contains(text) { parts.append(text) }
    }
    if let key = nameKeys.first(where: { record[$0].map(isScalar) ?? false }) { add(key) }
    add("type")
    if record["state"] != nil || record["status"] != nil {
      add("state")
      add("status")
    } else if case .bool(let active)? = record["active"] {
      let pending = record["pending"] == .bool(true)
      let success = record["success"] == .bool(true)
      parts.append(active ? "running" : pending ? "pending" : success ? "done" : "failed")
    }
    return parts.joined(separator: " · ")
  }
}

extension APICommand {
  /// Enum values of a parameter, or live ids from the catalog's `x-ccs-complete` list
  /// command, run in the background on an isolated interpreter.
  public func completions(for parameter: String, interpreter: Interpreter) -> ValueCompletion {
    if parameter == "profile", let api = APIContext.from(interpreter.context) {
      return .candidates(api.profileNames(api: spec.api).map { CompletionCandidate($0) })
    }
    let fields = spec.pathParams + spec.queryParams + spec.bodyFields
    guard let f = fields.first(where: { $0.flag == parameter }) else { return .none }
    guard let c = f.complete else { return .candidates(f.allowed.map { CompletionCandidate($0) }) }
    guard let list = interpreter.registry.command(named: c.command) else { return .none }
    // Ids differ between profiles: the profile is part of the key.
    var profile = ""
    if let api = APIContext.from(interpreter.context) {
      do { profile = try api.profile(for: spec.api)?.name ?? "" } catch {}
    }
    let key = [profile, c.command, c.field].joined(separator: "\u{0}")
    let isolated = interpreter.isolated(commands: [list])
    return LiveCompletionCache.shared.lookup(key, what: c.command) {
      try await LiveCandidates.fetch(c.command, field: c.field, on: isolated)
    }
  }
}
