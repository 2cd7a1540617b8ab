import CCS
import CCSRuntime
import Foundation
import Testing

@testable import CCSAPI

/// The API layer end to end: engine → bound command → transport → sandbox over loopback HTTP,
/// asserting on what the sandbox recorded.
@Suite("End to end against the sandbox", .serialized)
struct EndToEndTests {
  func text(_ v: Value) -> String { Render.plainText(v) }

  func errorMessage(_ body: () async throws -> Void) async -> String? {
    do {
      try await body()
      return nil
    } catch {
      return "\(error)"
    }
  }

  // MARK: 1. Pagination

  @Test("a 3-page list streams completely: page=1,2,3 with per_page=25")
  func paginationStreamsAllPages() async throws {
    try await SandboxHarness.with { h in
      let count = try await h.eval("cloudron tasks list | length")
      #expect(text(count) == "60")
      let r = try await h.requests()
      #expect(r.count == 3)
      #expect(r.map(\.path) == Array(repeating: "/api/v1/tasks", count: 3))
      #expect(r.map { $0.queryValue("page") } == ["1", "2", "3"])
      #expect(r.allSatisfy { $0.queryValue("per_page") == "25" })
    }
  }

  @Test("first 3 makes exactly one request")
  func firstThreeIsOneRequest() async throws {
    try await SandboxHarness.with { h in
      let n = try await h.eval("cloudron tasks list | first 3 | length")
      #expect(text(n) == "3")
      let r = try await h.requests()
      #expect(r.count == 1)
      #expect(r.first?.queryValue("page") == "1")
    }
  }

  @Test("--page 2 fetches one page")
  func explicitPage() async throws {
    try await SandboxHarness.with { h in
      let n = try await h.eval("cloudron tasks list --page 2 | length")
      #expect(text(n) == "25")
      let r = try await h.requests()
      #expect(r.count == 1)
      #expect(r.first?.queryValue("page") == "2")
    }
  }

  // MARK: 2. Retries

