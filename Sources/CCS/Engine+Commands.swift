import CCSLanguage
import CCSRuntime

extension Engine {
  /// Registers a host command, declared like every builtin (name, typed signature, summary,
  /// examples) and implemented by a Swift closure returning a value or a stream. It appears in
  /// `help` and in completion like any other command; a command of the same name is replaced.
  ///
  /// ```swift
  /// await engine.register(BuiltinCommand(
  ///   "ticket open", category: "host", summary: "Open a ticket for an app",
  ///   signature: Signature([PositionalSpec("title", .string, "The ticket's title")]),
  ///   examples: [CommandExample("Open one", "ticket open 'disk full'")]
  /// ) { call, input in
  ///   .record(Record([("title", .string(call.string("title") ?? "")), ("id", .int(42))]))
  /// })
  /// ```
  public func register(_ command: any Command) async {
    _ = await exclusive { interpreter in
      interpreter.registry.register(command)
      if command.signature.positionals.first?.type == .condition {
        interpreter.parserConfig.rowConditionCommands.insert(command.name)
      }
      return Evaluation(value: .null, diagnostics: [], status: .succeeded)
    }
  }

  /// Defines (or redefines) a global variable, visible as `$name` to later evaluations.
  ///
  /// - Returns: false when `name` is not a variable name.
  @discardableResult
  public func setVariable(_ name: String, to value: Value) async -> Bool {
    guard Engine.isVariableName(name) else { return false }
    _ = await exclusive { interpreter in
      interpreter.globals.declare(name, value, mutable: true)
      return Evaluation(value: .null, diagnostics: [], status: .succeeded)
    }
    return true
  }

  /// The value of a global variable (one set by ``setVariable(_:to:)`` or a top-level `let`).
  public func variable(named name: String) async -> Value? {
    let result = await exclusive { interpreter in
      guard let value = interpreter.globals.lookup(name) else {
        return Evaluation(value: .null, diagnostics: [], status: .rejected)
      }
      return Evaluation(value: value, diagnostics: [], status: .succeeded)
    }
    return result.succeeded ? result.value : nil
  }

  /// The names of the global variables and of the commands defined with `def`.
  public func globalNames() async -> (variables: [String], commands: [String]) {
    let result = await exclusive { interpreter in
      let variables = interpreter.globals.visibleVariableNames.map(Value.string)
      let commands = interpreter.globals.visibleCommands.map { Value.string($0.name) }
      return Evaluation(
        value: .list([.list(variables), .list(commands)]), diagnostics: [], status: .succeeded)
    }
    guard case .list(let parts) = result.value, parts.count == 2 else { return ([], []) }
    return (
      parts[0].listItems?.compactMap(\.stringValue) ?? [],
      parts[1].listItems?.compactMap(\.stringValue) ?? []
    )
  }

  /// Every registered command (builtins, API operations, host commands), sorted by name.
  public var commands: [any Command] { interpreter.registry.all }

  /// The registered command with exactly this name.
  public func command(named name: String) -> (any Command)? {
    interpreter.registry.command(named: name)
  }

  /// Whether some command name starts with these words (`cloudron`, `cloudron apps`).
  public func isCommandGroup(_ words: String) -> Bool {
    interpreter.registry.isPrefix(words)
  }

  /// The words that continue a command group by one (`cloudron` → `apps`, `tasks`, …).
  public func subcommands(of group: String) -> [String] {
    interpreter.registry.subcommands(of: group)
  }

  /// Candidate values for a command's parameter at a prompt (live resource ids for API
  /// commands, from a cache or a lookup that answers within about 150 ms; none while the
  /// lookup is still running).
  public func completions(for parameter: String, of command: any Command) async -> [String] {
    let result = await exclusive { interpreter in
      var values: [String] = []
      if case .candidates(let found) = command.completions(for: parameter, interpreter: interpreter)
      {
        values = found.map(\.value)
      }
      return Evaluation(value: .list(values.map(Value.string)), diagnostics: [], status: .succeeded)
    }
    return result.value.listItems?.compactMap(\.stringValue) ?? []
  }

  static func isVariableName(_ name: String) -> Bool {
    guard let first = name.first, first.isLetter || first == "_" else { return false }
    return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
  }
}
