import CCS
import Foundation
import Testing

@testable import CCSShell

/// The prompt completes from the engine: host commands, their flags, and variables, like any
/// builtin.
@Suite("completion through the engine")
struct EngineCompletionTests {
  static func engine() async throws -> Engine {
    var configuration = Engine.Configuration()
    configuration.apis = .none
    configuration.standardOutput = BufferSink()
    configuration.standardError = BufferSink()
    configuration.environment = ["HOME": "/nonexistent-ccs-test-home"]
    let engine = try await Engine(configuration)
    await engine.register(
      BuiltinCommand(
        "deploy-host", category: "host", summary: "A host command",
        signature: Signature(flags: [FlagSpec("target", .string, "Where to")])
      ) { _, _ in .null })
    _ = await engine.run(source: "let release_name = 'v1'")
    return engine
  }

  /// Completes on a thread of its own, as the line editor does: completion waits for the
  /// engine, which must not be starved of the cooperative pool's few threads.
  static func complete(_ source: CompletionSource, _ line: String) async -> [String] {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(returning: source.complete(line, cursor: line.utf8.count).candidates)
      }
    }
  }

  @Test func hostCommandsCompleteLikeBuiltins() async throws {
    let source = CompletionSource(engine: try await Self.engine())
    #expect(await Self.complete(source, "deploy-h") == ["deploy-host"])
    #expect(await Self.complete(source, "deploy-host --ta") == ["--target"])
  }

  @Test func globalVariablesComplete() async throws {
    let source = CompletionSource(engine: try await Self.engine())
    #expect(await Self.complete(source, "print $release") == ["$release_name"])
  }
}
