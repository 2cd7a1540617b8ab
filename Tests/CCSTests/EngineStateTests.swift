import CCS
import Foundation
import Testing

@Suite("Engine: variables and diagnostics")
struct EngineStateTests {
  @Test func variablesGoInAndComeOut() async throws {
    let (engine, _) = try await quietEngine()
    #expect(await engine.setVariable("limit", to: .int(3)))
    let result = await engine.run(
      source: "let doubled = $limit * 2\nmut names = [a b]\n$names = ($names | append c)")
    #expect(result.succeeded)
    #expect(await engine.variable(named: "doubled") == .int(6))
    #expect(
      await engine.variable(named: "names") == .list([.string("a"), .string("b"), .string("c")]))
    #expect(await engine.variable(named: "missing") == nil)
    #expect(await engine.setVariable("not a name", to: .null) == false)
    #expect(await engine.globalNames().variables.contains("doubled"))
  }

  @Test func definitionsPersistAcrossRuns() async throws {
    let (engine, _) = try await quietEngine()
    _ = await engine.run(source: "def twice [x: int] { $x * 2 }")
    #expect(await engine.run(source: "twice 21").value == .int(42))
    #expect(await engine.globalNames().commands.contains("twice"))
  }

  @Test func parseErrorsAreDiagnosticValuesWithRanges() async throws {
    let seen = Locked<[Diagnostic]>([])
    let (engine, out) = try await quietEngine(onDiagnostic: { d in seen.withLock { $0.append(d) } })
    let source = "let x = [1, 2\nprint 'never'"
    let result = await engine.run(source: source, name: "broken.ccs")
    #expect(result.status == .rejected)
    #expect(result.exitCode == 2)
    let d = try #require(result.diagnostics.first)
    #expect(d.severity == .error)
    #expect(d.file?.name == "broken.ccs")
    #expect(d.message.contains("']'"))
    #expect(seen.withLock { $0.count } == result.diagnostics.count)
    #expect(out.text.isEmpty, "nothing ran")
    #expect(
      await engine.check(source: source, name: "broken.ccs").count == result.diagnostics.count)
  }

  @Test func runtimeErrorsAreDiagnosticValuesLocatedInSource() async throws {
    let (engine, _) = try await quietEngine()
    let result = await engine.run(source: "let r = {a: 1}\n$r.b.c", name: "fields.ccs")
    #expect(result.status == .failed)
    #expect(result.exitCode == 1)
    let d = try #require(result.diagnostics.first)
    let (line, _) = try #require(d.file).location(of: d.range.start)
    #expect(line == 2)
    #expect(Engine.describe(d).hasPrefix("fields.ccs:2:"))
  }

  @Test func valuesGoToOnValueInOrderAndRenderSeparately() async throws {
    let (engine, out) = try await quietEngine()
    let seen = Locked<[Value]>([])
    let result = await engine.run(source: "1\n'two'\n[3]") { value in
      seen.withLock { $0.append(value) }
      try await engine.render(value, format: .json)
    }
    #expect(result.succeeded)
    #expect(seen.withLock { $0 } == [.int(1), .string("two"), .list([.int(3)])])
    #expect(out.text == "1\n\"two\"\n[\n  3\n]\n")
    let last = await engine.run(source: "1\n2")
    #expect(last.value == .int(2))
  }

  @Test func unreadableFileIsRejected() async throws {
    let (engine, _) = try await quietEngine()
    let result = await engine.run(file: "/nonexistent/never.ccs")
    #expect(result.status == .rejected)
    #expect(
      result.diagnostics.first?.message == "cannot read '/nonexistent/never.ccs': no such file")
  }
}
