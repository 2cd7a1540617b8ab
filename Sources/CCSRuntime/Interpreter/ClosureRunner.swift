import CCSLanguage

/// Calls one closure for many items cheaply: a block (`{ … }`, `where` conditions) or a
/// one-parameter closure reuses a single scope, rebinding the item each time.
public final class ClosureRunner: @unchecked Sendable {
  private let closure: Closure
  private let interpreter: Interpreter
  private let callRange: SourceRange
  private let frame: Frame
  private let parameter: String?
  private let fast: Bool
  /// The body when it is one pure expression (``Interpreter/isPure(_:depth:)``), evaluated
  /// without suspending.
  private let pureBody: Expr?

  /// Prepares to call `closure` repeatedly from the command at `call`.
  public init(_ closure: Closure, _ call: CallFrame) {
    self.closure = closure
    self.interpreter = call.interpreter
    self.callRange = call.range
    let scope = Scope(parent: closure.captured)
    self.frame = Frame(scope: scope, file: closure.file)
    let params = closure.literal.params
    if closure.literal.isBlock {
      parameter = "it"
      fast = true
    } else if params.count == 1, params[0].kind == .positional, params[0].type == nil,
      params[0].defaultValue == nil
    {
      parameter = params[0].name
      fast = true
    } else {
      parameter = nil
      fast = false
    }
    if fast { interpreter.hoistDefinitions(closure.literal.body, frame) }
    pureBody = fast ? Self.pureExpression(closure.literal.body) : nil
  }

  /// The expression of a body made of a single pure expression statement, else nil.
  private static func pureExpression(_ body: Block) -> Expr? {
    guard body.statements.count == 1, case .pipeline(let pipeline) = body.statements[0].kind,
      pipeline.stages.count == 1, case .expr(let expr) = pipeline.stages[0],
      Interpreter.isPure(expr)
    else { return nil }
    return expr
  }

  /// Calls the closure with `item` (also bound as `$in`).
  public func call(_ item: Value) async throws -> Value {
    guard fast, let parameter else {
      return try await interpreter.invoke(closure, args: [item], input: item, callRange: callRange)
    }
    if let value = try callNow(item) { return value }
    frame.scope.rebind(parameter, item)
    frame.scope.rebind("in", item)
    do {
      return try await interpreter.evalStatements(closure.literal.body.statements, frame)
    } catch ControlFlow.returnValue(let v) {
      return v
    }
  }

  /// Calls the closure with several arguments (`reduce`'s accumulator and item).
  public func call(_ args: [Value], input: Value) async throws -> Value {
    try await interpreter.invoke(closure, args: args, input: input, callRange: callRange)
  }

  /// True when the body is one pure expression: ``testNow(_:)`` can evaluate it.
  public var isPure: Bool { pureBody != nil }

  /// The predicate's result computed without suspending, or nil when the body is not a pure
  /// expression or needs the general evaluator for this item (a stream operand): then call
  /// ``test(_:)``, which has no side effect this one has not had.
  public func testNow(_ item: Value) throws -> Bool? {
    try callNow(item).map(truth)
  }

  /// The pure body's value for `item`, computed without suspending; nil when there is no
  /// pure body or it needs the general evaluator for this item.
  private func callNow(_ item: Value) throws -> Value? {
    guard let pureBody, let parameter else { return nil }
    return try interpreter.evalPure(
      pureBody, frame, item: Interpreter.PureItem(name: parameter, value: item))
  }

  /// Calls the closure as a predicate: the result must be a bool (null counts as false).
  public func test(_ item: Value) async throws -> Bool {
    try truth(try await call(item))
  }

  private func truth(_ v: Value) throws -> Bool {
    switch v {
    case .bool(let b): return b
    case .null: return false
    default:
      throw RuntimeError(
        "the condition must give a bool, but gave \(v.typeName) \(Render.short(v))",
        at: closure.literal.range, in: closure.file)
    }
  }
}

extension ValueStream {
  /// A lazy stream of `transform(item)` for each upstream item; nil results are skipped.
  public static func mapping(
    _ upstream: ValueStream, _ transform: @escaping (Value) async throws -> Value?
  ) -> ValueStream {
    ValueStream(
      live: upstream.isLive,
      next: {
        while let item = try await upstream.next() {
          if let out = try await transform(item) { return out }
        }
        return nil
      }, onCancel: { upstream.cancel() })
  }
}

extension ValueStream {
  /// A lazy stream of the upstream items for which `runner`'s condition holds.
  ///
  /// A pure condition (``ClosureRunner/isPure``) is tested a whole upstream batch at a time,
  /// without suspending per item: testing ahead is invisible, since a pure condition has no
  /// effect, and an error is thrown after the items kept before it. An item that needs the
  /// general evaluator is tested alone, once the items before it have been passed on.
  static func filtering(_ upstream: ValueStream, _ runner: ClosureRunner) -> ValueStream {
    guard runner.isPure else {
      return .mapping(upstream) { item in try await runner.test(item) ? item : nil }
    }
    var pending: [Value] = []
    var index = 0
    var failure: (any Error)?
    return ValueStream(
      live: upstream.isLive,
      batches: {
        if let error = failure {
          failure = nil
          throw error
        }
        var kept: [Value] = []
        while true {
          if index == pending.count {
            pending = []
            index = 0
            if !kept.isEmpty { return kept }
            guard let batch = try await upstream.nextBatch() else { return nil }
            pending = batch
          }
          while index < pending.count {
            let item = pending[index]
            let verdict: Bool?
            do {
              verdict = try runner.testNow(item)
            } catch {
              guard kept.isEmpty else {
                failure = error
                return kept
              }
              throw error
            }
            guard let verdict else {
              if !kept.isEmpty { return kept }
              index += 1
              if try await runner.test(item) { return [item] }
              continue
            }
            index += 1
            if verdict { kept.append(item) }
          }
        }
      }, onCancel: { upstream.cancel() })
  }
}
