import CCSLanguage
import Foundation
import Testing

@testable import CCSRuntime

/// Scopes end when nothing uses them: a closure or `def` stored in the scope it captured
/// used to make a cycle reference counting never frees (a scope per loop iteration, an
/// engine's globals through the prelude's `def`s).
@Suite("Scope lifetimes")
struct ScopeLifetimeTests {
  /// Weak references to the scopes captured by the closures passed to `keep`.
  final class Kept: Sendable {
    struct Weak: Sendable { weak var scope: Scope? }
    private let scopes = Locked<[Weak]>([])
    func add(_ scope: Scope) { scopes.withLock { $0.append(Weak(scope: scope)) } }
    var total: Int { scopes.withLock { $0.count } }
    var alive: Int { scopes.withLock { $0.filter { $0.scope != nil }.count } }
  }

  func interpreter(keeping kept: Kept) -> Interpreter {
    let registry = CommandRegistry()
    registry.register(Builtins.all)
    registry.register(
      BuiltinCommand(
        "keep", category: "test", summary: "remember the scope a closure captured",
        signature: Signature([PositionalSpec("closure", .closure)], input: "any")
      ) { call, _ in
        if case .closure(let c)? = call.value("closure") { kept.add(c.captured) }
        return .null
      })
    let context = RuntimeContext(
      stdout: BufferSink(), stderr: BufferSink(), environment: [:], currentDirectory: "/tmp")
    return Interpreter(registry: registry, context: context)
  }

  @Test func loopBodiesThatBindAClosureEnd() async throws {
    let kept = Kept()
    let result = try await interpreter(keeping: kept).evaluate(
      "mut sum = 0; for i in [1 2 3] { let f = {|x| $x + $i }; keep $f; $sum += (do $f 10) }; $sum")
    #expect(result == 36)
    #expect(kept.total == 3)
    #expect(kept.alive == 0)
  }

  @Test func globalsWithDefsEndWithTheirInterpreter() async throws {
    let kept = Kept()
    weak var globals: Scope?
    do {
      let interpreter = interpreter(keeping: kept)
      _ = try await interpreter.evaluate("def twice [x] { $x * 2 }; let g = {|| twice 2 }; keep $g")
      globals = interpreter.globals
      #expect(globals != nil)
    }
    #expect(globals == nil)
    #expect(kept.alive == 0)
  }

  @Test func aGlobalHoldingAClosureOfAnInnerScopeEndsWithTheInterpreter() async throws {
    let kept = Kept()
    weak var globals: Scope?
    do {
      let interpreter = interpreter(keeping: kept)
      let result = try await interpreter.evaluate(
        "mut g = null; do { let y = 5; $g = {|| $y }; keep $g }; do $g")
      #expect(result == 5)
      globals = interpreter.globals
      #expect(kept.alive == 1)
    }
    #expect(globals == nil)
    #expect(kept.alive == 0)
  }

  @Test func closuresThatLeaveTheirScopeKeepIt() async throws {
    let kept = Kept()
    let i = interpreter(keeping: kept)
    #expect(
      try await i.evaluate(
        "let g = (do { let k = 2; let h = {|x| $x * $k }; $h }); do $g 3") == 6)
    #expect(
      try await i.evaluate(
        "let d = (do { def dbl [x] { $x * 2 }; {|x| dbl $x } }); do $d 4") == 8)
  }

  @Test func aClosureInItsOwnScopeKeepsItsIdentityAndRecursion() async throws {
    let i = interpreter(keeping: Kept())
    #expect(try await i.evaluate("let f = {|x| $x }; $f == $f") == true)
    #expect(
      try await i.evaluate(
        "let fact = {|n| if $n <= 1 { 1 } else { $n * (do $fact ($n - 1)) } }; do $fact 10")
        == 3_628_800)
    #expect(try await i.evaluate("mut f = {|| 1 }; $f = {|| 2 }; do $f") == 2)
  }
}
