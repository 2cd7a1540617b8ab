import CCS
import Foundation
import Testing

@Suite("Engine: host commands")
struct EngineHostCommandTests {
  static let greet = BuiltinCommand(
    "greet", category: "host", summary: "Say hello to someone",
    signature: Signature(
      [PositionalSpec("name", .string, "Who to greet")], input: "nothing", output: "string"),
    examples: [CommandExample("Greet the world", "greet world", "\"hello world\"")]
  ) { call, _ in
    .string("hello \(call.string("name") ?? "")")
  }

  /// Counts from 1 to `--to`, one value at a time.
  static let countTo = BuiltinCommand(
    "count-to", category: "host", summary: "Stream the numbers 1 to N",
    signature: Signature(
      flags: [FlagSpec("to", .int, "The last number", default: .int(3))], output: "stream")
  ) { call, _ in
    let last = call.int("to") ?? 3
    let produced = Locked(0)
    return .stream(
      ValueStream {
        produced.withLock { n -> Value? in
          guard n < last else { return nil }
          n += 1
          return .int(n)
        }
      })
  }

  @Test func hostCommandRunsAndPipesLikeABuiltin() async throws {
    let (engine, _) = try await quietEngine()
    await engine.register(Self.greet)
    let result = await engine.run(source: "greet world | str upcase")
    #expect(result.status == .succeeded)
    #expect(result.value == .string("HELLO WORLD"))
  }

  @Test func hostCommandAppearsInHelpAndCompletion() async throws {
    let (engine, _) = try await quietEngine()
    await engine.register(Self.greet)
    let help = await engine.run(source: "help greet")
    #expect(help.value.stringValue?.contains("Say hello to someone") == true)
    #expect(help.value.stringValue?.contains("greet world") == true)
    #expect(engine.commands.contains { $0.name == "greet" })
    #expect(engine.command(named: "greet")?.signature.positionals.first?.name == "name")
  }

  @Test func hostCommandArgumentsAreCheckedAgainstItsSignature() async throws {
    let (engine, _) = try await quietEngine()
    await engine.register(Self.greet)
    let result = await engine.run(source: "greet", name: "check.ccs")
    #expect(result.status != .succeeded)
    #expect(result.diagnostics.first?.message.contains("name") == true, "\(result.diagnostics)")
    #expect(result.diagnostics.first?.file?.name == "check.ccs")
  }

  @Test func hostStreamCommandIsConsumedLazily() async throws {
    let (engine, _) = try await quietEngine()
    await engine.register(Self.countTo)
    let all = await engine.run(source: "count-to --to 5 | each {|n| $n * 10 }")
    #expect(try await ints(all.value) == [10, 20, 30, 40, 50])
    let firstTwo = await engine.run(source: "count-to --to 1000000 | first 2")
    #expect(try await ints(firstTwo.value) == [1, 2])
  }

  @Test func callRunsOneCommandWithValues() async throws {
    let (engine, _) = try await quietEngine()
    await engine.register(Self.countTo)
    let streamed = await engine.call(command: "count-to", flags: ["to": .int(4)])
    #expect(try await ints(streamed.value) == [1, 2, 3, 4])
    let upper = await engine.call(command: "str upcase", input: .string("abc"))
    #expect(upper.value == .string("ABC"))
    let unknown = await engine.call(command: "no-such-command")
    #expect(unknown.status == .rejected)
    #expect(unknown.diagnostics.first?.message == "unknown command 'no-such-command'")
    let malformed = await engine.call(command: "greet; rm")
    #expect(malformed.status == .rejected)

    // Errors name the argument they come from, not the source the call was run as.
    let badArgument = await engine.call(
      command: "first", arguments: [.string("two")], input: .list([.int(1)]))
    #expect(badArgument.status != .succeeded)
    let d = try #require(badArgument.diagnostics.first)
    #expect(d.file == nil)
    #expect(d.notes.first == "in argument 1 of the call of 'first'")
    #expect(!d.description.contains("__call"))
    let badFlag = await engine.call(command: "count-to", flags: ["to": .string("x")])
    #expect(badFlag.diagnostics.first?.notes.first == "in flag --to of the call of 'count-to'")
  }

  @Test func aHostCommandCannotRunSourceOnItsOwnEngine() async throws {
    let (engine, _) = try await quietEngine()
    let inner = Locked<Evaluation?>(nil)
    await engine.register(
      BuiltinCommand("reenter", category: "host", summary: "Runs source on its own engine") {
        _, _ in
        inner.withLock { _ in }
        let result = await engine.run(source: "1")
        inner.withLock { $0 = result }
        return .null
      })
    let outer = await engine.run(source: "reenter")
    #expect(outer.succeeded)
    #expect(inner.withLock { $0 }?.status == .rejected)
  }
}
