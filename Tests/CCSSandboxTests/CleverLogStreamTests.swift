import Foundation
import Testing

@testable import CCSSandbox

/// Splits an SSE body into frames (text between blank lines).
func sseFrames(_ text: String) -> [String] {
  text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
}

/// The `data:` JSON of an SSE frame.
func sseData(_ frame: String) -> JSONValue? {
  guard let line = frame.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }) else {
    return nil
  }
  return JSONValue(parsing: Data(line.dropFirst("data: ".count).utf8))
}

func sseField(_ frame: String, _ name: String) -> String? {
  frame.split(separator: "\n").first { $0.hasPrefix("\(name): ") }.map {
    String($0.dropFirst(name.count + 2))
  }
}

@Suite("Clever Cloud application log stream (SSE)")
struct CleverLogStreamTests {
  static let documentedFields = [
    "id", "applicationId", "commitId", "deploymentId", "instanceId", "date", "zone", "region",
    "pid", "facility", "severity", "priority", "version", "service", "message",
  ]

  func logsPath(_ ids: SandboxHarness.CleverIDs, _ query: String) -> String {
    "/v4/logs/organisations/\(ids.orgId)/applications/\(ids.appId)/logs"
      + (query.isEmpty ? "" : "?\(query)")
  }

  @Test("frames are byte-exact: named events, id, one JSON data line, END_OF_STREAM on limit")
  func frameBytes() async throws {
    let body = try await withSandbox { sandbox in
      let ids = try await sandbox.cleverIDs()
      let result = try await sandbox.stream(logsPath(ids, "limit=3"), headers: sandbox.cleverAuth)
      #expect(result.status == 200)
      #expect(result.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true)
      #expect(result.outcome == .ended)
      return String(decoding: result.body, as: UTF8.self)
    }
    let frames = sseFrames(body)
    #expect(frames.count == 4)
    for frame in frames.prefix(3) {
      let lines = frame.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.count == 3)
      #expect(lines[0] == "event: APPLICATION_LOG")
      #expect(lines[1].hasPrefix("id: "))
      #expect(lines[2].hasPrefix("data: {\"id\":\""))
      let data = try #require(sseData(frame))
      #expect(data.objectMembers?.map(\.0) == Self.documentedFields)
      #expect(data.stringMember("id") == sseField(frame, "id"))
    }
    #expect(body.hasSuffix("event: END_OF_STREAM\ndata: {\"endedBy\":\"LIMIT_REACHED\"}\n\n"))

