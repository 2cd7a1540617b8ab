import CCSLanguage

/// A command defined in ccs with `def`.
public struct UserCommand: Command {
  let definition: Definition
  /// Weak: the command is stored in this scope, and a strong reference back would be a cycle
  /// that keeps both alive forever. The command is only found through its scope (or one
  /// inside it), so the scope is alive whenever the command runs.
  weak var scope: Scope?
  let file: SourceFile

  init(definition: Definition, scope: Scope, file: SourceFile) {
    self.definition = definition
    self.scope = scope
    self.file = file
  }

  public var name: String { definition.name }
  public var summary: String {
    definition.doc.nonEmptyLines.first ?? "defined at \(location)"
  }
  public var details: String {
    definition.doc.nonEmptyLines.dropFirst().joined(separator: "\n")
  }
  public var category: String { "user" }
  public var examples: [CommandExample] { [] }

  private var location: String {
    let (line, _) = file.location(of: definition.range.start)
    return "\(file.name):\(line)"
  }

  public var signature: Signature {
    var positionals: [PositionalSpec] = []
    var flags: [FlagSpec] = []
    var rest: PositionalSpec?
    for p in definition.params {
      let type = p.type.flatMap(ValueType.init(rawValue:)) ?? .any
      let defaultSource = p.defaultValue.map { file.text(in: $0.range) }
      switch p.kind {
      case .positional:
        var spec = PositionalSpec(p.name, type, optional: p.optional || defaultSource != nil)
        spec.defaultSource = defaultSource
        positionals.append(spec)
      case .rest:
        rest = PositionalSpec(p.name, type)
      case .flag(let short):
        var spec = FlagSpec(p.name, short: short, p.type == nil ? nil : type)
        spec.defaultSource = defaultSource
        flags.append(spec)
      }
    }
    return Signature(positionals, rest: rest, flags: flags, input: "any")
  }

  public func run(_ call: CallFrame, input: Value) async throws -> Value {
    do {
      return try await Interpreter.nested(at: call.range, in: call.file) {
        try await runBody(call, input: input)
      }
    } catch var error as RuntimeError where error.value.file != nil {
      error.passed(through: name, calledAt: call.range, in: call.file)
      throw error
    }
  }

  private func runBody(_ call: CallFrame, input: Value) async throws -> Value {
    guard let scope else {
      throw RuntimeError(
        "'\(name)' was defined in a scope that has ended", at: call.range, in: call.file)
    }
    let inner = Scope(parent: scope)
    let frame = Frame(scope: inner, file: file)
    inner.declare("in", input)
    for p in definition.params {
      var value: Value
      switch p.kind {
      case .rest: value = .list(call.rest)
      case .positional, .flag: value = call.arguments[p.name] ?? .null
      }
      if case .null = value, let d = p.defaultValue {
        value = try await call.interpreter.eval(d, frame)
      }
      if case .flag = p.kind, p.type == nil, case .null = value { value = .bool(false) }
      // `--dry-run` is read as `$dry_run` (a '-' in a variable name would be a subtraction).
      inner.declare(String(p.name.map { $0 == "-" ? "_" : $0 }), value)
    }
    do {
      return try await call.interpreter.evalBlock(definition.body, frame)
    } catch ControlFlow.returnValue(let v) {
      return v
    } catch let flow as ControlFlow {
      throw RuntimeError(
        "'\(flow.keyword)' outside a loop in '\(name)'", at: definition.range, in: file)
    }
  }
}
