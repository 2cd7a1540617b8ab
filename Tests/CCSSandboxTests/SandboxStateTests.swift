import Foundation
import Testing

@testable import CCSSandbox

@Suite("Stateful behaviour")
struct SandboxStateTests {
  struct SettingCase: Sendable, CustomTestStringConvertible {
    var path: String
    var value: JSONValue
    var testDescription: String { path }
  }

  @Test(
    "settings POSTed are read back by GET",
    arguments: [
      SettingCase(path: "/branding/cloudron_name", value: ["name": "Zeta"]),
      SettingCase(path: "/cloudron/language", value: ["language": "fr"]),
      SettingCase(path: "/cloudron/time_zone", value: ["timeZone": "Europe/Paris"]),
      SettingCase(
        path: "/docker/registry_config",
        value: [
          "provider": "quay", "serverAddress": "quay.io", "username": "u", "email": "u@example.com",
          "password": "p",
        ]),
      SettingCase(
        path: "/directory_server/config",
        value: ["enabled": true, "secret": "s", "allowlist": "10.0.0.0/8"]),
      SettingCase(
        path: "/external_ldap/config",
        value: ["provider": "okta", "url": "ldaps://okta", "baseDn": "dc=x"]),
      SettingCase(path: "/network/blocklist", value: ["blocklist": "192.0.2.0/24"]),
      SettingCase(path: "/network/dynamic_dns", value: ["enabled": true]),
      SettingCase(
        path: "/network/ipv4_config", value: ["provider": "fixed", "ip": "198.51.100.4"]),
      SettingCase(path: "/network/ipv6_config", value: ["provider": "interface", "iface": "eth1"]),
      SettingCase(path: "/reverseproxy/trusted_ips", value: ["trustedIps": "172.16.0.0/12"]),
      SettingCase(path: "/updater/autoupdate_pattern", value: ["pattern": "00 30 4 * * 1"]),
      SettingCase(
        path: "/user_directory", value: ["lockUserProfiles": true, "mandatory2FA": true]),
    ])
  func settingRoundTrip(_ setting: SettingCase) async throws {
    try await withSandbox { sandbox in
      let set = try await sandbox.cloudron("POST", setting.path, json: setting.value)
      #expect(set.status == 200)
      #expect(set.json == .object([]))
      let read = try await sandbox.cloudron("GET", setting.path)
      #expect(read.json == setting.value)
    }
  }

  @Test("sandboxes of one seed start from the same data and keep their writes to themselves")
  func sandboxesOfOneSeedAreIndependent() async throws {
    let seeded = try await withSandbox(seed: 7) { sandbox in
      let before = try await sandbox.cloudron("GET", "/branding/cloudron_name").json
      let set = try await sandbox.cloudron(
        "POST", "/branding/cloudron_name", json: ["name": "Changed"])
      #expect(set.status == 200)
      // A second sandbox of the same seed, started while the first one holds the change.
      let fresh = try await withSandbox(seed: 7) { other in
        try await other.cloudron("GET", "/branding/cloudron_name").json
      }
      #expect(fresh == before)
      #expect(try await sandbox.send("POST", "/__sandbox/reset").status == 204)
      #expect(try await sandbox.cloudron("GET", "/branding/cloudron_name").json == before)
      return try await sandbox.cloudron("GET", "/profile").json
    }
    let again = try await withSandbox(seed: 7) { try await $0.cloudron("GET", "/profile").json }
    let otherSeed = try await withSandbox(seed: 8) { try await $0.cloudron("GET", "/profile").json }
    #expect(seeded == again)
    #expect(seeded != otherSeed)
  }

