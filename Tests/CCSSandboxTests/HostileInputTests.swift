import Foundation
import Testing

@testable import CCSSandbox

/// Numbers and bodies chosen to break the sandbox's arithmetic and parsing: each must be
/// answered with a 4xx, never a trap (which would also kill a `ccs --sandbox` shell).
@Suite("Sandbox: hostile numbers and bodies")
struct HostileInputTests {
  @Test(
    "page × per_page past 64 bits answers 400",
    arguments: [
      "page=9223372036854775807&per_page=2", "page=4294967296&per_page=4294967296",
      "page=2&per_page=9223372036854775807",
    ])
  func hugePagination(query: String) async throws {
    try await withSandbox { sandbox in
      let result = try await sandbox.cloudron("GET", "/tasks?\(query)")
      #expect(result.status == 400)
      #expect(result.json?.stringMember("message") == "page and per_page are too large")
    }
  }

  @Test("a large page that still fits is an empty page")
  func largeEmptyPage() async throws {
    try await withSandbox { sandbox in
      let result = try await sandbox.cloudron("GET", "/tasks?page=1000000&per_page=1000")
      #expect(result.status == 200)
      #expect(result.json?["tasks"] == .array([]))
    }
  }

  @Test(
    "fault delays past a day answer 400",
    arguments: [
      #"{"responseDelayMilliseconds":9223372036854775807}"#,
      #"{"responseDelayMilliseconds":86400001}"#,
      #"{"retryAfterSeconds":9223372036854775807}"#,
      #"{"retryAfterSeconds":1e300}"#,
    ])
  func hugeFaultDelays(body: String) async throws {
    try await withSandbox { sandbox in
      let result = try await sandbox.send("POST", "/__sandbox/faults", body: Data(body.utf8))
      #expect(result.status == 400)
      #expect(try await sandbox.cloudron("GET", "/cloudron/status").status == 200)
    }
  }

  @Test(
    "settings past a day answer 400",
    arguments: [
      #"{"taskDurationMilliseconds":9223372036854775807}"#,
      #"{"heartbeatMilliseconds":86400001}"#,
      #"{"liveLogIntervalMilliseconds":1e300}"#,
    ])
  func hugeSettings(body: String) async throws {
    try await withSandbox { sandbox in
      let result = try await sandbox.send("POST", "/__sandbox/settings", body: Data(body.utf8))
      #expect(result.status == 400)
      let settings = try await sandbox.send("GET", "/__sandbox/settings")
      #expect(settings.status == 200)
    }
  }

  @Test("command-line durations past a day are refused")
  func hugeCommandLineDurations() {
    #expect(SandboxCLI.parseDuration("1e300s") == nil)
    #expect(SandboxCLI.parseDuration("86401s") == nil)
    #expect(SandboxCLI.parseDuration("1500ms") == .milliseconds(1500))
  }

  @Test("a JSON body nested 100,000 levels answers 400 and the sandbox keeps serving")
  func deepBody() async throws {
    try await withSandbox { sandbox in
      let deep = Data(String(repeating: "[", count: 100_000).utf8)
      let result = try await sandbox.send(
        "POST", "/api/v1/tokens",
        headers: sandbox.cloudronAuth + [("Content-Type", "application/json")], body: deep)
      #expect((400..<500).contains(result.status))
      let closed = Data(
        (String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
      let again = try await sandbox.send(
        "POST", "/api/v1/tokens",
        headers: sandbox.cloudronAuth + [("Content-Type", "application/json")], body: closed)
      #expect((400..<500).contains(again.status))
      #expect(try await sandbox.cloudron("GET", "/cloudron/status").status == 200)
    }
  }

  @Test("JSON numbers too large for an int are not ints")
  func hugeNumbers() {
    #expect(JSONValue(parsing: Data("1e300".utf8))?.intValue == nil)
    #expect(JSONValue(parsing: Data("-1e19".utf8))?.intValue == nil)
    #expect(JSONValue(parsing: Data("42.0".utf8))?.intValue == 42)
    let nested512 = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    #expect(JSONValue(parsing: Data(nested512.utf8)) != nil)
    let nested513 = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
    #expect(JSONValue(parsing: Data(nested513.utf8)) == nil)
  }
}
