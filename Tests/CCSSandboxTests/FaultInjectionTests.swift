import Foundation
import Testing

@testable import CCSSandbox

@Suite("Fault injection")
struct FaultInjectionTests {
  @Test("429 with Retry-After for the next N requests, then normal answers")
  func rateLimit() async throws {
    let faults = FaultSettings(rateLimitNextRequests: 2, retryAfterSeconds: 7)
    try await withSandbox(faults: faults) { sandbox in
      for _ in 0..<2 {
        let limited = try await sandbox.cloudron("GET", "/cloudron/status")
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "7")
        #expect(limited.json?.stringMember("status") == "Too Many Requests")
      }
      #expect(try await sandbox.cloudron("GET", "/cloudron/status").status == 200)
    }
  }

  @Test("a fraction of requests answers 5xx, deterministically for a seed")
  func serverErrors() async throws {
    func statuses() async throws -> [Int] {
      try await withSandbox(faults: FaultSettings(serverErrorRate: 0.5, serverErrorStatus: 503)) {
        sandbox in
        var statuses: [Int] = []
        for _ in 0..<40 {
          let result = try await sandbox.clever("GET", "/v4/products/zones")
          statuses.append(result.status)
        }
        return statuses
      }
    }
    let first = try await statuses()
    #expect(Set(first) == [200, 503])
    let failures = first.filter { $0 == 503 }.count
    #expect((8...32).contains(failures))
    #expect(try await statuses() == first)
  }

  @Test("injected 5xx bodies use each API's error shape")
  func serverErrorShapes() async throws {
    try await withSandbox(faults: FaultSettings(serverErrorRate: 1)) { sandbox in
      let cloudron = try await sandbox.cloudron("GET", "/profile")
      #expect(cloudron.status == 500)
      #expect(cloudron.json?.stringMember("status") == "Internal Server Error")
      let v4 = try await sandbox.clever("GET", "/v4/products/zones")
      #expect(v4.json?.stringMember("error") != nil)
      let v2 = try await sandbox.clever("GET", "/v2/self")
      #expect(v2.json?.stringMember("type") == "error")
    }
  }

  @Test("slow responses are delayed")
  func delay() async throws {
    try await withSandbox(faults: FaultSettings(responseDelay: .milliseconds(300))) { sandbox in
      let clock = ContinuousClock()
      let start = clock.now
      let result = try await sandbox.cloudron("GET", "/cloudron/status")
      #expect(result.status == 200)
      #expect(clock.now - start >= .milliseconds(300))
    }
  }

  @Test("truncated bodies: Content-Length larger than the bytes sent, then the connection closes")
  func truncation() async throws {
    try await withSandbox(faults: FaultSettings(truncateBodyRate: 1)) { sandbox in
      let result = try await sandbox.stream("/v4/products/zones", headers: sandbox.cleverAuth)
      #expect(result.status == 200)
      let declared = try #require(result.headers.first(name: "Content-Length").flatMap { Int($0) })
      #expect(result.outcome == .failed)
      #expect(result.body.count < declared)
      #expect(!result.body.isEmpty)
    }
  }

  @Test("an SSE connection drops after N events, without an end marker")
  func dropAfterEvents() async throws {
    try await withSandbox(faults: FaultSettings(dropStreamAfterEvents: 3)) { sandbox in
      let ids = try await sandbox.cleverIDs()
      let result = try await sandbox.stream(
        "/v4/logs/organisations/\(ids.orgId)/applications/\(ids.appId)/logs?limit=10",
        headers: sandbox.cleverAuth)
      let text = String(decoding: result.body, as: UTF8.self)
      #expect(result.outcome == .failed)
      #expect(sseFrames(text).filter { $0.hasPrefix("event: APPLICATION_LOG") }.count == 3)
      #expect(!text.contains("END_OF_STREAM"))

      let cloudron = try await sandbox.stream(
        "/api/v1/tasks/7/logstream?lines=100",
        headers: sandbox.cloudronAuth + [("Accept", "text/event-stream")])
      #expect(cloudron.outcome == .failed)
      let frames = sseFrames(
        String(decoding: cloudron.body, as: UTF8.self).dropFirst("retry: 3000\n".count).description)
      #expect(frames.count == 3)
    }
  }

  @Test("an SSE connection drops at random (seeded)")
  func dropAtRandom() async throws {
    try await withSandbox(faults: FaultSettings(dropStreamProbability: 0.2)) { sandbox in
      let ids = try await sandbox.cleverIDs()
      let result = try await sandbox.stream(
        "/v4/logs/organisations/\(ids.orgId)/applications/\(ids.appId)/logs?limit=200",
        headers: sandbox.cleverAuth)
      #expect(result.outcome == .failed)
      let text = String(decoding: result.body, as: UTF8.self)
      let count = sseFrames(text).filter { $0.hasPrefix("event: APPLICATION_LOG") }.count
      #expect(count < 200)
    }
  }

  @Test("faults are set and cleared at run time through the admin route")
  func adminRoute() async throws {
    try await withSandbox { sandbox in
      let set = try await sandbox.send(
        "POST", "/__sandbox/faults", headers: [("Content-Type", "application/json")],
        body: Data(#"{"rateLimitNextRequests":1,"retryAfterSeconds":3}"#.utf8))
      #expect(set.status == 200)
      #expect(set.json?["rateLimitNextRequests"] == .int(1))
      #expect(try await sandbox.cloudron("GET", "/cloudron/status").status == 429)
      #expect(try await sandbox.cloudron("GET", "/cloudron/status").status == 200)

      _ = try await sandbox.send(
        "POST", "/__sandbox/faults", body: Data(#"{"serverErrorRate":1}"#.utf8))
      #expect(try await sandbox.cloudron("GET", "/cloudron/status").status == 500)
      #expect(try await sandbox.send("DELETE", "/__sandbox/faults").status == 204)
      #expect(try await sandbox.cloudron("GET", "/cloudron/status").status == 200)

      let bad = try await sandbox.send("POST", "/__sandbox/faults", body: Data(#"{"nope":1}"#.utf8))
      #expect(bad.status == 400)
    }
  }
}
