import CCSLanguage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Where evaluation happens: the scope for names and the file for error locations.
struct Frame {
  let scope: Scope
  let file: SourceFile

  func child() -> Frame { Frame(scope: Scope(parent: scope), file: file) }
}

/// A tree-walking interpreter over parsed ccs programs.
///
/// Statements and expressions are evaluated in `async` functions so commands can stream and
/// wait on the network; values flow between pipeline stages lazily as `ValueStream`s.
///
/// `@unchecked Sendable`: an interpreter is confined to one evaluation at a time (the
/// `Engine` runs evaluations one after another behind its gate); the tasks it starts for
/// pipeline stages and closures are part of that evaluation. Its registry is locked.
public final class Interpreter: @unchecked Sendable {
  /// Outside-world access: output sinks, environment, terminal facts.
  public let context: RuntimeContext
  /// Commands known by name.
  public let registry: CommandRegistry
  /// The global scope (prelude definitions, top-level `let`s).
  public let globals: Scope
  /// Parser settings shared by `source` and the REPL.
  public var parserConfig = ParserConfig()
  /// Standard input for the first top-level pipeline, consumed once.
  public var pendingInput: Value?
  /// Files being sourced, to refuse cycles.
  private var sourcing: [String] = []

  /// Creates an interpreter with the given registry and context.
  public init(registry: CommandRegistry, context: RuntimeContext) {
    self.registry = registry
    self.context = context
    self.globals = Scope(parent: nil)
  }

  /// The global bindings end with the interpreter: a closure stored in a global after
  /// capturing an inner scope (`$g = {|| $y }` inside a `do`) holds that scope, whose parent
  /// is the global scope: a cycle that reference counting alone would never free.
  deinit { globals.removeAll() }

  // MARK: - Programs

  /// Runs every statement of `program` in the global scope, handing the value of each
  /// top-level pipeline statement to `emit` (which renders it).
  ///
  /// The program is checked first (``check(_:)``): when a command name, flag or argument
  /// count is wrong anywhere in it, nothing runs and ``ProgramRefused`` is thrown.
  public func run(_ program: Program, emit: (Value) async throws -> Void) async throws {
    try check(program)
    let frame = Frame(scope: globals, file: program.file)
    hoistDefinitions(program.block, frame)
    for statement in program.block.statements {
      do {
        let value = try await execute(statement, frame, topLevel: true)
        if case .pipeline = statement.kind { try await emit(value) }
      } catch let error as RuntimeError where error.value.file == nil {
        // An error raised outside any command call (collecting a stream into a variable).
        throw error.located(at: statement.range, in: program.file)
      } catch let flow as ControlFlow {
        switch flow {
        case .returnValue(let v):
          try await emit(v)
          return
        case .breakLoop(let r), .continueLoop(let r):
          throw RuntimeError(
            "'\(flow.keyword)' is only allowed inside a loop", at: r, in: program.file)
        }
      }
    }
  }

  /// Parses `source` named `name` with this interpreter's parser configuration; throws every
  /// syntax error found, as a `DiagnosticList`.
  private func parse(_ source: String, name: String) throws -> Program {
    let (program, diagnostics) = Parser.parse(
      SourceFile(name: name, text: source), config: parserConfig)
    if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
    return program
  }

  /// Evaluates source text in the global scope and returns the value of its last statement.
  public func evaluate(_ source: String, name: String = "<eval>") async throws -> Value {
    let program = try parse(source, name: name)
    try check(program)
    let frame = Frame(scope: globals, file: program.file)
    hoistDefinitions(program.block, frame)
    return try await evalStatements(program.block.statements, frame)
  }

  /// Defines the commands of a source made of `def`s only (the prelude), without checking
  /// their bodies: a fixed source is checked once by the test suite (`PreludeTests`), not at
  /// every start, where checking it cost a fifth of `ccs -c '1 + 1'`'s instructions.
  /// Throws the parse errors, or an error at the first statement that is not a `def`.
  package func defineAll(_ source: String, name: String) throws {
    let program = try parse(source, name: name)
    let file = program.file
    for statement in program.block.statements {
      guard case .definition = statement.kind else {
        throw RuntimeError("only 'def' statements may appear here", at: statement.range, in: file)
      }
    }
    hoistDefinitions(program.block, Frame(scope: globals, file: file))
  }