    // Same seed, same bytes.
    let again = try await withSandbox { sandbox in
      let ids = try await sandbox.cleverIDs()
      return String(
        decoding: try await sandbox.stream(logsPath(ids, "limit=3"), headers: sandbox.cleverAuth)
          .body, as: UTF8.self)
    }
    #expect(again == body)
  }

  @Test("until in the past ends with END_OF_STREAM UNTIL_REACHED")
  func untilReached() async throws {
    try await withSandbox { sandbox in
      let ids = try await sandbox.cleverIDs()
      let result = try await sandbox.stream(
        logsPath(ids, "since=2025-12-31T23:50:00Z&until=2025-12-31T23:55:00Z&service=all"),
        headers: sandbox.cleverAuth)
      let text = String(decoding: result.body, as: UTF8.self)
      #expect(result.outcome == .ended)
      #expect(text.hasSuffix("event: END_OF_STREAM\ndata: {\"endedBy\":\"UNTIL_REACHED\"}\n\n"))
      let events = sseFrames(text).filter { $0.hasPrefix("event: APPLICATION_LOG") }
      #expect(!events.isEmpty)
      for frame in events {
        let date = try #require(sseData(frame)?.stringMember("date"))
        #expect(date >= "2025-12-31T23:50:00.000Z" && date <= "2025-12-31T23:55:00.000Z")
      }
    }
  }

  @Test("Last-Event-ID resumes right after that event")
  func resume() async throws {
    try await withSandbox { sandbox in
      let ids = try await sandbox.cleverIDs()
      let first = try await sandbox.stream(logsPath(ids, "limit=5"), headers: sandbox.cleverAuth)
      let firstIds = sseFrames(String(decoding: first.body, as: UTF8.self)).compactMap {
        sseField($0, "id")
      }
      #expect(firstIds.count == 5)
      let resumed = try await sandbox.stream(
        logsPath(ids, "limit=2"), headers: sandbox.cleverAuth + [("Last-Event-ID", firstIds[2])])
      let resumedIds = sseFrames(String(decoding: resumed.body, as: UTF8.self)).compactMap {
        sseField($0, "id")
      }
      #expect(Array(resumedIds) == Array(firstIds[3...4]))
    }
  }

  @Test("heartbeats are sent while following; the default period is the real 2 s")
  func heartbeats() async throws {
    #expect(SandboxOptions().heartbeatInterval == .seconds(2))
    try await withSandbox(heartbeat: .milliseconds(100), liveLogInterval: .seconds(30)) { sandbox in
      let ids = try await sandbox.cleverIDs()
      let result = try await sandbox.stream(logsPath(ids, ""), headers: sandbox.cleverAuth) {
        String(decoding: $0, as: UTF8.self).contains("event: HEARTBEAT\ndata: {}\n\n")
      }
      #expect(result.outcome == .stoppedByReader)
    }
  }

  @Test("without until or limit the stream follows live events")
  func followsLive() async throws {
    try await withSandbox(liveLogInterval: .milliseconds(20)) { sandbox in
      let ids = try await sandbox.cleverIDs()
      let result = try await sandbox.stream(
        logsPath(ids, "service=all"), headers: sandbox.cleverAuth
      ) {
        sseFrames(String(decoding: $0, as: UTF8.self)).filter {
          $0.hasPrefix("event: APPLICATION_LOG")
        }.count >= 55
      }
      let frames = sseFrames(String(decoding: result.body, as: UTF8.self))
        .filter { $0.hasPrefix("event: APPLICATION_LOG") }
      let dates = frames.compactMap { sseData($0)?.stringMember("date") }
      #expect(dates.first ?? "" < "2026-01-01")
      #expect(dates.last ?? "" > "2026-01-01T00:00:00.000Z")
    }
  }

  @Test("filters: instanceId, filter substring, field, deploymentId")
  func filters() async throws {
    try await withSandbox { sandbox in
      let ids = try await sandbox.cleverIDs()
      let instances = try await sandbox.clever(
        "GET",
        "/v4/orchestration/organisations/\(ids.orgId)/applications/\(ids.appId)"
          + "/instances?excludeDeleted=true"
      )
      guard case .array(let list)? = instances.json, let instance = list.first?.stringMember("id")
      else {
        throw HarnessError.missing("instances")
      }
      let byInstance = try await sandbox.stream(
        logsPath(ids, "since=2025-12-31T00:00:00Z&limit=10&instanceId=\(instance)"),
        headers: sandbox.cleverAuth)
      let frames = sseFrames(String(decoding: byInstance.body, as: UTF8.self)).filter {
        $0.hasPrefix("event: APPLICATION_LOG")
      }
      #expect(frames.count == 10)
      #expect(frames.allSatisfy { sseData($0)?.stringMember("instanceId") == instance })

      let filtered = try await sandbox.stream(
        logsPath(ids, "since=2025-12-31T00:00:00Z&limit=5&filter=HEALTH"),
        headers: sandbox.cleverAuth)
      let messages = sseFrames(String(decoding: filtered.body, as: UTF8.self)).compactMap {
        sseData($0)?.stringMember("message")
      }
      #expect(!messages.isEmpty)
      #expect(messages.allSatisfy { $0.lowercased().contains("health") })

      let fields = try await sandbox.stream(
        logsPath(ids, "limit=2&field=date&field=message"), headers: sandbox.cleverAuth)
      let first = try #require(sseFrames(String(decoding: fields.body, as: UTF8.self)).first)
      #expect(sseData(first)?.objectMembers?.map(\.0) == ["date", "message"])
    }
  }

  @Test("rate knob: with no live interval 20,000 events stream fast")
  func rateKnob() async throws {
    try await withSandbox(liveLogInterval: .zero) { sandbox in
      let ids = try await sandbox.cleverIDs()
      let clock = ContinuousClock()
      let start = clock.now
      let result = try await sandbox.stream(
        logsPath(ids, "limit=20000&service=all"), headers: sandbox.cleverAuth)
      let elapsed = clock.now - start
      let text = String(decoding: result.body, as: UTF8.self)
      #expect(text.components(separatedBy: "event: APPLICATION_LOG\n").count - 1 == 20_000)
      #expect(text.hasSuffix("{\"endedBy\":\"LIMIT_REACHED\"}\n\n"))
      #expect(elapsed < .seconds(30))
    }
  }

  @Test(
    "errors before the stream are JSON in the v4 shape", arguments: ["limit=0", "since=yesterday"])
  func badQuery(query: String) async throws {
    try await withSandbox { sandbox in
      let ids = try await sandbox.cleverIDs()
      let result = try await sandbox.send("GET", logsPath(ids, query), headers: sandbox.cleverAuth)
      #expect(result.status == 400)
      #expect(result.json?.stringMember("error") != nil)
    }
  }
}
