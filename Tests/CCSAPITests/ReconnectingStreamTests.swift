import CCSRuntime
import Foundation
import Testing

@testable import CCSAPI

/// The reconnection logic against scripted connections and a fake clock: no network, no
/// real waiting.
@Suite("Reconnecting event streams")
struct ReconnectingStreamTests {
  static let clever = StreamBehavior(
    resume: .lastEventID, endEvent: "END_OF_STREAM", heartbeatEvents: ["HEARTBEAT"],
    limitParam: "limit")
  static let cloudron = StreamBehavior(
    resume: .dedupe, activeCheck: .init(path: "/t/{id}", field: "active"))

  static func event(_ id: String?, _ data: String, name: String? = nil) -> String {
    (name.map { "event: \($0)\n" } ?? "") + (id.map { "id: \($0)\n" } ?? "") + "data: \(data)\n\n"
  }

  /// Every item of the stream: event data, or `gap`.
  static func drain(_ stream: ReconnectingEventStream) async throws -> [String] {
    var out: [String] = []
    while let item = try await stream.next() {
      switch item {
      case .event(let e): out.append(e.data)
      case .gap: out.append("gap")
      }
    }
    return out
  }

  @Test("a drop resumes with Last-Event-ID and ends at END_OF_STREAM, nothing lost or repeated")
  func resumesWithLastEventID() async throws {
    let fake = FakeEventConnections([
      .open(
        [Self.event("1", "a"), Self.event("2", "b") + "event: HEARTBEAT\ndata: {}\n\n"], end: .close
      ),
      .open([Self.event("3", "c"), "event: END_OF_STREAM\ndata: {}\n\n"], end: .hang),
    ])
    let items = try await Self.drain(fake.stream(Self.clever))
    #expect(items == ["a", "b", "c"])
    let requests = fake.requests.withLock { $0 }
    #expect(requests.count == 2)
    #expect(requests[0].headers["Last-Event-ID"] == nil)
    #expect(requests[1].headers["Last-Event-ID"] == "2")
    #expect(requests[1].url.query == "limit=8", "the resumed request asks only for what is due")
    #expect(fake.sleeps.withLock { $0 } == [.milliseconds(500)])
    #expect(fake.closes.withLock { $0 } == 2, "both connections are closed")
  }