  /// Evaluates a one-pipeline source in a child scope of the globals holding `bindings`, with
  /// `input` as the pipeline's input (how the engine calls one command with values).
  package func evaluate(
    _ source: String, name: String, bindings: [String: Value], input: Value
  ) async throws -> Value {
    let program = try parse(source, name: name)
    let frame = Frame(scope: Scope(parent: globals), file: program.file)
    for (name, value) in bindings { frame.scope.declare(name, value) }
    try check(program.block, in: program.file, scope: frame.scope)
    guard let first = program.block.statements.first, case .pipeline(let pipeline) = first.kind
    else { return .null }
    return try await evalPipeline(pipeline, input: input, frame)
  }

  /// Checks every command call of `program` against the commands known now (and those its
  /// `def`s, literal `source`s and literal `api load`s will define) without running
  /// anything; throws ``ProgramRefused`` with every usage error found.
  public func check(_ program: Program) throws(ProgramRefused) {
    try check(program.block, in: program.file, scope: globals)
  }

  func check(_ block: Block, in file: SourceFile, scope: Scope) throws(ProgramRefused) {
    let checker = ProgramChecker(
      registry: registry, scope: scope, context: context, parserConfig: parserConfig)
    let problems = checker.check(block, in: file)
    if !problems.isEmpty { throw ProgramRefused(problems) }
  }

  /// Registers every `def` of a block before running it, so commands can be used above
  /// their definition and call each other.
  func hoistDefinitions(_ block: Block, _ frame: Frame) {
    for statement in block.statements {
      if case .definition(let def) = statement.kind {
        frame.scope.define(UserCommand(definition: def, scope: frame.scope, file: frame.file))
      }
    }
  }

  // MARK: - Statements

  func evalBlock(_ block: Block, _ frame: Frame) async throws -> Value {
    let inner = frame.child()
    hoistDefinitions(block, inner)
    return try await evalStatements(block.statements, inner)
  }

  func evalStatements(_ statements: [Statement], _ frame: Frame) async throws -> Value {
    var last: Value = .null
    for statement in statements {
      last = try await execute(statement, frame, topLevel: false)
    }
    return last
  }

  func execute(_ statement: Statement, _ frame: Frame, topLevel: Bool) async throws -> Value {
    switch statement.kind {
    case .pipeline(let pipeline):
      var input: Value = .null
      if topLevel, let pending = pendingInput {
        input = pending
        pendingInput = nil
      }
      return try await evalPipeline(pipeline, input: input, frame)

    case .binding(let name, let type, let mutable, let pipeline):
      var value = try await evalPipeline(pipeline, input: .null, frame)
      if case .stream(let s) = value, !s.isLive { value = .list(try await s.collect()) }
      if let type {
        guard let t = ValueType(rawValue: type) else {
          throw RuntimeError(
            "unknown type '\(type)'", at: statement.range, in: frame.file,
            notes: [
              "types: "
                + ValueType.allCases.filter { $0 != .condition && $0 != .cellPath }
                .map(\.rawValue).joined(separator: ", ")
            ])
        }
        guard t.accepts(value) else {
          throw RuntimeError(
            "'\(name)' is declared \(type) but the value is \(value.typeName)",
            at: pipeline.range, in: frame.file)
        }
      }
      frame.scope.declare(name, value, mutable: mutable)
      return .null

    case .assignment(let name, let path, let op, let pipeline):
      try await assign(name, path: path, op: op, pipeline, statement.range, frame)
      return .null

    case .definition:
      return .null

    case .forLoop(let name, _, let iterable, let body):
      let collection = try await eval(iterable, frame)
      try await forEach(collection, range: iterable.range, frame) { item in
        let inner = frame.child()
        inner.scope.declare(name, item)
        hoistDefinitions(body, inner)
        _ = try await evalStatements(body.statements, inner)
      }
      return .null

    case .whileLoop(let condition, let body):
      while try await truth(eval(condition, frame), condition.range, frame.file) {
        try Task.checkCancellation()
        do {
          _ = try await evalBlock(body, frame)
        } catch ControlFlow.breakLoop {
          break
        } catch ControlFlow.continueLoop {
          continue
        }
      }
      return .null

    case .breakLoop:
      throw ControlFlow.breakLoop(statement.range)
    case .continueLoop:
      throw ControlFlow.continueLoop(statement.range)
    case .returnValue(let pipeline):
      var value: Value = .null
      if let pipeline { value = try await evalPipeline(pipeline, input: .null, frame) }
      throw ControlFlow.returnValue(value)

    case .source(let pathExpr):
      let pathValue = try await eval(pathExpr, frame)
      guard case .string(let path) = pathValue else {
        throw RuntimeError(
          "source expects a file path, found \(pathValue.typeName)", at: pathExpr.range,
          in: frame.file)
      }
      return try await source(path, range: pathExpr.range, frame)
    }
  }

