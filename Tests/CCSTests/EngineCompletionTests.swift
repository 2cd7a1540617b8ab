import CCS
import Foundation
import Testing

/// The prompt completes from the engine: host commands, their flags, and variables, like any
/// builtin.
@Suite("completion through the engine")
struct EngineCompletionTests {
  static func engine() async throws -> Engine {
    let (engine, _) = try await quietEngine()
    await engine.register(
      BuiltinCommand(
        "deploy-host", category: "host", summary: "A host command",
        signature: Signature(flags: [FlagSpec("target", .string, "Where to")])
      ) { _, _ in .null })
    _ = await engine.run(source: "let release_name = 'v1'")
    return engine
  }

  /// Completes on a thread of its own, as the line editor does.
  static func complete(_ engine: Engine, _ line: String) async -> [String] {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(returning: engine.complete(line, cursor: line.utf8.count).candidates)
      }
    }
  }

  @Test func hostCommandsCompleteLikeBuiltins() async throws {
    let engine = try await Self.engine()
    #expect(await Self.complete(engine, "deploy-h") == ["deploy-host"])
    #expect(await Self.complete(engine, "deploy-host --ta") == ["--target"])
  }

  @Test func globalVariablesComplete() async throws {
    let engine = try await Self.engine()
    #expect(await Self.complete(engine, "print $release") == ["$release_name"])
  }

  @Test("a history line loses the text of the session's secret variables")
  func historyRedaction() async throws {
    let engine = try await Self.engine()
    _ = await engine.run(source: "let deploy_token = 'tok-9f8e7d'")
    #expect(engine.redactedForHistory("print tok-9f8e7d | length") == "print *** | length")
    #expect(engine.redactedForHistory("let api_key = 'x'") == "let api_key = '***'")
  }
}

@Suite("completion of API commands")
struct APICompletionTests {
  @Test("--profile completes the profiles of the command's API, the sandbox's included")
  func profileNames() async throws {
    let (engine, _) = try await quietEngine(apis: .all, connection: .sandbox())
    let line = "cloudron tasks list --profile "
    let cloudron = await EngineCompletionTests.complete(engine, line)
    #expect(cloudron == ["sandbox-cloudron"])
    let clever = await EngineCompletionTests.complete(engine, "clever self --profile sandbox-c")
    #expect(clever == ["sandbox-clever"])
  }
}
