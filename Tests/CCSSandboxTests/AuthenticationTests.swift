import Foundation
import Testing

@testable import CCSSandbox

@Suite("Authentication")
struct AuthenticationTests {
  @Test("Cloudron without a token answers 401 with the error shape")
  func cloudronMissingToken() async throws {
    try await withSandbox { sandbox in
      let result = try await sandbox.send("GET", "/api/v1/tasks")
      #expect(result.status == 401)
      #expect(result.json?.stringMember("status") == "Unauthorized")
      #expect(result.json?.stringMember("message") != nil)
      #expect(result.header("Content-Type")?.hasPrefix("application/json") == true)
    }
  }

  @Test("Cloudron with an unknown or expired token answers 401")
  func cloudronInvalidToken() async throws {
    try await withSandbox { sandbox in
      let unknown = try await sandbox.send(
        "GET", "/api/v1/profile", headers: [("Authorization", "Bearer nope")])
      #expect(unknown.status == 401)
      guard case .array(let tokens)? = try await sandbox.cloudron("GET", "/tokens").json?["tokens"]
      else { throw HarnessError.missing("tokens") }
      let expired = try #require(
        tokens.first { $0.stringMember("name")?.contains("expired") == true }?
          .stringMember("accessToken"))
      let result = try await sandbox.send(
        "GET", "/api/v1/profile", headers: [("Authorization", "Bearer \(expired)")])
      #expect(result.status == 401)
    }
  }

  @Test("Cloudron accepts the token as ?access_token=")
  func cloudronQueryToken() async throws {
    try await withSandbox { sandbox in
      let result = try await sandbox.send(
        "GET", "/api/v1/profile?access_token=\(sandbox.endpoints.cloudronToken)")
      #expect(result.status == 200)
      #expect(result.json?.stringMember("role") == "owner")
    }
  }

  @Test("a Cloudron readonly token may GET but not write", arguments: ["POST", "DELETE"])
  func cloudronReadonly(method: String) async throws {
    try await withSandbox { sandbox in
      let readonly = [("Authorization", "Bearer \(sandbox.endpoints.cloudronReadonlyToken)")]
      let read = try await sandbox.send("GET", "/api/v1/cloudron/language", headers: readonly)
      #expect(read.status == 200)
      let path = method == "POST" ? "/api/v1/cloudron/language" : "/api/v1/tokens/tid-unknown"
      let write = try await sandbox.send(
        method, path, headers: readonly + [("Content-Type", "application/json")],
        body: Data(#"{"language":"fr"}"#.utf8))
      #expect(write.status == 403)
      #expect(write.json?.stringMember("status") == "Forbidden")
      let after = try await sandbox.cloudron("GET", "/cloudron/language")
      #expect(after.json?.stringMember("language") == "en")
    }
  }

  @Test("a member with the user role has their own account and no admin routes")
  func cloudronMemberRole() async throws {
    try await withSandbox { sandbox in
      let member = [("Authorization", "Bearer \(sandbox.endpoints.cloudronMemberToken)")]
      let profile = try await sandbox.send("GET", "/api/v1/profile", headers: member)
      #expect(profile.status == 200)
      #expect(profile.json?.stringMember("role") == "user")
      #expect(
        try await sandbox.send("GET", "/api/v1/cloudron/language", headers: member).status == 200)

      for (method, path) in [
        ("GET", "/api/v1/tasks"), ("GET", "/api/v1/eventlog"), ("POST", "/api/v1/system/reboot"),
        ("POST", "/api/v1/cloudron/language"),
      ] {
        let refused = try await sandbox.send(
          method, path, headers: member + [("Content-Type", "application/json")],
          body: Data(#"{"language":"fr"}"#.utf8))
        #expect(refused.status == 403, "\(method) \(path)")
        #expect(refused.json?.stringMember("status") == "Forbidden")
        #expect(
          refused.json?.stringMember("message")
            == "role 'admin' is required but user has only 'user'")
      }
      #expect(try await sandbox.cloudron("GET", "/system/reboot").json?["rebootRequired"] != nil)

      // Tokens belong to their user: each sees and deletes only their own.
      let created = try await sandbox.send(
        "POST", "/api/v1/tokens", headers: member + [("Content-Type", "application/json")],
        body: Data(#"{"name":"member script"}"#.utf8))
      let id = try #require(created.json?.stringMember("id"))
      guard
        case .array(let mine)? = try await sandbox.send(
          "GET", "/api/v1/tokens", headers: member
        ).json?["tokens"]
      else { throw HarnessError.missing("tokens") }
      #expect(
        Set(mine.compactMap { $0.stringMember("name") }) == [
          "sandbox member (read-write)", "member script",
        ])
      guard case .array(let owners)? = try await sandbox.cloudron("GET", "/tokens").json?["tokens"]
      else { throw HarnessError.missing("tokens") }
      #expect(!owners.contains { $0.stringMember("id") == id })
      #expect(try await sandbox.cloudron("DELETE", "/tokens/\(id)").status == 404)
      #expect(
        try await sandbox.send("DELETE", "/api/v1/tokens/\(id)", headers: member).status == 204)
    }
  }

  @Test("changing the branding needs the owner; an admin route does not")
  func cloudronOwnerRole() {
    let routes = CloudronAPI(store: SandboxStore(options: SandboxOptions())).routes.routes
    func role(_ method: String, _ template: String) -> CloudronWorld.Role? {
      routes.first { $0.method == method && $0.pattern.template == template }
        .map(CloudronAPI.requiredRole)
    }
    #expect(role("POST", "/branding/cloudron_name") == .owner)
    #expect(role("GET", "/branding/cloudron_name") == .admin)
    #expect(role("POST", "/system/reboot") == .admin)
    #expect(role("GET", "/profile") == .user)
    #expect(role("POST", "/profile/password") == .user)
    #expect(CloudronWorld.Role.usermanager < .admin && CloudronWorld.Role.admin < .owner)
  }

  @Test("public Cloudron routes need no token")
  func cloudronPublicRoutes() async throws {
    try await withSandbox { sandbox in
      let ids = try await sandbox.cloudronIDs()
      for path in [
        "/cloudron/status", "/cloudron/avatar", "/cloudron/languages",
        "/profile/avatar/\(ids.userId)",
      ] {
        let result = try await sandbox.send("GET", "/api/v1" + path)
        #expect(result.status == 200, "\(path)")
      }
    }
  }

  @Test("a created Cloudron token works and stops working once deleted")
  func cloudronCreatedToken() async throws {
    try await withSandbox { sandbox in
      let created = try await sandbox.cloudron("POST", "/tokens", json: ["name": "script"])
      let token = try #require(created.json?.stringMember("accessToken"))
      let id = try #require(created.json?.stringMember("id"))
      let auth = [("Authorization", "Bearer \(token)")]
      #expect(try await sandbox.send("GET", "/api/v1/profile", headers: auth).status == 200)
      #expect(try await sandbox.cloudron("DELETE", "/tokens/\(id)").status == 204)
      #expect(try await sandbox.send("GET", "/api/v1/profile", headers: auth).status == 401)
    }
  }

  @Test("Clever Cloud without credentials answers 401 in the v2 and v4 shapes")
  func cleverMissing() async throws {
    try await withSandbox { sandbox in
      let v2 = try await sandbox.send("GET", "/v2/self")
      #expect(v2.status == 401)
      #expect(v2.json?["id"]?.intValue != nil)
      #expect(v2.json?.stringMember("type") == "error")
      let v4 = try await sandbox.send("GET", "/v4/products/zones")
      #expect(v4.status == 401)
      #expect(v4.json?.stringMember("error") != nil)
      #expect(v4.json?["context"] != nil)
      #expect(v4.header("Sozu-Id") != nil)
    }
  }

  @Test("Clever Cloud accepts the Bearer API token and refuses a wrong one")
  func cleverBearer() async throws {
    try await withSandbox { sandbox in
      #expect(try await sandbox.clever("GET", "/v2/self").status == 200)
      let wrong = try await sandbox.send(
        "GET", "/v2/self", headers: [("Authorization", "Bearer wrong")])
      #expect(wrong.status == 401)
    }
  }

  @Test("Clever Cloud accepts the OAuth1 PLAINTEXT header and refuses a bad signature")
  func cleverOAuth() async throws {
    try await withSandbox { sandbox in
      let oauth = sandbox.endpoints.cleverOAuth
      func header(signature: String) -> [(String, String)] {
        [
          (
            "Authorization",
            "OAuth oauth_consumer_key=\"\(oauth.consumerKey)\", oauth_token=\"\(oauth.token)\", "
              + "oauth_signature_method=\"PLAINTEXT\", oauth_signature=\"\(signature)\""
          )
        ]
      }
      let good = try await sandbox.send(
        "GET", "/v2/self", headers: header(signature: "\(oauth.consumerSecret)%26\(oauth.secret)"))
      #expect(good.status == 200)
      let bad = try await sandbox.send(
        "GET", "/v2/self", headers: header(signature: "\(oauth.consumerSecret)%26wrong"))
      #expect(bad.status == 401)
    }
  }
}