  @Test("backoff doubles, is capped, honours retry:, and the attempt count restarts after an event")
  func backoff() async throws {
    let fake = FakeEventConnections([
      .open(["retry: 1000\n\n", Self.event("1", "a")], end: .reset),
      .status(503), .refused, .status(429),
      .open([Self.event("2", "b")], end: .close),
      .open(["event: END_OF_STREAM\ndata: {}\n\n"], end: .close),
    ])
    let policy = ReconnectPolicy(maxDelay: .milliseconds(3000), jitter: 0)
    let items = try await Self.drain(fake.stream(Self.clever, policy: policy))
    #expect(items == ["a", "b"])
    #expect(
      fake.sleeps.withLock { $0 } == [
        .seconds(1), .seconds(2), .seconds(3), .seconds(3), .seconds(1),
      ])
  }

  @Test("jitter takes off at most its fraction of the wait")
  func jitter() {
    let policy = ReconnectPolicy(initialDelay: .seconds(1), jitter: 0.5)
    #expect(policy.delay(attempt: 1, serverRetryMilliseconds: nil, random: 0) == .seconds(1))
    #expect(
      policy.delay(attempt: 2, serverRetryMilliseconds: nil, random: 0.5) == .milliseconds(1500))
    #expect(policy.delay(attempt: 40, serverRetryMilliseconds: nil, random: 0) == .seconds(30))
    #expect(
      policy.delay(attempt: 1, serverRetryMilliseconds: 999_999_999, random: 0) == .seconds(60))
  }

  @Test("after the retry limit the error says how many attempts and why")
  func retryLimit() async throws {
    let fake = FakeEventConnections(
      [.open([Self.event("1", "a")], end: .stall)] + Array(repeating: .status(502), count: 5))
    let stream = fake.stream(Self.clever, policy: ReconnectPolicy(maxAttempts: 3, jitter: 0))
    #expect(try await stream.next() == .event(SSEEvent(data: "a", id: "1")))
    await #expect(
      throws: StreamError.reconnectFailed(attempts: 3, reason: "502 Server Error", lastEventID: "1")
    ) {
      _ = try await stream.next()
    }
    #expect(fake.requests.withLock { $0.count } == 4)
  }

  @Test("a stalled connection is closed and resumed")
  func stall() async throws {
    let fake = FakeEventConnections([
      .open([Self.event("1", "a")], end: .stall),
      .open([Self.event("2", "b"), "event: END_OF_STREAM\ndata: {}\n\n"], end: .close),
    ])
    #expect(try await Self.drain(fake.stream(Self.clever)) == ["a", "b"])
    #expect(fake.closes.withLock { $0 } == 2)
  }

  @Test("a 401 on reconnect is not retried")
  func unauthorizedIsFinal() async throws {
    let fake = FakeEventConnections([.open([Self.event("1", "a")], end: .close), .status(401)])
    let stream = fake.stream(Self.clever)
    _ = try await stream.next()
    await #expect(throws: HTTPError.self) { _ = try await stream.next() }
  }

  @Test("replayed events are dropped by id; a replay that does not overlap is a gap")
  func dedupe() async throws {
    let active = Locked([true, true, false])
    let fake = FakeEventConnections([
      .open([Self.event("10", "a"), Self.event("11", "b")], end: .close),
      // The tail replays 10 and 11: no gap.
      .open([Self.event("10", "a"), Self.event("11", "b"), Self.event("12", "c")], end: .close),
      // The tail starts after what was delivered: a gap, then the new events.
      .open([Self.event("14", "e"), Self.event("15", "f")], end: .close),
      // Inactive now: one last connection drains the tail, then the stream ends.
      .open([Self.event("15", "f"), Self.event("16", "g")], end: .close),
    ])
    let stream = fake.stream(Self.cloudron, isActive: { active.withLock { $0.removeFirst() } })
    #expect(try await Self.drain(stream) == ["a", "b", "c", "gap", "e", "f", "g"])
    #expect(fake.requests.withLock { $0.allSatisfy { $0.headers["Last-Event-ID"] == nil } })
    #expect(fake.sleeps.withLock { $0.count } == 2, "the drain after the task ended does not wait")
  }

  @Test("events without ids: a reconnection after delivered events is a gap")
  func gapWithoutIDs() async throws {
    let fake = FakeEventConnections([
      .open([Self.event(nil, "a")], end: .close),
      .open([Self.event(nil, "b"), "event: END_OF_STREAM\ndata: {}\n\n"], end: .close),
    ])
    let stream = fake.stream(Self.clever)
    var items: [ReconnectingEventStream.Item] = []
    while let item = try await stream.next() { items.append(item) }
    #expect(items.count == 3)
    guard case .gap(let gap) = items[1] else {
      Issue.record("expected a gap, got \(items[1])")
      return
    }
    #expect(gap.reason.contains("no id"))
    #expect(gap.attempt == 1)
  }

  @Test("a reconnection before anything was delivered is no gap")
  func noGapBeforeDelivery() async throws {
    let fake = FakeEventConnections([
      .refused, .open([], end: .close),
      .open([Self.event(nil, "a"), "event: END_OF_STREAM\ndata: {}\n\n"], end: .close),
    ])
    #expect(try await Self.drain(fake.stream(Self.clever)) == ["a"])
  }

  @Test("204 ends the stream; a spent limit ends it without reconnecting")
  func endsWithoutReconnecting() async throws {
    let fake = FakeEventConnections([.open([Self.event("1", "a")], end: .close), .noContent])
    #expect(try await Self.drain(fake.stream(Self.clever)) == ["a"])
    let spent = FakeEventConnections(
      [.open((1...10).map { Self.event(String($0), "e\($0)") }, end: .close)])
    #expect(try await Self.drain(spent.stream(Self.clever)).count == 10)
    #expect(spent.requests.withLock { $0.count } == 1)
  }

  @Test("close() from another task ends a hanging connection at once")
  func closeWhileWaiting() async throws {
    let fake = FakeEventConnections([.open([Self.event("1", "a")], end: .hang)])
    let stream = fake.stream(Self.clever)
    _ = try await stream.next()
    async let rest = stream.next()
    stream.close()
    #expect(try await rest == nil)
    #expect(fake.closes.withLock { $0 } == 1)
  }

  @Test("cancellation interrupts a backoff wait")
  func cancelDuringBackoff() async throws {
    let fake = FakeEventConnections([.open([Self.event("1", "a")], end: .close)])
    let (waiting, signal) = AsyncStream<Void>.makeStream()
    let stream = ReconnectingEventStream(
      request: APIRequest(method: .get, url: URL(string: "http://fake/logs")!),
      behavior: Self.clever,
      policy: .standard, connect: fake.connect,
      sleep: { _ in
        // Tells the test it is waiting, then waits until cancelled (Task.sleep's contract).
        signal.yield()
        try await Task.sleep(for: .seconds(3600))
      })
    _ = try await stream.next()
    let task = Task { try await stream.next() }
    for await _ in waiting { break }
    task.cancel()
    await #expect(throws: CancellationError.self) { try await task.value }
  }

  @Test("the seen-id memory is bounded")
  func seenIDsBounded() {
    var seen = SeenEventIDs(capacity: 3)
    for id in ["a", "b", "c", "d"] { seen.insert(id) }
    #expect(seen.count == 3)
    #expect(!seen.contains("a"))
    #expect(seen.contains("d"))
  }

  @Test("x-ccs-stream is read from the catalog, and typos are errors")
  func catalogExtension() throws {
    let value = try YAMLCodec.decode(
      "resume: dedupe\ndates: {realtimeTimestamp: epoch-microseconds}\nactive-check: {path: \"/t/{id}\", field: active}\n"
    )
    let behavior = try StreamBehavior.parse(value)
    #expect(behavior.resume == .dedupe)
    #expect(behavior.dates["realtimeTimestamp"] == .epochMicroseconds)
    #expect(throws: CatalogStreamError.self) {
      try StreamBehavior.parse(try YAMLCodec.decode("resume: sometimes\n"))
    }
    #expect(throws: CatalogStreamError.self) {
      try StreamBehavior.parse(try YAMLCodec.decode("endevent: X\n"))
    }
  }

  @Test("log timestamps become dates; --raw keeps the event")
  func dates() {
    let behavior = StreamBehavior(dates: [
      "realtimeTimestamp": .epochMicroseconds, "date": .iso8601,
    ])
    let event = SSEEvent(
      data: #"{"realtimeTimestamp":1694092715000000,"date":"2026-01-01T00:00:00Z","n":"x"}"#,
      id: "7")
    let value = StreamItemDecoder.value(.event(event), behavior: behavior, raw: false)
    #expect(
      value.recordValue?["realtimeTimestamp"] == .date(Date(timeIntervalSince1970: 1_694_092_715)))
    #expect(value.recordValue?["date"] == .date(Date(timeIntervalSince1970: 1_767_225_600)))
    #expect(value.recordValue?["n"] == .string("x"))
    let raw = StreamItemDecoder.value(.event(event), behavior: behavior, raw: true)
    #expect(raw.recordValue?["data"] == .string(event.data))
    #expect(raw.recordValue?["id"] == .string("7"))
    #expect(StreamItemDecoder.date(.int(Int.max), .epochMicroseconds) == nil)
  }
}
