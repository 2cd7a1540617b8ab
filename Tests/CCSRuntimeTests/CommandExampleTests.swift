import CCS
import CCSRuntime
import Testing

/// Every example in every command declaration runs, and its result matches the declared JSON:
/// help text can never drift from behaviour.
struct CommandExampleTests {
  static let examples: [(String, CommandExample)] = {
    let registry = CommandRegistry()
    registry.register(Builtins.all)
    return registry.all.flatMap { c in c.examples.map { (c.name, $0) } }
  }()

  static var ids: [String] {
    examples.indices.map { "\(examples[$0].0): \(examples[$0].1.description)" }
  }

  @Test(arguments: ids)
  func example(_ id: String) async throws {
    let entry = try #require(Self.examples.first { "\($0.0): \($0.1.description)" == id })
    let example = entry.1
    let engine = try await Engine(
      context: RuntimeContext(stdout: BufferSink(), stderr: BufferSink()))
    var value = try await engine.evaluate(example.source)
    if case .stream(let s) = value { value = .list(try await s.collect()) }
    if let expected = example.expected {
      #expect(JSONWriter.write(value, pretty: false) == expected, "\(entry.0): \(example.source)")
    }
  }

  @Test func everyBuiltinHasAnExampleOrIsIO() {
    let registry = CommandRegistry()
    registry.register(Builtins.all)
    let exempt: Set<String> = ["open", "save"]
    let missing = registry.all.filter { $0.examples.isEmpty && !exempt.contains($0.name) }.map(
      \.name)
    #expect(missing.isEmpty, "commands without examples: \(missing)")
  }
}