  @Test("429 with Retry-After is retried for a GET")
  func getRetriedAfter429() async throws {
    try await SandboxHarness.with { h in
      try await h.setFaults(#"{"rateLimitNextRequests":1,"retryAfterSeconds":1}"#)
      let start = ContinuousClock.now
      let v = try await h.eval("cloudron tasks list --page 1 | length")
      #expect(ContinuousClock.now - start >= .milliseconds(900), "Retry-After: 1 not waited")
      #expect(text(v) == "25")
      let r = try await h.requests()
      #expect(r.count == 2)
    }
  }

  @Test("a POST answered 429 is not retried and is catchable with its status")
  func postNotRetried() async throws {
    try await SandboxHarness.with { h in
      try await h.setFaults(#"{"rateLimitNextRequests":1,"retryAfterSeconds":1}"#)
      let v = try await h.eval(
        #"try { cloudron tokens create --name e2e-429 } catch {|e| $e.status }"#)
      #expect(text(v) == "429")
      let r = try await h.requests()
      #expect(r.count == 1)
      #expect(r.first?.method == "POST")
    }
  }

  // MARK: 3. Dry run

  @Test("--dry-run prints method, URL, redacted headers and body; nothing is sent")
  func dryRunFlag() async throws {
    try await SandboxHarness.with { h in
      try await h.eval("cloudron tokens create --name e2e-dry --dry-run")
      let out = h.stdoutSink.text
      #expect(out.contains("dry run"))
      #expect(out.contains("POST"))
      #expect(out.contains(h.endpoints.cloudronBaseURL + "/tokens"))
      #expect(out.lowercased().contains("authorization"))
      #expect(out.contains("e2e-dry"))
      #expect(!out.contains(h.endpoints.cloudronToken))
      let sent = try await h.requests()
      #expect(sent.isEmpty)
    }
  }

  @Test("dryRunWrites turns writes into dry runs while reads still happen")
  func dryRunWrites() async throws {
    try await SandboxHarness.with { h in
      h.api.dryRunWrites = true
      let n = try await h.eval("cloudron tasks list --page 1 | length")
      #expect(text(n) == "25")
      try await h.eval("cloudron tokens create --name e2e-dry2")
      #expect(h.stdoutSink.text.contains("dry run"))
      let r = try await h.requests()
      #expect(r.count == 1)
      #expect(r.first?.method == "GET")
      #expect(h.api.unsentWrites.count == 1)
    }
  }

  // MARK: 4. Confirmation

  @Test(
    "a destructive command without --yes is refused in a non-terminal context; with --yes it is sent"
  )
  func confirmation() async throws {
    try await SandboxHarness.with { h in
      try await h.eval("let t = (cloudron tokens create --name e2e-delete)")
      try await h.adminSend(.delete, "requests")
      let message = await errorMessage { try await h.eval("cloudron tokens delete $t.id") }
      #expect(message?.contains("refusing without confirmation") == true)
      let sent = try await h.requests()
      #expect(sent.isEmpty)
      try await h.eval("cloudron tokens delete $t.id --yes")
      let r = try await h.requests()
      #expect(r.count == 1)
      #expect(r.first?.method == "DELETE")
    }
  }

  // MARK: 5. Readonly

  @Test("a readonly profile refuses a POST before sending")
  func readonlyProfile() async throws {
    try await SandboxHarness.with(readonly: true) { h in
      let message = await errorMessage { try await h.eval("cloudron tokens create --name e2e-ro") }
      #expect(message != nil)
      #expect(message?.lowercased().contains("readonly") == true)
      let sent = try await h.requests()
      #expect(sent.isEmpty)
    }
  }

  // MARK: 6. Auth placement

  @Test("Cloudron bearer token goes in the Authorization header")
  func cloudronBearer() async throws {
    try await SandboxHarness.with { h in
      try await h.eval("cloudron tasks list --page 1 | length")
      let r = try #require(try await h.requests().first)
      #expect(r.headers["authorization"] == "Bearer \(h.endpoints.cloudronToken)")
      #expect(r.queryValue("access_token") == nil)
    }
  }

  @Test("Cloudron query auth sends ?access_token= and no Authorization header")
  func cloudronQueryToken() async throws {
    try await SandboxHarness.with(cloudronAuth: .query) { h in
      let n = try await h.eval("cloudron tasks list --page 1 | length")
      #expect(text(n) == "25")
      let r = try #require(try await h.requests().first)
      #expect(r.queryValue("access_token") == h.endpoints.cloudronToken)
      #expect(r.headers["authorization"] == nil)
    }
  }

  @Test("Clever API token goes in a Bearer header")
  func cleverBearer() async throws {
    try await SandboxHarness.with { h in
      try await h.eval("clever zones list | length")
      let r = try #require(try await h.requests().first)
      #expect(r.headers["authorization"] == "Bearer \(h.endpoints.cleverAPIToken)")
    }
  }

  @Test("Clever OAuth1 PLAINTEXT header has the exact shape")
  func cleverOAuth1() async throws {
    try await SandboxHarness.with { h in
      h.useCleverOAuth()
      try await h.eval("clever zones list | length")
      let r = try #require(try await h.requests().first)
      let o = h.endpoints.cleverOAuth
      #expect(
        r.headers["authorization"]
          == #"OAuth oauth_consumer_key="\#(o.consumerKey)", oauth_token="\#(o.token)", oauth_signature="\#(o.consumerSecret)%26\#(o.secret)""#
      )
    }
  }

  // MARK: 7. Redaction

  @Test("no token appears in stdout, stderr, the verbose log or error messages")
  func secretsRedacted() async throws {
    try await SandboxHarness.with(verbose: true) { h in
      var messages: [String] = []
      try await h.eval("cloudron tasks list --page 1 | length")
      try await h.eval("clever zones list | length")
      try await h.eval("cloudron tokens create --name e2e-redact --dry-run")
      if let m = await errorMessage({ try await h.eval("cloudron tasks get 999999") }) {
        messages.append(m)
      }
      let caught = try await h.eval(#"try { cloudron tasks get 999999 } catch {|e| $e }"#)
      messages.append(text(caught))
      h.useCleverOAuth()
      try await h.eval("clever zones list | length")
      #expect(messages.count == 2)
      let everything = ([h.stdoutSink.text, h.stderrSink.text] + h.verboseLines + messages).joined(
        separator: "\n")
      #expect(!h.verboseLines.isEmpty)
      let o = h.endpoints.cleverOAuth
      for secret in [
        h.endpoints.cloudronToken, h.endpoints.cleverAPIToken, o.token, o.secret, o.consumerSecret,
      ] {
        #expect(!everything.contains(secret), "leaked \(secret)")
      }
    }
  }

  // MARK: 9. HTTP errors

  @Test("a 404 becomes an error value with status, method, URL (no token) and the API's message")
  func notFound() async throws {
    try await SandboxHarness.with(cloudronAuth: .query) { h in
      let v = try await h.eval(
        #"try { cloudron tasks get 999999 } catch {|e| {status: $e.status, method: $e.method, url: $e.url, message: $e.message} }"#
      )
      let rec = try #require(v.recordValue)
      #expect(rec["status"].map(text) == "404")
      #expect(rec["method"].map(text) == "GET")
      let url = rec["url"].map(text) ?? ""
      #expect(url.contains("/api/v1/tasks/999999"))
      #expect(!url.contains(h.endpoints.cloudronToken))
      let message = rec["message"].map(text) ?? ""
      #expect(message.contains("404"))
      #expect(message.contains("No such task"))
      #expect(!message.contains(h.endpoints.cloudronToken))
      let sent = try await h.requests()
      #expect(sent.count == 1)
    }
  }
}
