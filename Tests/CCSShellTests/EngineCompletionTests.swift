import CCS
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

  @Test func hostCommandsCompleteLikeBuiltins() async throws {
    let source = CompletionSource(engine: try await Self.engine())
    #expect(source.complete("deploy-h", cursor: 8).candidates == ["deploy-host"])
    #expect(source.complete("deploy-host --ta", cursor: 16).candidates == ["--target"])
  }

  @Test func globalVariablesComplete() async throws {
    let source = CompletionSource(engine: try await Self.engine())
    // Variables are read through the engine with a 3 s limit; a loaded machine may miss it.
    var candidates: [String] = []
    for _ in 0..<5 where candidates.isEmpty {
      candidates = source.complete("print $release", cursor: 14).candidates
    }
    #expect(candidates == ["$release_name"])
  }
}