  @Test("an empty fallback address clears it and reads back empty; a 64-character name is kept")
  func boundaryValuesAreAccepted() async throws {
    try await withSandbox { sandbox in
      let set = try await sandbox.cloudron("POST", "/profile", json: ["fallbackEmail": ""])
      #expect(set.status == 200)
      #expect(
        try await sandbox.cloudron("GET", "/profile").json?.stringMember("fallbackEmail") == "")
      let name = String(repeating: "é", count: 64)
      #expect(
        try await sandbox.cloudron("POST", "/branding/cloudron_name", json: ["name": .string(name)])
          .status == 200)
      #expect(
        try await sandbox.cloudron("GET", "/branding/cloudron_name").json?.stringMember("name")
          == name)
    }
  }

  @Test(
    "invalid settings answer 400 in the Cloudron shape",
    arguments: [
      ("/cloudron/language", #"{"language":"klingon"}"#),
      ("/network/ipv4_config", #"{"provider":"fixed"}"#),
      ("/network/dynamic_dns", #"{"enabled":"yes"}"#),
      ("/branding/cloudron_name", "not json"),
      // The catalog's minLength 1 and maxLength 64 (code points).
      ("/branding/cloudron_name", #"{"name":""}"#),
      ("/branding/cloudron_name", "{\"name\":\"\(String(repeating: "é", count: 65))\"}"),
      ("/profile", #"{"fallbackEmail":"not an address"}"#),
    ])
  func invalidSetting(path: String, body: String) async throws {
    try await withSandbox { sandbox in
      let result = try await sandbox.send(
        "POST", "/api/v1" + path,
        headers: sandbox.cloudronAuth + [("Content-Type", "application/json")],
        body: Data(body.utf8))
      #expect(result.status == 400)
      #expect(result.json?.stringMember("status") == "Bad Request")
    }
  }

  @Test("uploaded avatar and background images are served back byte for byte")
  func imageUploads() async throws {
    try await withSandbox { sandbox in
      let png = BinaryDocuments.png(width: 3, height: 5, red: 9, green: 8, blue: 7)
      for (path, field, readPath) in [
        ("/branding/cloudron_avatar", "avatar", "/cloudron/avatar"),
        ("/profile/background_image", "backgroundImage", "/profile/background_image"),
      ] {
        let form = multipartBody(field: field, fileName: "x.png", bytes: png)
        let upload = try await sandbox.send(
          "POST", "/api/v1" + path,
          headers: sandbox.cloudronAuth + [("Content-Type", form.contentType)],
          body: form.body)
        #expect(upload.status == 200)
        let read = try await sandbox.cloudron("GET", readPath)
        #expect(read.body == png)
      }
      #expect(
        try await sandbox.cloudron("GET", "/profile").json?["hasBackgroundImage"] == .bool(true))
    }
  }

  @Test("drains: create, ENABLING then ENABLED, disable, delete")
  func drainLifecycle() async throws {
    // Drains settle after a third of the task duration: 2 s here, long enough to see the
    // transient states on a loaded machine; the settled states are polled for.
    try await withSandbox(taskDuration: .milliseconds(6_000)) { sandbox in
      let ids = try await sandbox.cleverIDs()
      let base = "/v4/drains/organisations/\(ids.orgId)/resources/\(ids.appId)/drains"
      let created = try await sandbox.clever(
        "POST", base,
        json: [
          "kind": "LOG",
          "recipient": ["type": "NEWRELIC", "url": "https://log-api.newrelic.com", "apiKey": "k"],
        ])
      let drain = try #require(created.json)
      let id = try #require(drain.stringMember("id"))
      #expect(drain["status"]?.stringMember("status") == "ENABLING")
      func status() async throws -> String? {
        try await sandbox.clever("GET", "\(base)/\(id)").json?["status"]?.stringMember("status")
      }
      /// The status once it is no longer `transient`, polled for up to 20 s.
      func settled(from transient: String) async throws -> String? {
        for _ in 0..<200 {
          let current = try await status()
          if current != transient { return current }
          try await Task.sleep(for: .milliseconds(100))
        }
        return try await status()
      }
      #expect(try await settled(from: "ENABLING") == "ENABLED")
      #expect(try await sandbox.clever("PUT", "\(base)/\(id)/disable").status == 204)
      #expect(try await status() == "DISABLING")
      #expect(try await settled(from: "DISABLING") == "DISABLED")
      guard
        case .array(let listed)? = try await sandbox.clever("GET", base + "?status=DISABLED").json
      else {
        throw HarnessError.missing("drains")
      }
      #expect(listed.map { $0.stringMember("id") } == [id])
      #expect(try await sandbox.clever("DELETE", "\(base)/\(id)").status == 204)
      #expect(try await sandbox.clever("GET", "\(base)/\(id)").status == 404)

      let invalid = try await sandbox.clever(
        "POST", base,
        json: ["kind": "LOG", "recipient": ["type": "ELASTICSEARCH", "url": "https://es/_bulk"]])
      #expect(invalid.status == 400)
      #expect(invalid.json?.stringMember("error") != nil)
    }
  }

  @Test("notifications can be acknowledged and un-acknowledged")
  func acknowledge() async throws {
    try await withSandbox { sandbox in
      for acknowledged in [true, false] {
        let set = try await sandbox.cloudron(
          "POST", "/notifications/1", json: ["acknowledged": .bool(acknowledged)])
        #expect(set.status == 204)
        let read = try await sandbox.cloudron("GET", "/notifications/1")
        #expect(read.json?["acknowledged"] == .bool(acknowledged))
      }
    }
  }

  @Test("app passwords and tokens: create, list, delete")
  func credentials() async throws {
    try await withSandbox { sandbox in
      let created = try await sandbox.cloudron(
        "POST", "/app_passwords", json: ["name": "phone", "identifier": "mail"])
      let id = try #require(created.json?.stringMember("id"))
      #expect(created.json?.stringMember("password")?.isEmpty == false)
      #expect(
        try await sandbox.cloudron("GET", "/app_passwords/\(id)").json?.stringMember("name")
          == "phone")
      #expect(try await sandbox.cloudron("DELETE", "/app_passwords/\(id)").status == 204)
      #expect(try await sandbox.cloudron("GET", "/app_passwords/\(id)").status == 404)
    }
  }

  @Test("Pulsar storage policies PATCH answers 201 and is read back")
  func pulsar() async throws {
    try await withSandbox { sandbox in
      let ids = try await sandbox.cleverIDs()
      let path = "/v4/addon-providers/addon-pulsar/addons/\(ids.pulsarId)/storage-policies"
      let patched = try await sandbox.clever(
        "PATCH", path, json: ["offloadPolicies": ["sizeInBytes": 42]])
      #expect(patched.status == 201)
      #expect(try await sandbox.clever("GET", path).json?["offloadPolicies"] == ["sizeInBytes": 42])
    }
  }

  @Test("operators: network group on and off, version update")
  func operators() async throws {
    try await withSandbox { sandbox in
      let ids = try await sandbox.cleverIDs()
      let base = "/v4/addon-providers/addon-otoroshi/addons/\(ids.otoroshiId)"
      let enabled = try await sandbox.clever("POST", base + "/networkgroup")
      #expect(
        enabled.json?["features"]?["networkGroup"]?.stringMember("id")?.hasPrefix("ng_") == true)
      #expect(try await sandbox.clever("DELETE", base + "/networkgroup").status == 204)
      #expect(try await sandbox.clever("GET", base).json?["features"]?["networkGroup"] == .null)
      #expect(
        try await sandbox.clever("POST", base + "/version/update", json: ["targetVersion": "9.9.9"])
          .status == 400)
      _ = try await sandbox.clever(
        "POST", base + "/version/update", json: ["targetVersion": "1.6.2"])
      #expect(
        try await sandbox.clever("GET", base + "/version/check").json?["needUpdate"] == .bool(false)
      )
      let wrongKind = "/v4/addon-providers/addon-keycloak/addons/\(ids.otoroshiId)"
      #expect(try await sandbox.clever("GET", wrongKind).status == 404)
    }
  }

  @Test("same seed gives the same data; another seed gives other data; reset restores it")
  func determinism() async throws {
    func snapshot(seed: UInt64) async throws -> [Data] {
      try await withSandbox(seed: seed) { sandbox in
        [
          try await sandbox.clever("GET", "/v2/organisations").body,
          try await sandbox.cloudron("GET", "/eventlog?per_page=100").body,
          try await sandbox.cloudron("GET", "/tasks?per_page=100").body,
        ]
      }
    }
    let first = try await snapshot(seed: 42)
    #expect(try await snapshot(seed: 42) == first)
    #expect(try await snapshot(seed: 43) != first)

    try await withSandbox { sandbox in
      _ = try await sandbox.cloudron("POST", "/cloudron/language", json: ["language": "it"])
      #expect(try await sandbox.send("POST", "/__sandbox/reset").status == 204)
      #expect(
        try await sandbox.cloudron("GET", "/cloudron/language").json?.stringMember("language")
          == "en")
    }
  }

  @Test("recent requests are recorded with method, path, query and headers")
  func requestLog() async throws {
    try await withSandbox { sandbox in
      _ = try await sandbox.send(
        "GET", "/api/v1/tasks?page=2", headers: sandbox.cloudronAuth + [("X-Trace", "abc")])
      let log = try await sandbox.send("GET", "/__sandbox/requests")
      guard case .array(let requests)? = log.json?["requests"], let last = requests.last else {
        throw HarnessError.missing("requests")
      }
      #expect(last.stringMember("method") == "GET")
      #expect(last.stringMember("path") == "/api/v1/tasks")
      #expect(last.stringMember("query") == "page=2")
      #expect(last["headers"]?.stringMember("x-trace") == "abc")
      #expect(
        last["headers"]?.stringMember("authorization")
          == "Bearer \(sandbox.endpoints.cloudronToken)")
    }
  }
}
