import CCSLanguage
import Testing

@testable import CCSRuntime

/// The prelude is loaded at every start without the program check (`Interpreter.defineAll`),
/// so the check runs here instead.
@Suite("Prelude")
struct PreludeTests {
  func interpreter() -> Interpreter {
    let registry = CommandRegistry()
    registry.register(Builtins.all)
    let context = RuntimeContext(
      stdout: BufferSink(), stderr: BufferSink(), environment: [:], currentDirectory: "/tmp")
    return Interpreter(registry: registry, context: context)
  }

  @Test func passesTheProgramCheck() throws {
    let interpreter = interpreter()
    let file = SourceFile(name: "prelude.ccs", text: Prelude.source)
    let (program, diagnostics) = Parser.parse(file, config: interpreter.parserConfig)
    #expect(diagnostics.isEmpty)
    #expect(!program.block.statements.isEmpty)
    try interpreter.check(program)
  }

  @Test func definesItsCommandsWithoutRunningAnything() async throws {
    let interpreter = interpreter()
    try interpreter.defineAll(Prelude.source, name: "prelude.ccs")
    let value = try await interpreter.evaluate("[{a: 1} {a: 3} {a: 2}] | max-by a | get a")
    #expect(value == .int(3))
    let fallback = try await interpreter.evaluate("null | default 7")
    #expect(fallback == .int(7))
  }

  @Test func refusesAStatementThatIsNotADefinition() async {
    let interpreter = interpreter()
    #expect(throws: RuntimeError.self) {
      try interpreter.defineAll("def f [] { 1 }\nprint 2", name: "lib.ccs")
    }
    // Nothing of a refused source is defined.
    await #expect(throws: (any Error).self) { try await interpreter.evaluate("f") }
  }
}
