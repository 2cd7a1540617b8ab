import CCS
import CCSLanguage
import Foundation
import Testing

@testable import CCSRuntime

/// Values at and past their limits: depth, long operator chains, YAML alias expansion,
/// base-60 ints. Each case that used to trap or overflow the stack now gives an error.
@Suite("Value limits")
struct ValueLimitsTests {
  func engine() async throws -> Engine {
    try await Engine(
      context: RuntimeContext(
        stdout: BufferSink(), stderr: BufferSink(), environment: [:], currentDirectory: "/tmp",
        terminalWidth: 80))
  }

  func message(_ source: String) async -> String? {
    do {
      _ = try await engine().evaluate(source)
      return nil
    } catch let error as RuntimeError {
      return error.value.message
    } catch {
      return "\(error)"
    }
  }

  @Test("nesting is measured in levels of lists, records and errors")
  func nestingExceeds() {
    var value: Value = .int(1)
    #expect(!value.nestingExceeds(0))
    for _ in 0..<5 { value = .list([.string("x"), value]) }
    #expect(value.nestingExceeds(4))
    #expect(!value.nestingExceeds(5))
    let record = Value.record(Record([("a", value)]))
    #expect(record.nestingExceeds(5))
    #expect(!record.nestingExceeds(6))
  }

  @Test(
    "a value wrapped in a loop stops at the depth limit",
    arguments: [
      "mut x = []; for i in 1..5000 { $x = [$x] }",
      "mut x = {}; for i in 1..5000 { $x = {k: $x} }",
      "mut x = {}; for i in 1..5000 { $x.k = $x }",
      "mut x = 1; for i in 1..5000 { $x = ($x | wrap k) }",
      "mut x = 1; for i in 1..5000 { $x = ([1] | each {|_| $x}) }",
      "mut x = 1; for i in 1..5000 { $x = (seq 1 1 | each {|_| $x} | last 1) }",
      "mut x = 1; for i in 1..5000 { $x = ([1] | reduce --fold [] {|it, acc| [$x]}) }",
    ])
  func wrappedInALoop(source: String) async throws {
    let found = await message(source)
    #expect(found?.contains("value nested too deeply") == true, "\(found ?? "no error")")
  }

  // 200 doublings: a check that walks shared parts again is 2^200 steps and never ends, so
  // the generous limit only catches that (no timing assertion on a loaded machine).
  @Test("values that share their parts are checked in linear time", .timeLimit(.minutes(3)))
  func sharedParts() async throws {
    let engine = try await engine()
    let result = try await engine.evaluate(
      "mut x = 1; for i in 1..200 { $x = [$x $x] }; mut y = 1; for i in 1..200 { $y = {a: $y, b: $y} }; 'built'"
    )
    #expect(result == .string("built"))
  }

  @Test("values at the depth limit print, compare and convert")
  func atTheLimit() async throws {
    let engine = try await engine()
    let source = """
      mut x = 0
      for i in 1..\(Value.maxDepth) { $x = [$x] }
      [($x | to json | str length | $in > \(2 * Value.maxDepth)) ($x == $x) ($x | to yaml | str length | $in > 0) ("$x" | str length)]
      """
    let result = try await engine.evaluate(source)
    let width = 2 * Value.maxDepth + 1
    #expect(result == .list([.bool(true), .bool(true), .bool(true), .int(width)]))
  }

  @Test("a 100,000-term chain of + and 'and' evaluates and is released", arguments: ["+", "and"])
  func longChain(op: String) async throws {
    let term = op == "+" ? "1" : "true"
    let source = Array(repeating: term, count: 100_000).joined(separator: " \(op) ")
    // On a task, where stacks are small; the program is released when the task ends.
    let value = try await Task.detached {
      let engine = try await Engine(
        context: RuntimeContext(
          stdout: BufferSink(), stderr: BufferSink(), environment: [:],
          currentDirectory: "/tmp", terminalWidth: 80))
      return try await engine.evaluate(source)
    }.value
    #expect(value == (op == "+" ? .int(100_000) : .bool(true)))
  }