  /// Iterates a list, stream or range with `break`/`continue` handling.
  func forEach(
    _ collection: Value, range: SourceRange, _ frame: Frame,
    body: (Value) async throws -> Void
  ) async throws {
    func step(_ item: Value) async throws -> Bool {
      try Task.checkCancellation()
      do {
        try await body(item)
      } catch ControlFlow.breakLoop {
        return false
      } catch ControlFlow.continueLoop {
        return true
      }
      return true
    }
    switch collection {
    case .list(let items):
      for item in items where try await !step(item) { break }
    case .stream(let stream):
      while let item = try await stream.next() {
        if try await !step(item) {
          stream.cancel()
          break
        }
      }
    case .record(let r):
      for (k, v) in r
      where try await !step(.record(Record(keys: ["key", "value"], values: [.string(k), v]))) {
        break
      }
    case .null:
      return
    default:
      throw RuntimeError(
        "cannot iterate over \(collection.typeName)", at: range, in: frame.file,
        notes: ["'for' iterates over lists, streams, records and ranges like 1..5"])
    }
  }

  private func assign(
    _ name: String, path: [PathMember], op: String, _ pipeline: Pipeline, _ range: SourceRange,
    _ frame: Frame
  ) async throws {
    var value = try await evalPipeline(pipeline, input: .null, frame)
    if case .stream(let s) = value, !s.isLive { value = .list(try await s.collect()) }
    guard let current = frame.scope.lookup(name) else {
      throw RuntimeError(
        "cannot assign to undefined variable '\(name)'", at: range, in: frame.file,
        notes: ["declare it first with: mut \(name) = …"])
    }
    if op != "=" {
      let old = try PathAccess.get(current, path, range: range, file: frame.file)
      let binary = String(op.dropLast())
      value = try Operators.apply(binary, old, value, range: range, file: frame.file)
    }
    if !path.isEmpty {
      do {
        try Value.checkNesting(value, levels: path.count)
      } catch let error as RuntimeError {
        throw error.located(at: range, in: frame.file)
      }
    }
    let updated =
      path.isEmpty
      ? value : try PathAccess.set(current, path, value, range: range, file: frame.file)
    switch frame.scope.assign(name, updated) {
    case .assigned: return
    case .immutable:
      throw RuntimeError(
        "cannot assign to '\(name)': it was declared with 'let'", at: range, in: frame.file,
        notes: ["declare it with 'mut \(name) = …' to allow assignment"])
    case .notFound:
      throw RuntimeError("cannot assign to undefined variable '\(name)'", at: range, in: frame.file)
    }
  }

  private func source(_ path: String, range: SourceRange, _ frame: Frame) async throws -> Value {
    let resolved = SourcePath.resolve(path, from: frame.file, context: context)
    guard !sourcing.contains(resolved) else {
      throw RuntimeError("'\(path)' sources itself (cycle)", at: range, in: frame.file)
    }
    guard let data = FileManager.default.contents(atPath: resolved) else {
      throw RuntimeError(
        "cannot read '\(path)': no such file", at: range, in: frame.file, kind: "io")
    }
    let file = SourceFile(name: path, text: String(decoding: data, as: UTF8.self))
    let (program, diagnostics) = Parser.parse(file, config: parserConfig)
    if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
    // Checked against the scope it runs in (a computed path was not known before the run).
    try check(program.block, in: file, scope: frame.scope)
    sourcing.append(resolved)
    defer { sourcing.removeLast() }
    let inner = Frame(scope: frame.scope, file: file)
    hoistDefinitions(program.block, inner)
    return try await evalStatements(program.block.statements, inner)
  }

