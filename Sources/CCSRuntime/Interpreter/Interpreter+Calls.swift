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
    _ command: any Command, input: Value, flags: [String: Value] = [:], at range: SourceRange = .none,
    in file: SourceFile, scope: Scope? = nil
  ) async throws -> Value {
    var arguments: [String: Value] = [:]
    for (k, v) in flags where command.signature.flags.contains(where: { $0.name == k }) { arguments[k] = v }
    let frame = CallFrame(
      name: command.name, range: range, file: file, arguments: arguments, rest: [],
      argumentRanges: [:], interpreter: self, scope: scope ?? globals)
    return try await command.run(frame, input: input)
  }

  /// Resolves and runs one command call.
  func runCall(_ call: Call, input: Value, _ frame: Frame) async throws -> Value {
    let (command, extraWords) = try resolve(call, frame)
    if command.signature.flag(named: "help", short: false) == nil,
      call.args.contains(where: { if case .flag("help", false, _, _, _) = $0 { return true } else { return false } })
    {
      return .string(Builtins.helpPage(command))
    }
    let bound = try await bind(command, call, extraWords: extraWords, frame)
    do {
      return try await command.run(bound, input: input)
    } catch let error as RuntimeError {
      throw error.located(at: call.range, in: frame.file)
    }
  }

  /// Finds the longest registered command name made of the call's leading words.
  func resolve(_ call: Call, _ frame: Frame) throws -> (any Command, [(String, SourceRange)]) {
    let words = call.words
    for n in stride(from: words.count, through: 1, by: -1) {
      let name = words[0..<n].map(\.0).joined(separator: " ")
      if let c = frame.scope.command(named: name) ?? registry.command(named: name) {
        return (c, Array(words[n...]))
      }
    }
    let first = words[0]
    var notes: [String] = []
    // The longest prefix that is a command group (`cloudron`, `cloudron tasks`).
    var group = ""
    for n in stride(from: words.count, through: 1, by: -1) {
      let name = words[0..<n].map(\.0).joined(separator: " ")
      if registry.isPrefix(name) {
        group = name
        break
      }
    }
    if !group.isEmpty {
      let subs = registry.subcommands(of: group)
      let groupCount = group.split(separator: " ").count
      let tried = groupCount < words.count ? words[groupCount].0 : nil
      if let tried, let near = Suggest.closest(tried, in: subs) {
        notes.append("did you mean '\(group) \(near)'?")
      }
      notes.append("'\(group)' has: " + subs.prefix(20).joined(separator: ", "))
      let range = groupCount < words.count ? words[groupCount].1 : call.range
      let message = tried.map { "unknown command '\(group) \($0)'" } ?? "'\(group)' needs a subcommand"
      throw RuntimeError(message, at: range, in: frame.file, notes: notes)
    }
    let names = registry.all.map(\.name) + frame.scope.visibleCommands.map(\.name)
    if let near = Suggest.closest(first.0, in: names) { notes.append("did you mean '\(near)'?") }
    if frame.scope.lookup(first.0) != nil {
      notes.append("to use the variable, write $\(first.0)")
    }
    notes.append("'help commands' lists every command")
    throw RuntimeError("unknown command '\(first.0)'", at: first.1, in: frame.file, notes: notes)
  }

  /// Evaluates the arguments of a call and binds them to the command's signature.
  func bind(_ command: any Command, _ call: Call, extraWords: [(String, SourceRange)], _ frame: Frame)
    async throws -> CallFrame
  {
    let signature = command.signature
    var positionals: [(Expr, SourceRange)] = extraWords.map { (Expr(.bareword($0.0), $0.1), $0.1) }
    var named: [String: Value] = [:]
    var ranges: [String: SourceRange] = [:]
    let file = frame.file

    for argument in call.args {
      switch argument {
      case .positional(let expr):
        positionals.append((expr, expr.range))
      case .flag(let name, let isShort, let valueExpr, let explicit, let range):
        if let spec = signature.flag(named: name, short: isShort) {
          if spec.isSwitch {
            if explicit, let valueExpr {
              let v = try await eval(valueExpr, frame)
              guard case .bool = v else {
                throw RuntimeError(
                  "switch --\(spec.name) takes no value (or true/false), found \(v.typeName)",
                  at: valueExpr.range, in: file)
              }
              named[spec.name] = v
            } else {
              named[spec.name] = .bool(true)
              if let valueExpr { positionals.append((valueExpr, valueExpr.range)) }
            }
            ranges[spec.name] = range
            continue
          }
          guard let valueExpr else {
            throw RuntimeError(
              "flag --\(spec.name) needs a value of type \(spec.type?.rawValue ?? "any")",
              at: range, in: file, notes: ["usage: " + signature.usage(for: command.name)])
          }
          var v = try await evalArgument(valueExpr, type: spec.type ?? .any, frame)
          v = try coerce(v, to: spec.type ?? .any, what: "--\(spec.name)", range: valueExpr.range, file: file)
          if spec.repeatable {
            if case .list(let existing)? = named[spec.name] {
              named[spec.name] = .list(existing + (v.listItems ?? [v]))
            } else {
              named[spec.name] = .list(v.listItems ?? [v])
            }
          } else {
            if named[spec.name] != nil {
              throw RuntimeError("flag --\(spec.name) is given twice", at: range, in: file)
            }
            named[spec.name] = v
          }
          ranges[spec.name] = range.union(valueExpr.range)
        } else if !isShort, let p = signature.positionals.first(where: { $0.name == name }) {
          guard let valueExpr else {
            throw RuntimeError("--\(name) needs a value", at: range, in: file)
          }
          let v = try await evalArgument(valueExpr, type: p.type, frame)
          named[p.name] = try coerce(v, to: p.type, what: "<\(p.name)>", range: valueExpr.range, file: file)
          ranges[p.name] = range.union(valueExpr.range)
        } else {
          let flagNames = signature.flags.map { "--\($0.name)" + ($0.short.map { " (-\($0))" } ?? "") }
          var notes: [String] = []
          let candidates = signature.flags.map(\.name) + signature.positionals.map(\.name)
          if let near = Suggest.closest(name, in: candidates) { notes.append("did you mean --\(near)?") }
          notes.append(flagNames.isEmpty ? "'\(command.name)' takes no flags" : "flags: " + flagNames.joined(separator: ", "))
          throw RuntimeError(
            "unknown flag \(isShort ? "-" : "--")\(name) for '\(command.name)'", at: range, in: file, notes: notes)
        }
      }
    }

    var rest: [Value] = []
    var slot = 0
    for (expr, range) in positionals {
      while slot < signature.positionals.count, named[signature.positionals[slot].name] != nil { slot += 1 }
      if slot < signature.positionals.count {
        let p = signature.positionals[slot]
        let v = try await evalArgument(expr, type: p.type, frame)
        named[p.name] = try coerce(v, to: p.type, what: "<\(p.name)>", range: range, file: file)
        ranges[p.name] = range
        slot += 1
      } else if let r = signature.rest {
        let v = try await evalArgument(expr, type: r.type, frame)
        try Value.checkNesting(v)  // the rest arguments become a list
        rest.append(try coerce(v, to: r.type, what: "<\(r.name)>", range: range, file: file))
      } else {
        let count = signature.positionals.count
        throw RuntimeError(
          "too many arguments: '\(command.name)' takes \(count == 0 ? "no" : "at most \(count)") positional argument\(count == 1 ? "" : "s")",
          at: range, in: file, notes: ["usage: " + signature.usage(for: command.name)])
      }
    }

    for p in signature.positionals where named[p.name] == nil {
      if let d = p.defaultValue {
        named[p.name] = d
      } else if !p.optional {
        throw RuntimeError(
          "missing argument <\(p.name)> for '\(command.name)'", at: call.range, in: file,
          notes: ["usage: " + signature.usage(for: command.name)])
      }
    }
    for f in signature.flags where named[f.name] == nil {
      if let d = f.defaultValue { named[f.name] = d } else if f.isSwitch { named[f.name] = .bool(false) }
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
        statements: [Statement(.pipeline(Pipeline(stages: [.expr(expr)], range: expr.range)), expr.range)],
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
  private func coerce(_ value: Value, to type: ValueType, what: String, range: SourceRange, file: SourceFile) throws -> Value {
    if type.accepts(value) { return value }
    switch (type, value) {
    case (.string, .int(let i)): return .string(String(i))
    case (.string, .float(let f)): return .string(String(f))
    case (.string, .bool(let b)): return .string(String(b))
    case (.int, .string(let s)) where Int(s) != nil: return .int(Int(s) ?? 0)
    case (.float, .string(let s)) where Double(s) != nil, (.number, .string(let s)) where Double(s) != nil:
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
