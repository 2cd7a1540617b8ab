import CCS
import CCSRuntime
import Foundation
import Testing

@testable import CCSAPI

/// Finding Clever Cloud ids and omitting them: the `/v2` discovery commands, `clever use`
/// defaults, `http` with a profile-relative path, session profiles by name and the
/// `--dry-run` record, against the sandbox over loopback.
@Suite("Discovery and defaults against the sandbox", .serialized)
struct DiscoveryTests {
  func text(_ v: Value) -> String { Render.plainText(v) }

  @Test("clever self, organisations list|get and applications list|get answer from /v2")
  func discoveryCommands() async throws {
    try await SandboxHarness.with { h in
      let user = text(try await h.eval("clever self | get id"))
      #expect(user.hasPrefix("user_"))
      let orgs = try await h.eval("clever organisations list | get id")
      let ids = (orgs.listItems ?? []).map(text)
      #expect(!ids.isEmpty && ids.allSatisfy { $0.hasPrefix("orga_") })
      let org = ids[0]
      #expect(text(try await h.eval("clever organisations get \(org) | get id")) == org)
      let apps = try await h.eval("clever applications list --owner \(org)")
      let first = try #require(apps.listItems?.first?.recordValue)
      let app = text(try #require(first["id"]))
      #expect(app.hasPrefix("app_"))
      #expect(
        text(try await h.eval("clever applications get --owner \(org) \(app) | get ownerId")) == org
      )
      let paths = try await h.requests().map(\.path)
      #expect(
        paths == [
          "/v2/self", "/v2/organisations", "/v2/organisations/\(org)",
          "/v2/organisations/\(org)/applications", "/v2/organisations/\(org)/applications/\(app)",
        ])
    }
  }

  @Test("an unknown application is a catchable 404")
  func unknownApplication() async throws {
    try await SandboxHarness.with { h in
      let org = text(try await h.eval("clever organisations list | first | get id"))
      let status = try await h.eval(
        "try { clever applications get --owner \(org) app_nope } catch {|e| $e.status }")
      #expect(text(status) == "404")
    }
  }

  @Test("clever use --owner/--app fills omitted path flags; without them the error says how")
  func sessionDefaults() async throws {
    try await SandboxHarness.with { h in
      let missing = try await h.eval(
        "try { clever drains list --resource app_x } catch {|e| $e.message }")
      #expect(text(missing).contains("missing --owner"))
      let org = text(try await h.eval("clever organisations list | first | get id"))
      let app = text(try await h.eval("clever applications list --owner \(org) | first | get id"))
      let shown = try await h.eval("clever use --owner \(org) --app \(app)")
      #expect(shown.recordValue?["owner"] == .string(org))
      _ = try await h.eval("clever applications list | length")
      _ = try await h.eval("clever instances list | length")
      let paths = try await h.requests().map(\.path).suffix(2)
      #expect(
        Array(paths) == [
          "/v2/organisations/\(org)/applications",
          "/v4/orchestration/organisations/\(org)/applications/\(app)/instances",
        ])
      let cleared = try await h.eval("clever use --clear")
      #expect(cleared.recordValue?["owner"] == .null)
    }
  }

  @Test("a profile's owner key is a default too")
  func profileDefault() async throws {
    try await SandboxHarness.with { h in
      let org = text(try await h.eval("clever organisations list | first | get id"))
      var profile = try #require(h.api.overrides["clever"])
      profile.defaults["owner"] = org
      h.api.overrides["clever"] = profile
      _ = try await h.eval("clever applications list | length")
      #expect(try await h.requests().last?.path == "/v2/organisations/\(org)/applications")
    }
  }

  @Test("http with a path is relative to the profile's base URL, with its credentials")
  func httpRelativePath() async throws {
    try await SandboxHarness.with { h in
      let n = try await h.eval("http get /v2/organisations --profile sandbox-clever | length")
      #expect((Int(text(n)) ?? 0) > 0)
      let r = try #require(try await h.requests().last)
      #expect(r.path == "/v2/organisations")
      #expect(r.headers["authorization"] != nil || r.headers["Authorization"] != nil)
      let refused = try await h.eval("try { http get /v2/self } catch {|e| $e.message }")
      #expect(text(refused).contains("needs --profile"))
    }
  }

  @Test("--profile names a session profile (the sandbox's)")
  func sessionProfileByName() async throws {
    try await SandboxHarness.with { h in
      h.api.explicitProfile = "sandbox-cloudron"
      defer { h.api.explicitProfile = nil }
      let n = try await h.eval("cloudron tasks list --page 1 | length")
      #expect(text(n) == "25")
      let mismatch = try await h.eval("try { clever zones list } catch {|e| $e.message }")
      #expect(text(mismatch).contains("sandbox-cloudron"))
    }
  }

  @Test("--dry-run returns the request as a record, redacted, and sends nothing")
  func dryRunRecord() async throws {
    try await SandboxHarness.with { h in
      let r = try await h.eval("cloudron tokens create --name e2e-rec --dry-run")
      let record = try #require(r.recordValue)
      #expect(record["method"] == .string("POST"))
      #expect(text(try #require(record["url"])) == h.endpoints.cloudronBaseURL + "/tokens")
      #expect(record["body"]?.recordValue?["name"] == .string("e2e-rec"))
      let headers = try #require(record["headers"]?.recordValue)
      let auth = headers.first { $0.0.lowercased() == "authorization" }?.1
      #expect(auth != nil)
      #expect(!text(auth ?? .null).contains(h.endpoints.cloudronToken))
      #expect(try await h.requests().isEmpty)
    }
  }

  @Test("a task id from a 202 and the task's own id are both strings and equal")
  func taskIdsNormalised() async throws {
    try await SandboxHarness.with { h in
      let same = try await h.eval(
        "let r = (cloudron external-ldap sync); [($r.taskId | describe) ((cloudron tasks get $r.taskId | get id) == $r.taskId)]"
      )
      #expect(same == .list([.string("string"), .bool(true)]))
    }
  }
}

