import CCS
import CCSRuntime
import Foundation
import Testing

@testable import CCSAPI

/// The safety rules of raw `http` requests and path parameters, end to end against the
/// sandbox; the sandbox's request log proves what was (not) sent.
@Suite("Safety rules against the sandbox", .serialized)
struct SafetyTests {
  /// The error kind of a failing ccs expression, or "none".
  func kind(_ h: SandboxHarness, _ source: String) async throws -> String {
    Render.plainText(try await h.eval("try { \(source); 'none' } catch {|e| $e.kind }"))
  }

  @Test(
    "a readonly profile refuses raw writes to its base URL before sending",
    arguments: ["post", "put", "patch", "delete"])
  func readonlyRefusesRawWrites(method: String) async throws {
    try await SandboxHarness.with(readonly: true) { h async throws in
      let url = h.endpoints.cloudronBaseURL + "/tokens"
      #expect(try await kind(h, "http \(method) '\(url)' --body {name: 'x'} --yes") == "readonly")
      #expect(try await h.requests().isEmpty)
      // Reads still go through.
      _ = try await h.eval("http get '\(url)' --profile sandbox-cloudron")
      #expect(try await h.requests().map(\.method) == ["GET"])
    }
  }

  @Test("http --profile with a readonly profile refuses a write, whatever the URL")
  func readonlyFlagProfile() async throws {
    try await SandboxHarness.with(readonly: true) { h async throws in
      let url = h.endpoints.cleverBaseURL + "/v4/anything"
      #expect(try await kind(h, "http post '\(url)' --profile sandbox-clever") == "readonly")
      #expect(try await h.requests().isEmpty)
    }
  }

  @Test("ccs --profile NAME with a readonly profile governs raw writes to any URL")
  func readonlySessionProfile() async throws {
    try await SandboxHarness.with(readonly: true) { h async throws in
      h.api.explicitProfile = "sandbox-cloudron"
      #expect(try await kind(h, "http post 'http://127.0.0.1:1/elsewhere'") == "readonly")
    }
  }

  @Test("http delete needs --yes in a script; with it the request is sent")
  func rawDeleteNeedsConfirmation() async throws {
    try await SandboxHarness.with { h async throws in
      let id = Render.plainText(
        try await h.eval("cloudron tokens create --name e2e-raw-delete | get id"))
      try await h.adminSend(.delete, "requests")
      let url = h.endpoints.cloudronBaseURL + "/tokens/" + id
      #expect(
        try await kind(h, "http delete '\(url)' --profile sandbox-cloudron") == "confirmation")
      #expect(try await h.requests().isEmpty)
      _ = try await h.eval("http delete '\(url)' --profile sandbox-cloudron --yes")
      #expect(try await h.requests().map(\.method) == ["DELETE"])
    }
  }

  @Test("a raw write matching a destructive catalog operation needs --yes")
  func rawDestructiveRoute() async throws {
    try await SandboxHarness.with { h async throws in
      let url = h.endpoints.cloudronBaseURL + "/tasks/tid-1/stop"
      #expect(try await kind(h, "http post '\(url)' --profile sandbox-cloudron") == "confirmation")
      #expect(try await h.requests().isEmpty)
      // A non-destructive write is sent without confirmation.
      _ = try? await h.eval(
        "http post '\(h.endpoints.cloudronBaseURL)/tokens' --body {name: 'e2e-raw'} --profile sandbox-cloudron"
      )
      #expect(try await h.requests().map(\.method) == ["POST"])
    }
  }

  @Test("ccs --dry-run counts raw writes as unsent and sends only reads")
  func dryRunCountsRawWrites() async throws {
    try await SandboxHarness.with { h async throws in
      h.api.dryRunWrites = true
      let base = h.endpoints.cloudronBaseURL
      _ = try await h.eval(
        "http post '\(base)/tokens' --body {name: 'dry'} --profile sandbox-cloudron")
      _ = try await h.eval("http delete '\(base)/tokens/x' --profile sandbox-cloudron")
      _ = try await h.eval("http get '\(base)/tokens' --profile sandbox-cloudron")
      #expect(h.api.unsentWrites.count == 2)
      #expect(h.api.unsentWrites.first?.hasPrefix("POST ") == true)
      #expect(try await h.requests().map(\.method) == ["GET"])
    }
  }

  @Test("a dry run masks secret-bearing body members by name, whole and at any depth")
  func dryRunRedactsBody() async throws {
    try await SandboxHarness.with { h async throws in
      let body = """
        {name: "visible-name", private_key: "PK-0001", passphrase: "PP-0002", \
        config: {db_password: 30003, tags: ["visible-tag"]}, ssh: {privateKey: {pem: "PEM-0004"}}, \
        clientSecret: "CS-0005", apiKey: "AK-0006"}
        """
      _ = try await h.eval(
        "http post '\(h.endpoints.cloudronBaseURL)/tokens' --body \(body) --dry-run")
      let out = h.stdoutSink.text
      for secret in ["PK-0001", "PP-0002", "30003", "PEM-0004", "CS-0005", "AK-0006"] {
        #expect(!out.contains(secret), "\(secret) leaked")
      }
      #expect(out.contains("visible-name"))
      #expect(out.contains("visible-tag"))
      #expect(out.contains("\"private_key\": \"[REDACTED]\""))
      #expect(try await h.requests().isEmpty)
    }
  }

  @Test("--verbose masks secret-bearing query values by name")
  func verboseRedactsQueryByName() async throws {
    try await SandboxHarness.with(verbose: true) { h async throws in
      let url = h.endpoints.cloudronBaseURL + "/cloudron/status?signing_key=SK-0007&page=1"
      _ = try await h.eval("http get '\(url)'")
      let log = h.verboseLines.joined(separator: "\n")
      #expect(log.contains("> GET"))
      #expect(!log.contains("SK-0007"))
      #expect(log.contains("page=1"))
    }
  }

  @Test("rendered requests mask secret-bearing header values by name")
  func dryRunRedactsHeadersByName() async throws {
    try await SandboxHarness.with { h async throws in
      let url = h.endpoints.cloudronBaseURL + "/tokens"
      _ = try await h.eval(
        "http post '\(url)' -H {'X-Private-Key': 'XP-0008', 'X-Trace': 'visible-trace'} --dry-run")
      let out = h.stdoutSink.text
      #expect(!out.contains("XP-0008"))
      #expect(out.contains("X-Private-Key: [REDACTED]"))
      #expect(out.contains("visible-trace"))
    }
  }

  @Test(
    "path parameters that would change the path's shape are refused before sending",
    arguments: ["''", "'.'", "'..'"])
  func dotAndEmptySegmentsRefused(value: String) async throws {
    try await SandboxHarness.with { h async throws in
      #expect(try await kind(h, "cloudron tokens get \(value)") == "argument")
      #expect(
        try await kind(h, "clever drains list --owner \(value) --resource app_x") == "argument")
      #expect(try await h.requests().isEmpty)
    }
  }

  @Test("a path parameter with a slash is percent-encoded into one segment")
  func slashIsEncoded() async throws {
    try await SandboxHarness.with { h async throws in
      _ = try await h.eval("cloudron tokens get 'a/../b' --dry-run")
      #expect(h.stdoutSink.text.contains("/tokens/a%2F..%2Fb"))
    }
  }
}