  @Test("a parsed 200,000-term chain is released without recursion")
  func parsedChainRelease() async {
    let source = Array(repeating: "1", count: 200_000).joined(separator: " * ")
    let count = await Task.detached {
      let (program, diagnostics) = Parser.parse(SourceFile(name: "chain", text: source))
      return diagnostics.count + program.block.statements.count
    }.value
    #expect(count == 1)
  }

  /// Ten levels of ten: 10^10 nodes from a few hundred bytes.
  static var laughs: String {
    var lines = ["l0: &l0 [lol, lol]"]
    for level in 1...9 {
      let aliases = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
      lines.append("l\(level): &l\(level) [\(aliases)]")
    }
    return lines.joined(separator: "\n")
  }

  /// The same growth through mapping keys, which Yams hashes while composing.
  static var laughingKeys: String {
    var lines = ["k0: &k0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in 1...8 {
      var entries: [String] = []
      for index in 0..<10 { entries.append("? [*k\(level - 1), \(index)] : \(index)") }
      lines.append("k\(level): &k\(level) {\(entries.joined(separator: ", "))}")
    }
    return lines.joined(separator: "\n")
  }

  @Test("billion laughs is refused before expansion, also through mapping keys")
  func billionLaughs() throws {
    #expect(throws: FormatError.self) { try YAMLCodec.decode(Self.laughs) }
    #expect(throws: FormatError.self) { try YAMLCodec.decode(Self.laughingKeys) }
  }

  @Test("many small aliases are fine up to the alias count")
  func aliasCount() throws {
    let few = "a: &a 1\nb: [" + Array(repeating: "*a", count: 100).joined(separator: ", ") + "]"
    let value = try YAMLCodec.decode(few)
    guard case .record(let r) = value, case .list(let items)? = r["b"] else {
      Issue.record("expected a record with a list")
      return
    }
    #expect(items.count == 100 && items.allSatisfy { $0 == .int(1) })
    let many =
      "a: &a 1\nb: ["
      + Array(repeating: "*a", count: YAMLReader.maxAliases + 1).joined(separator: ", ") + "]"
    #expect(throws: FormatError.self) { try YAMLCodec.decode(many) }
  }

  @Test(
    "base-60 ints past 64 bits are an error, found with YAML 1.1's arithmetic",
    arguments: [
      ("1:30", false), ("-1:30:00", false), ("99:59:59:59:59:59:59:59:59:59:59:59:59", true),
      ("1:0:0:0:0:0:0:0:0:0:0", true), ("1:0:0:0:0:0:0:0:0:0", false),
      ("9223372036854775807:0", true), ("0:30", false), ("1_000:00", false), ("a:b", false),
    ])
  func sexagesimal(text: String, overflows: Bool) {
    var threw = false
    do { _ = try YAMLScalarValue.int(text) } catch { threw = true }
    #expect(threw == overflows)
  }

  @Test("base-60 int scalars are recognised as YAML 1.1 resolves them")
  func sexagesimalShape() throws {
    #expect(YAMLScalarType.resolve("1:30:00") == .int)
    #expect(YAMLScalarType.resolve("+1_000:59") == .int)
    #expect(YAMLScalarType.resolve("1:60") == .string)
    #expect(YAMLScalarType.resolve("0:30") == .string)
    #expect(YAMLScalarType.resolve("1:") == .string)
    #expect(try YAMLScalarValue.int("1:30:00") == 5400)
    #expect(try YAMLScalarValue.int("-1:30") == -90)
  }

  @Test("power is exact or nil")
  func power() {
    #expect(Operators.power(2, 62) == 1 << 62)
    #expect(Operators.power(2, 63) == nil)
    #expect(Operators.power(-2, 63) == Int.min)
    #expect(Operators.power(-1, 65) == -1)
    #expect(Operators.power(1, Int.max) == 1)
    #expect(Operators.power(0, 0) == 1)
    #expect(Operators.power(3, 40) == nil)
  }

  @Test("dates stay within years 1 to 9999")
  func dateRange() {
    #expect(ValueLimits.date(secondsSince1970: 0) != nil)
    #expect(ValueLimits.date(secondsSince1970: 1e300) == nil)
    #expect(ValueLimits.date(secondsSince1970: .nan) == nil)
    #expect(ValueLimits.integer(9.3e18) == nil)
    #expect(ValueLimits.integer(-9.2e18) == -9_200_000_000_000_000_000)
  }
}