  func truth(_ value: Value, _ range: SourceRange, _ file: SourceFile) throws -> Bool {
    switch value {
    case .bool(let b): return b
    case .null: return false
    default:
      throw RuntimeError(
        "expected a bool condition, found \(value.typeName)", at: range, in: file)
    }
  }

  // MARK: - Closures

  /// Calls a closure: binds its parameters (or `$it` for a bare block) and runs its body.
  public func invoke(
    _ closure: Closure, args: [Value], input: Value, callRange: SourceRange
  )
    async throws -> Value
  {
    try await Self.nested(at: callRange, in: closure.file) {
      let scope = Scope(parent: closure.captured)
      let frame = Frame(scope: scope, file: closure.file)
      try await bindClosureArguments(
        closure, args: args, input: input, scope: scope, callRange: callRange)
      do {
        hoistDefinitions(closure.literal.body, frame)
        return try await evalStatements(closure.literal.body.statements, frame)
      } catch ControlFlow.returnValue(let v) {
        return v
      }
    }
  }

  /// How many calls of `def` commands and closures run inside each other in this task.
  @TaskLocal static var callDepth = 0
  /// The most calls that may run inside each other: calls are async, so their frames live on
  /// the heap, and runaway recursion would otherwise grow until memory runs out.
  public static let maxCallDepth = 1000

  /// Runs `body` as one more nested call, or fails at `range` when that would pass
  /// ``maxCallDepth``.
  static func nested<T>(
    at range: SourceRange, in file: SourceFile, _ body: () async throws -> T
  ) async throws -> T {
    let depth = callDepth + 1
    guard depth <= maxCallDepth else {
      throw RuntimeError(
        "too much recursion: more than \(maxCallDepth) calls inside each other", at: range,
        in: file, notes: ["a def or closure that calls itself needs a case that stops"])
    }
    return try await $callDepth.withValue(depth) { try await body() }
  }

  func bindClosureArguments(
    _ closure: Closure, args: [Value], input: Value, scope: Scope, callRange: SourceRange
  ) async throws {
    scope.declare("in", input)
    if closure.literal.isBlock {
      scope.declare("it", args.first ?? input)
      return
    }
    var index = 0
    for param in closure.literal.params {
      switch param.kind {
      case .rest:
        scope.declare(param.name, .list(index < args.count ? Array(args[index...]) : []))
        index = args.count
      case .flag:
        scope.declare(param.name, .null)
      case .positional:
        var value = index < args.count ? args[index] : .null
        if index >= args.count, let d = param.defaultValue {
          value = try await eval(d, Frame(scope: closure.captured, file: closure.file))
        }
        index += 1
        if let type = param.type, let t = ValueType(rawValue: type), !t.accepts(value),
          !(param.optional && value == .null)
        {
          throw RuntimeError(
            "closure parameter '\(param.name)' expects \(type), found \(value.typeName)",
            at: param.range, in: closure.file)
        }
        scope.declare(param.name, value)
      }
    }
  }
}

extension ControlFlow {
  var keyword: String {
    switch self {
    case .breakLoop: "break"
    case .continueLoop: "continue"
    case .returnValue: "return"
    }
  }
}

extension Interpreter {
  /// A separate interpreter that knows only `commands`, with its own global scope and a
  /// ``RuntimeContext/detachedCopy(stdout:stderr:)`` of this one's context: live completion
  /// runs list commands on it in the background, so nothing it does touches the session's
  /// scope, registry or output while a user's statement runs. Create it while no statement
  /// runs (at Tab).
  public func isolated(commands: [any Command]) -> Interpreter {
    let registry = CommandRegistry()
    registry.register(commands)
    let copy = Interpreter(registry: registry, context: context.detachedCopy())
    copy.parserConfig = parserConfig
    return copy
  }
}
