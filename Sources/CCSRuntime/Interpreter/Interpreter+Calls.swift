import CCSLanguage

extension Interpreter {
  /// Runs the stages of a pipeline left to right, each taking the previous stage's value.
  func evalPipeline(_ pipeline: Pipeline, input: Value, _ frame: Frame) async throws -> Value {
    var value = input
    for (i, stage) in pipeline.stages.enumerated() {
      switch stage {
      case .expr(let expr):
        if i == 0 && input == .null {
          value = try await eval(expr, frame)
        } else {
          let inner = frame.child()
          inner.scope.declare("in", value)
          value = try await eval(expr, inner)
        }
      case .command(let call):
        value = try await runCall(call, input: value, frame)
      }
    }
    return value
  }

  /// Runs a command from Swift (one command delegating to another, output rendering), with
  /// the given flags where the command declares them; no other arguments are bound.
  public func run(
    _ command: any Command, input: Value, flags: [String: Value] = [:],
    at range: SourceRange = .none,
    in file: SourceFile, scope: Scope? = nil
  ) async throws -> Value {
    var arguments: [String: Value] = [:]
    for (k, v) in flags where command.signature.flags.contains(where: { $0.name == k }) {
      arguments[k] = v
    }
    let frame = CallFrame(
      name: command.name, range: range, file: file, arguments: arguments, rest: [],
      argumentRanges: [:], interpreter: self, scope: scope ?? globals)
    return try await command.run(frame, input: input)
  }

  /// Resolves and runs one command call.
  func runCall(_ call: Call, input: Value, _ frame: Frame) async throws -> Value {
    let (command, extraWords) = try resolve(call, frame)
    if call.asksForHelp(command) { return .string(Builtins.helpPage(command)) }
    let bound = try await bind(command, call, extraWords: extraWords, frame)
    do {
      return try await command.run(bound, input: input)
    } catch let error as RuntimeError {
      throw error.located(at: call.range, in: frame.file)
    }
  }

  /// Finds the longest command name made of the call's leading words.
  func resolve(
    _ call: Call, _ frame: Frame
  ) throws(UsageError)
    -> (any Command, ArraySlice<(String, SourceRange)>)
  {
    try CommandResolver.resolve(
      call, in: RuntimeCommandTable(scope: frame.scope, registry: registry), file: frame.file
    ).get()
  }

  /// Evaluates the arguments of a call and binds them to the command's signature.
  func bind(
    _ command: any Command, _ call: Call, extraWords: ArraySlice<(String, SourceRange)>,
    _ frame: Frame
  ) async throws -> CallFrame {
    let plan = ArgumentPlan(command, call, extraWords: extraWords, file: frame.file)
    if let first = plan.errors.first { throw first }
    let signature = command.signature
    var named: [String: Value] = [:]
    var ranges: [String: SourceRange] = [:]
    var rest: [Value] = []
    let file = frame.file

    for binding in plan.named + plan.positionals {
      switch binding {
      case .flag(let spec, let valueExpr, let range):
        if spec.isSwitch {
          if let valueExpr {
            let v = try await eval(valueExpr, frame)
            guard case .bool = v else {
              throw RuntimeError(
                "switch --\(spec.name) takes no value (or true/false), found \(v.typeName)",
                at: valueExpr.range, in: file)
            }
            named[spec.name] = v
          } else {
            named[spec.name] = .bool(true)
          }
          ranges[spec.name] = range
          continue
        }
        guard let valueExpr else { continue }
        var v = try await evalArgument(valueExpr, type: spec.type ?? .any, frame)
        v = try coerce(
          v, to: spec.type ?? .any, what: "--\(spec.name)", range: valueExpr.range, file: file)
        if spec.repeatable {
          if case .list(let existing)? = named[spec.name] {
            named[spec.name] = .list(existing + (v.listItems ?? [v]))
          } else {
            named[spec.name] = .list(v.listItems ?? [v])
          }
        } else {
          named[spec.name] = v
        }
        ranges[spec.name] = range
      case .namedPositional(let p, let valueExpr, let range),
        .positional(let p, let valueExpr, let range):
        let v = try await evalArgument(valueExpr, type: p.type, frame)
        named[p.name] = try coerce(
          v, to: p.type, what: "<\(p.name)>", range: valueExpr.range, file: file)
        ranges[p.name] = range
      case .rest(let r, let valueExpr, let range):
        let v = try await evalArgument(valueExpr, type: r.type, frame)
        try Value.checkNesting(v)  // the rest arguments become a list
        rest.append(try coerce(v, to: r.type, what: "<\(r.name)>", range: range, file: file))
      }
    }

    for p in signature.positionals where named[p.name] == nil {
      if let d = p.defaultValue { named[p.name] = d }
    }
    for f in signature.flags where named[f.name] == nil {
      if let d = f.defaultValue {
        named[f.name] = d
      } else if f.isSwitch {
        named[f.name] = .bool(false)
      }
    }
    return CallFrame(
      name: command.name, range: call.range, file: file, arguments: named, rest: rest,
      argumentRanges: ranges, interpreter: self, scope: frame.scope)
  }

  /// Evaluates an argument; a row-condition parameter turns a plain expression into a closure
  /// over the current item instead of evaluating it now.
  private func evalArgument(_ expr: Expr, type: ValueType, _ frame: Frame) async throws -> Value {
    if type == .condition {
      if case .closure = expr.kind { return try await eval(expr, frame) }
      if case .variable = expr.kind {
        let v = try await eval(expr, frame)
        if case .closure = v { return v }
      }
      let body = Block(
        statements: [
          Statement(.pipeline(Pipeline(stages: [.expr(expr)], range: expr.range)), expr.range)
        ],
        range: expr.range)
      let literal = ClosureLiteral(params: [], body: body, range: expr.range, isBlock: true)
      return .closure(Closure(literal: literal, captured: frame.scope, file: frame.file))
    }
    var v = try await eval(expr, frame)
    if case .stream(let s) = v, type == .list { v = .list(try await s.collect()) }
    return v
  }

  /// Checks an argument's type, converting where the conversion is lossless and expected
  /// (an int id where a string is declared, a number string where an int is declared).
  private func coerce(
    _ value: Value, to type: ValueType, what: String, range: SourceRange, file: SourceFile
  ) throws -> Value {
    if type.accepts(value) { return value }
    switch (type, value) {
    case (.string, .int(let i)): return .string(String(i))
    case (.string, .float(let f)): return .string(String(f))
    case (.string, .bool(let b)): return .string(String(b))
    case (.string, .date(let d)): return .string(DateParsing.format(d))
    case (.int, .string(let s)) where Int(s) != nil: return .int(Int(s) ?? 0)
    case (.float, .string(let s)) where Double(s) != nil,
      (.number, .string(let s)) where Double(s) != nil:
      return .float(Double(s) ?? 0)
    case (.bool, .string(let s)) where s == "true" || s == "false": return .bool(s == "true")
    case (.date, .string(let s)):
      if let d = DateParsing.parse(s) { return .date(d) }
    case (.list, _):
      try Value.checkNesting(value)
      return .list([value])
    default: break
    }
    throw RuntimeError(
      "\(what) expects \(type.rawValue), found \(value.typeName) \(Render.short(value))", at: range,
      in: file)
  }
}

extension Value {
  /// The items of a list, or nil.
  public var listItems: [Value]? {
    if case .list(let items) = self { return items }
    return nil
  }
}
