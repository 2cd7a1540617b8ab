import CCS
import CCSRunbook
import Foundation
import Testing

/// The operator runbooks of stdlib/runbooks pass against the sandbox, step by step.
@Suite("stdlib/runbooks against the sandbox", .serialized)
struct StandardRunbookTests {
  /// Ids from a sandbox with the default seed (every sandbox with that seed has the same ones).
  static func sandboxFacts() async throws -> (owner: String, app: String, token: String) {
    var configuration = Engine.Configuration()
    configuration.connection = .sandbox()
    configuration.standardOutput = BufferSink()
    configuration.standardError = BufferSink()
    configuration.environment = ["HOME": "/nonexistent-ccs-test-home"]
    let engine = try await Engine(configuration)
    let result = await engine.run(
      source: """
        let base = (profile show sandbox-clever | get base_url)
        let owner = (http get "$base/v2/organisations" --profile sandbox-clever | first | get id)
        let app = (http get "$base/v2/organisations/$owner/applications" --profile sandbox-clever | first | get id)
        let token = (cloudron tokens list | where name != null | first | get name)
        """)
    #expect(result.succeeded, "\(result.diagnostics)")
    let owner = await engine.variable(named: "owner")?.stringValue ?? ""
    let app = await engine.variable(named: "app")?.stringValue ?? ""
    let token = await engine.variable(named: "token")?.stringValue ?? ""
    return (owner, app, token)
  }

  static func run(
    _ file: String, _ parameters: [String: String], dryRun: Bool = false
  ) async throws -> (RunbookResult, RunbookHarness) {
    let path = repositoryRoot.appendingPathComponent("stdlib/runbooks/\(file)").path
    let document = try RunbookDocument.load(path)
    var options = RunbookOptions(path: path)
    options.parameters = parameters.sorted { $0.key < $1.key }.map {
      .init(name: $0.key, value: $0.value)
    }
    options.dryRun = dryRun
    let h = RunbookHarness()
    let result = try await h.runner(options).run(document)
    return (result, h)
  }

  static func expectAllPassed(_ result: RunbookResult, _ h: RunbookHarness) {
    #expect(result.exitCode == 0, "\(h.stderr.text)")
    for step in result.steps {
      if case .skipped(let reason) = step.status {
        #expect(reason == "marked skip", "\(step.name)")
      } else {
        #expect(step.status == .passed, "\(step.name): \(step.errors)")
      }
    }
  }

  @Test(.timeLimit(.minutes(2)))
  func investigateAFailingDeployment() async throws {
    let facts = try await Self.sandboxFacts()
    let (result, h) = try await Self.run(
      "clever-failing-deployment.md", ["owner": facts.owner, "app": facts.app])
    Self.expectAllPassed(result, h)
    #expect(h.stdout.text.contains("FAILED"))
    #expect(h.stdout.text.contains("error or warning line(s) among the last"))
  }

  @Test(.timeLimit(.minutes(2)))
  func rotateACloudronToken() async throws {
    let facts = try await Self.sandboxFacts()
    let (result, h) = try await Self.run("cloudron-rotate-token.md", ["name": facts.token])
    Self.expectAllPassed(result, h)
    #expect(h.stdout.text.contains("the new token authenticates as"))
    #expect(h.stdout.text.contains("revoked "))
    let requests = try await h.requests()
    #expect(requests.contains { $0.hasPrefix("POST ") && $0.hasSuffix("/tokens") })
    #expect(requests.contains { $0.hasPrefix("DELETE ") })
    #expect(!h.stdout.text.contains("cloudron-demo"), "no secret is printed")
  }

  @Test(.timeLimit(.minutes(2)))
  func rotateInADryRunSendsNoWrite() async throws {
    let facts = try await Self.sandboxFacts()
    let (result, h) = try await Self.run(
      "cloudron-rotate-token.md", ["name": facts.token], dryRun: true)
    Self.expectAllPassed(result, h)
    let requests = try await h.requests()
    #expect(requests.allSatisfy { $0.hasPrefix("GET ") }, "\(requests)")
  }

  @Test(.timeLimit(.minutes(2)))
  func setUpALogDrain() async throws {
    let facts = try await Self.sandboxFacts()
    let (result, h) = try await Self.run(
      "clever-log-drain.md",
      ["owner": facts.owner, "app": facts.app, "url": "https://logs.example.com/intake"])
    Self.expectAllPassed(result, h)
    #expect(h.stdout.text.contains("is ENABLED"))
  }

  @Test(.timeLimit(.minutes(2)))
  func applyCloudronUpdates() async throws {
    let (result, h) = try await Self.run("cloudron-updates.md", [:])
    Self.expectAllPassed(result, h)
    #expect(h.stdout.text.contains("update finished"))
    let requests = try await h.requests()
    #expect(requests.contains { $0.hasPrefix("POST ") && $0.contains("/updater/update") })
  }

  @Test(.timeLimit(.minutes(2)))
  func everyStandardRunbookIsTested() throws {
    let files = try FileManager.default.contentsOfDirectory(
      atPath: repositoryRoot.appendingPathComponent("stdlib/runbooks").path
    ).filter { $0.hasSuffix(".md") }.sorted()
    #expect(
      files == [
        "clever-failing-deployment.md", "clever-log-drain.md", "cloudron-rotate-token.md",
        "cloudron-updates.md",
      ])
  }
}
