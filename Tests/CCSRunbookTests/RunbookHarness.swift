import AsyncHTTPClient
import CCS
import CCSRunbook
import Foundation
import NIOCore

/// Runs runbooks in this process on an engine with a private sandbox, collecting everything.
struct RunbookHarness {
  let stdout = BufferSink()
  let stderr = BufferSink()
  let engine = Locked<Engine?>(nil)

  /// The runner, with reproducible durations (each clock reading advances 0.25 s).
  func runner(_ options: RunbookOptions, apis: Engine.APIs = .all) -> RunbookRunner {
    var configuration = Engine.Configuration()
    configuration.apis = apis
    configuration.connection = .sandbox(SandboxOptions(taskDuration: .milliseconds(300)))
    configuration.standardOutput = stdout
    configuration.standardError = stderr
    configuration.environment = ["HOME": "/nonexistent-ccs-test-home"]
    let stderr = self.stderr
    configuration.onDiagnostic = { stderr.write(Engine.describe($0)) }
    var runner = RunbookRunner(options: options, configuration: configuration)
    let ticks = Locked(0.0)
    runner.clock = {
      ticks.withLock { t -> Double in
        t += 0.25; return t
      }
    }
    let engine = self.engine
    runner.onEngine = { e in engine.withLock { $0 = e } }
    return runner
  }

  /// Runs markdown text as `incident.md`.
  func run(
    _ markdown: String, _ configure: (inout RunbookOptions) -> Void = { _ in },
    apis: Engine.APIs = .none
  ) async throws(RunbookError) -> RunbookResult {
    var options = RunbookOptions(path: "incident.md")
    configure(&options)
    return try await runner(options, apis: apis).run(
      RunbookDocument(path: "incident.md", text: markdown))
  }

  /// The API requests the engine's sandbox recorded, as `METHOD /path`.
  func requests() async throws -> [String] {
    guard let admin = engine.withLock({ $0 })?.sandbox?.adminURL else { return [] }
    let response = try await HTTPClient.shared.execute(
      HTTPClientRequest(url: admin.appendingPathComponent("requests").absoluteString),
      timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 1 << 22)
    let json =
      try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any]
    return (json?["requests"] as? [[String: Any]] ?? []).map {
      "\($0["method"] as? String ?? "?") \($0["path"] as? String ?? "?")"
    }
  }
}

/// The repository root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