/// Documents bound with `api load` inside the sandbox session.
@Suite("Loaded documents against the sandbox", .serialized)
struct LoadedDocumentTests {
  static let tasksDocument = """
    openapi: 3.0.3
    info: {title: Tasks, version: "1"}
    servers: [{url: "https://my.example.com/api/v1"}]
    paths:
      /api/v1/tasks:
        get:
          operationId: listTasks
          parameters:
            - {name: page, in: query, schema: {type: integer}}
            - {name: per_page, in: query, schema: {type: integer}}
          responses:
            '200':
              description: tasks
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      tasks: {type: array, items: {type: object}}
    """

  func write(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ccs-loaded-\(UUID().uuidString).yaml"
    ).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test("a document whose paths the sandbox serves uses it, unwraps the envelope and paginates")
  func loadedDocumentUsesSandbox() async throws {
    let path = try write(Self.tasksDocument)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await SandboxHarness.with { h in
      let loaded = try await h.eval("api load \(path) as cr")
      #expect(loaded.recordValue?["profile"] == .string("sandbox-cr"))
      let n = try await h.eval("cr tasks list | length")
      #expect(Render.plainText(n) == "60")
      let pages = try await h.requests().map { $0.queryValue("page") }
      #expect(pages == ["1", "2", "3"])
      let one = try await h.eval("cr tasks list --page 2 | length")
      #expect(Render.plainText(one) == "25")
    }
  }

  @Test("--base-url and --profile choose where a loaded document sends its requests")
  func loadedDocumentWithProfile() async throws {
    let path = try write(
      Self.tasksDocument.replacingOccurrences(of: "/api/v1/tasks", with: "/api/v1/chores"))
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await SandboxHarness.with { h in
      let own = try await h.eval("api load \(path) as ch | get base_url")
      #expect(own == .string("https://my.example.com/api/v1"))
      let r = try await h.eval(
        "api load \(path) as ch --base-url https://other.example.com/api/v1 | get base_url")
      #expect(r == .string("https://other.example.com/api/v1"))
      let dry = try await h.eval("ch chores list --dry-run | get url")
      #expect(Render.plainText(dry).hasPrefix("https://other.example.com/api/v1/chores"))
      let p = try await h.eval("api load \(path) as ch --profile sandbox-cloudron | get profile")
      #expect(p == .string("sandbox-cloudron"))
      let status = try await h.eval("try { ch chores list | length } catch {|e| $e.status }")
      #expect(Render.plainText(status) == "404")
    }
  }
}
