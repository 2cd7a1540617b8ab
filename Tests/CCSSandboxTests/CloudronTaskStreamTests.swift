import Foundation
import Testing

@testable import CCSSandbox

@Suite("Cloudron tasks and task log stream (SSE)")
struct CloudronTaskStreamTests {
  static let eventStream = [("Accept", "text/event-stream")]

  @Test("a finished task's stream is byte-exact: retry line, unnamed events, then the end")
  func finishedTaskBytes() async throws {
    try await withSandbox { sandbox in
      let result = try await sandbox.stream(
        "/api/v1/tasks/7/logstream?lines=100", headers: sandbox.cloudronAuth + Self.eventStream)
      #expect(result.status == 200)
      #expect(result.outcome == .ended)
      #expect(result.headers.first(name: "Content-Type") == "text/event-stream")
      #expect(result.headers.first(name: "Cache-Control") == "no-cache")
      #expect(result.headers.first(name: "X-Accel-Buffering") == "no")
      #expect(result.headers.first(name: "Access-Control-Allow-Origin") == "*")
      let text = String(decoding: result.body, as: UTF8.self)
      #expect(text.hasPrefix("retry: 3000\nid: "))
      #expect(!text.contains("event:"))
      #expect(text.hasSuffix("\n\n"))

      // Each event's data equals the NDJSON line of the download endpoint, in order.
      let logs = try await sandbox.cloudron("GET", "/tasks/7/logs?lines=100&format=json")
      let ndjson = logs.text.split(separator: "\n").map(String.init)
      let body = String(text.dropFirst("retry: 3000\n".count))
      let frames = sseFrames(body)
      #expect(frames.count == ndjson.count)
      for (frame, line) in zip(frames, ndjson) {
        let parts = frame.split(separator: "\n").map(String.init)
        #expect(parts.count == 2)
        #expect(parts[0].hasPrefix("id: ") && Int(parts[0].dropFirst(4)) != nil)
        #expect(parts[1] == "data: " + line)
      }
      let first = try #require(JSONValue(parsing: Data((ndjson.first ?? "").utf8)))
      #expect(first.objectMembers?.map(\.0) == ["realtimeTimestamp", "message", "source"])
      #expect(first.stringMember("source") == "7")
    }
  }

  @Test("lines=N replays only the last N lines")
  func replayCount() async throws {
    try await withSandbox { sandbox in
      let result = try await sandbox.stream(
        "/api/v1/tasks/7/logstream?lines=2", headers: sandbox.cloudronAuth + Self.eventStream)
      let body = String(decoding: result.body, as: UTF8.self).dropFirst("retry: 3000\n".count)
      #expect(sseFrames(String(body)).count == 2)
    }
  }

  @Test("Last-Event-ID is ignored")
  func lastEventIDIgnored() async throws {
    try await withSandbox { sandbox in
      let plain = try await sandbox.stream(
        "/api/v1/tasks/7/logstream?lines=100", headers: sandbox.cloudronAuth + Self.eventStream)
      let id = try #require(sseField(String(decoding: plain.body, as: UTF8.self), "id"))
      let resumed = try await sandbox.stream(
        "/api/v1/tasks/7/logstream?lines=100",
        headers: sandbox.cloudronAuth + Self.eventStream + [("Last-Event-ID", id)])
      #expect(resumed.body == plain.body)
    }
  }

  @Test("the stream requires Accept: text/event-stream and a numeric lines")
  func streamErrors() async throws {
    try await withSandbox { sandbox in
      let noAccept = try await sandbox.cloudron("GET", "/tasks/7/logstream")
      #expect(noAccept.status == 400)
      #expect(
        noAccept.json == ["status": "Bad Request", "message": "This API call requires EventStream"])
      let badLines = try await sandbox.send(
        "GET", "/api/v1/tasks/7/logstream?lines=abc",
        headers: sandbox.cloudronAuth + Self.eventStream)
      #expect(
        badLines.json == ["status": "Bad Request", "message": "lines must be a valid number"])
      let query = try await sandbox.stream(
        "/api/v1/tasks/7/logstream?lines=1&access_token=\(sandbox.endpoints.cloudronToken)",
        headers: Self.eventStream)
      #expect(query.status == 200)
      let missing = try await sandbox.cloudron("GET", "/tasks/99999")
      #expect(missing.status == 404)
      #expect(missing.json?.stringMember("status") == "Not Found")
    }
  }

  @Test("an async action returns 202 {taskId}; the task progresses, streams, and ends")
  func liveTask() async throws {
    try await withSandbox(taskDuration: .seconds(3)) { sandbox in
      let started = try await sandbox.cloudron("POST", "/external_ldap/sync")
      #expect(started.status == 202)
      let taskId = try #require(started.json?["taskId"]?.intValue)
      let running = try #require(try await sandbox.cloudron("GET", "/tasks/\(taskId)").json)
      #expect(running["active"] == .bool(true))
      #expect(running.stringMember("type") == "syncExternalLdap")
      #expect((running["percent"]?.intValue ?? 0) >= 1)

      let clock = ContinuousClock()
      let begin = clock.now
      let stream = try await sandbox.stream(
        "/api/v1/tasks/\(taskId)/logstream?lines=10",
        headers: sandbox.cloudronAuth + Self.eventStream)
      #expect(stream.outcome == .ended)
      #expect(clock.now - begin > .milliseconds(200))
      let text = String(decoding: stream.body, as: UTF8.self)
      #expect(text.hasPrefix("retry: 3000\n"))
      #expect(text.contains("Task finished successfully"))

      let done = try #require(try await sandbox.cloudron("GET", "/tasks/\(taskId)").json)
      #expect(done["active"] == .bool(false))
      #expect(done["success"] == .bool(true))
      #expect(done["percent"] == .int(100))
      #expect(done["result"]?.objectMembers != nil)
    }
  }

  @Test("stopping a running task: 204, then 409 because it is no longer running")
  func stop() async throws {
    try await withSandbox(taskDuration: .seconds(30)) { sandbox in
      let started = try await sandbox.cloudron(
        "POST", "/updater/update", json: ["skipBackup": true])
      let taskId = try #require(started.json?["taskId"]?.intValue)
      #expect(try await sandbox.cloudron("POST", "/tasks/\(taskId)/stop").status == 204)
      let again = try await sandbox.cloudron("POST", "/tasks/\(taskId)/stop")
      #expect(again.status == 409)
      #expect(again.json?.stringMember("status") == "Conflict")
      let task = try #require(try await sandbox.cloudron("GET", "/tasks/\(taskId)").json)
      #expect(task["active"] == .bool(false))
      #expect(task["success"] == .bool(false))
      #expect(task["error"]?.stringMember("code") == "stopped")
    }
  }

  @Test("task logs download: json is NDJSON, short is plain lines, attachment disposition")
  func logsDownload() async throws {
    try await withSandbox { sandbox in
      let short = try await sandbox.cloudron("GET", "/tasks/7/logs?format=short&lines=3")
      #expect(short.status == 200)
      #expect(short.header("Content-Type") == "application/x-logs")
      #expect(short.header("Content-Disposition") == "attachment; filename=\"log.txt\"")
      let lines = short.text.split(separator: "\n")
      #expect(lines.count == 3)
      #expect(lines.allSatisfy { $0.hasPrefix("2025-") && !$0.hasPrefix("{") })
    }
  }
}
