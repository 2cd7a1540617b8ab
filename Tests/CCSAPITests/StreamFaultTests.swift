import CCS
import CCSRuntime
import Foundation
import Testing

@testable import CCSAPI

/// Reconnecting streams against the sandbox's faults over loopback: each faulty stream must
/// deliver exactly the events of the same stream without faults, in order.
@Suite("Stream faults against the sandbox", .serialized)
struct StreamFaultTests {
  /// Short waits so a test with many reconnections stays quick (the Cloudron server asks for
  /// `retry: 3000`; the cap is part of the policy).
  static let fastPolicy = ReconnectPolicy(
    maxAttempts: 20, initialDelay: .milliseconds(5), maxDelay: .milliseconds(50),
    maxServerRetry: .milliseconds(20), heartbeatTimeout: .milliseconds(400))

  static let ids = """
    let base = (profile list | where name == "sandbox-clever" | first | get base_url)
    let org = (http get "$base/v2/organisations" --profile sandbox-clever | first | get id)
    let app = (http get "$base/v2/organisations/$org/applications" --profile sandbox-clever | first | get id)

    """

  /// The ids of 250 history events, through `clever logs`.
  static let cleverLogs =
    "clever logs --owner $org --app $app --since \"2025-12-31T23:00:00Z\" --limit 250 | each {|e| $e.id? | default \"gap\" }"

  func strings(_ v: Value) -> [String] { (v.listItems ?? []).map { Render.plainText($0) } }

  /// A stream's items (collected), or a list's.
  func collected(_ v: Value) async throws -> [String] {
    if case .stream(let s) = v { return strings(.list(try await s.collect())) }
    return strings(v)
  }

  func cleverRun(_ h: SandboxHarness, faults: String?) async throws -> [String] {
    h.api.streamPolicy = Self.fastPolicy
    try await h.eval(Self.ids)
    if let faults { try await h.setFaults(faults) }
    let v = try await collected(try await h.eval(Self.cleverLogs))
    try await h.adminSend(.delete, "faults")
    return v
  }

  @Test(
    "Clever logs: every fault delivers exactly the fault-free events, in order, and no gap",
    arguments: [
      #"{"dropStreamAfterEvents":40}"#,
      #"{"dropStreamProbability":0.02}"#,
      #"{"dropStreamAfterEvents":60,"serverErrorRate":0.3}"#,
      #"{"stallStreamAfterEvents":70}"#,
    ])
  func cleverFaults(faults: String) async throws {
    try await SandboxHarness.with(verbose: true) { h in
      let clean = try await cleverRun(h, faults: nil)
      #expect(clean.count == 250)
      #expect(Set(clean).count == 250)
      let faulty = try await cleverRun(h, faults: faults)
      #expect(faulty == clean)
      #expect(!faulty.contains("gap"))
      #expect(h.verboseLines.contains { $0.hasPrefix("~ stream:") }, "no reconnection happened")
      let resumed = try await h.requests().filter {
        $0.path.hasSuffix("/logs") && $0.headers["last-event-id"] != nil
      }
      #expect(!resumed.isEmpty, "no request carried Last-Event-ID")
    }
  }

  @Test("the gap warning appears when events carry no id, once per reconnection")
  func gapWhenEventsHaveNoIDs() async throws {
    try await SandboxHarness.with { h in
      h.api.streamPolicy = Self.fastPolicy
      try await h.eval(Self.ids)
      try await h.setFaults(#"{"omitEventIDs":true,"dropStreamAfterEvents":30}"#)
      let v = try await h.eval(
        "clever logs --owner $org --app $app --since \"2025-12-31T23:00:00Z\" --limit 70 | where {|e| $e.event? == \"gap\"} | length"
      )
      // 70 events, 30 per connection: reconnections after 30 and 60 events.
      #expect(Render.plainText(v) == "2")
    }
  }

  @Test("a stream that cannot be (re)connected fails with the attempts and the reason")
  func retryLimit() async throws {
    try await SandboxHarness.with { h in
      h.api.streamPolicy = ReconnectPolicy(
        maxAttempts: 2, initialDelay: .milliseconds(5), maxDelay: .milliseconds(10))
      let v = try await h.eval(
        Self.ids + """
          http post "$base/__sandbox/faults" --body {serverErrorRate: 1} | ignore
          try { clever logs --owner $org --app $app --limit 5 | length } catch {|e| [$e.kind $e.attempts $e.reason] }
          """)
      let items = strings(v)
      #expect(items.count == 3)
      #expect(items.first == "stream")
      #expect(items.dropFirst().first == "2")
      #expect(items.last?.hasPrefix("500") == true)
    }
  }

  @Test("first 5 on a live watch returns and the sandbox sees the connection closed")
  func firstFiveClosesTheConnection() async throws {
    try await SandboxHarness.with { h in
      func openStreams() async throws -> Int {
        let r = try await h.adminSend(.get, "streams")
        let json = try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]
        return json?["open"] as? Int ?? -1
      }
      let before = try await openStreams()
      let v = try await h.eval(
        Self.ids + "watch clever logs --owner $org --app $app | first 5 | length")
      #expect(Render.plainText(v) == "5")
      // Other tests' stalled connections may still be open on the shared sandbox: compare.
      var open = -1
      for _ in 0..<100 {
        open = try await openStreams()
        if open <= before { break }
        try await Task.sleep(for: .milliseconds(20))
      }
      #expect(open <= before, "the sandbox still has the stream open")
    }
  }

  @Test("Cloudron task log: drops and 5xx deliver every line of the task once, in order")
  func cloudronTaskLog() async throws {
    try await SandboxHarness.with(verbose: true) { h in
      h.api.streamPolicy = Self.fastPolicy
      let admin = h.endpoints.adminURL
      try await h.adminSend(.post, "settings", json: #"{"taskDurationMilliseconds":1500}"#)
      defer {
        Task {
          try? await h.adminSend(.post, "settings", json: #"{"taskDurationMilliseconds":300}"#)
        }
      }
      try await h.setFaults(#"{"dropStreamAfterEvents":4,"serverErrorRate":0.2}"#)
      let v = try await h.eval(
        """
        let t = (try { cloudron updater update --yes } catch { try { cloudron updater update --yes } catch { cloudron updater update --yes } })
        let streamed = (cloudron tasks logstream $t.taskId --lines 3 | each {|l| $l.message } | first 10000)
        http delete "\(admin)/faults" --yes | ignore
        let full = (cloudron tasks logs $t.taskId --format json | from ndjson | each {|l| $l.message })
        {streamed: $streamed, full: $full}
        """)
      let streamed = strings(v.recordValue?["streamed"] ?? .null)
      let full = strings(v.recordValue?["full"] ?? .null)
      #expect(full.count >= 6)
      #expect(streamed == full)
      #expect(!streamed.contains("gap"))
    }
  }

  @Test("Cloudron log records have datetimes; --raw keeps the event")
  func cloudronTypedRecords() async throws {
    try await SandboxHarness.with { h in
      let v = try await h.eval(
        """
        let t = (cloudron tasks list | first)
        [(cloudron tasks logstream $t.id | first | get realtimeTimestamp | describe)
         (cloudron tasks logstream $t.id --raw | first | columns)]
        """)
      #expect(strings(v) == ["date", #"["event","id","data"]"#])
    }
  }
}
