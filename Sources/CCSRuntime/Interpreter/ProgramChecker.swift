import CCSLanguage
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A command that defines other commands when it runs (`api load`). The check asks it which
/// commands a call with literal arguments will define, so the statements after it can be
/// checked against them before anything runs.
public protocol DefiningCommand: Command {
  /// The commands a call will define, given the arguments written as literals (computed
  /// arguments are absent). Throws the reason when a literal argument is unusable (a file
  /// that cannot be read), which the check reports at that argument.
  func definedCommands(
    literalArguments: [String: Value], context: RuntimeContext
  ) throws(DefinitionFailure)
    -> DefinedCommands
}

extension DefiningCommand {
  public var asDefiningCommand: (any DefiningCommand)? { self }
}

/// What a ``DefiningCommand`` call will define.
public enum DefinedCommands: Sendable {
  /// These commands, all named `prefix …`; earlier commands under `prefix` are replaced.
  case commands(prefix: String, [any Command])
  /// Only known when the call runs: commands under `prefix` (all commands when nil) are
  /// resolved then.
  case onlyAtRunTime(prefix: String?)
}

/// Why a ``DefiningCommand`` cannot define its commands from the arguments written.
public struct DefinitionFailure: Error, Sendable {
  /// The parameter whose argument is at fault.
  public var parameter: String
  /// What is wrong with it (`.unreadableFile`, `.invalidDocument`).
  public var problem: UsageError.Problem
  /// Creates a failure.
  public init(parameter: String, _ problem: UsageError.Problem) {
    self.parameter = parameter
    self.problem = problem
  }
}

/// Checks every call of a program before it runs: command names and subcommands, flags and
/// the number of arguments, in every statement, block, `def` body and closure.
///
/// `def`s are hoisted per block; a `source` or `api load` whose path is a literal is read now
/// and its commands join the check; a computed path defers its commands (all commands, or
/// those under the `api load` name) to when it runs. Types of values are not checked here.
final class ProgramChecker {
  private let registry: CommandRegistry
  private let runtimeScope: Scope
  private let context: RuntimeContext
  private let parserConfig: ParserConfig
  private var errors: [UsageError] = []
  private var parseDiagnostics: [Diagnostic] = []
  /// Whether problems are recorded (second pass) or only definitions collected (first pass).
  private var recording = false
  /// Commands that `api load` calls with literal arguments will define, by name.
  private var loaded: [String: any Command] = [:]
  /// Prefixes of the loaded commands, and those whose registry commands they replace.
  private var loadedPrefixes: Set<String> = []
  private var replacedPrefixes: Set<String> = []
  /// Prefixes whose commands are only known at run time; `deferAll` when any command may be.
  private var deferredPrefixes: Set<String> = []
  private var deferAll = false
  /// Files being sourced, to stop at cycles (the run reports them).
  private var sourcing: [String] = []
  /// Sourced files with parse errors, reported once however often they are sourced.
  private var unparsableSources: Set<String> = []

  init(registry: CommandRegistry, scope: Scope, context: RuntimeContext, parserConfig: ParserConfig)
  {
    self.registry = registry
    self.runtimeScope = scope
    self.context = context
    self.parserConfig = parserConfig
  }

  /// The problems of `block` (read from `file`), as diagnostics in source order; empty when
  /// it may run.
  func check(_ block: Block, in file: SourceFile) -> [Diagnostic] {
    // Pass one learns what `api load` and `source` define anywhere in the program, so a `def`
    // above the `api load` may use its commands; pass two records the problems.
    walk(block, CheckScope(parent: nil), file)
    recording = true
    unparsableSources = []
    walk(block, CheckScope(parent: nil), file)
    let kept = errors.filter { !isDeferred($0) }
    return parseDiagnostics + kept.map(\.diagnostic)
  }

  private func isDeferred(_ error: UsageError) -> Bool {
    switch error.problem {
    case .unknownCommand(let name):
      return deferAll || deferredPrefixes.contains(name)
    case .unknownSubcommand(let group, _), .missingSubcommand(let group):
      return deferAll || deferredPrefixes.contains { group == $0 || group.hasPrefix($0 + " ") }
    default:
      return false
    }
  }

  private func record(_ error: UsageError) {
    if recording { errors.append(error) }
  }

  // MARK: - Statements

  private func walk(_ block: Block, _ scope: CheckScope, _ file: SourceFile) {
    for statement in block.statements {
      if case .definition(let def) = statement.kind {
        scope.commands[def.name] = UserCommand(definition: def, scope: runtimeScope, file: file)
      }
    }
    for statement in block.statements { walk(statement, scope, file) }
  }

  private func walk(_ statement: Statement, _ scope: CheckScope, _ file: SourceFile) {
    switch statement.kind {
    case .binding(let name, _, _, let pipeline):
      walk(pipeline, scope, file)
      scope.variables.insert(name)
    case .assignment(_, _, _, let pipeline):
      walk(pipeline, scope, file)
    case .definition(let def):
      let inner = CheckScope(parent: scope)
      for p in def.params {
        inner.variables.insert(p.name)
        if let d = p.defaultValue { walk(d, scope, file) }
      }
      walk(def.body, inner, file)
    case .forLoop(let name, _, let iterable, let body):
      walk(iterable, scope, file)
      let inner = CheckScope(parent: scope)
      inner.variables.insert(name)
      walk(body, inner, file)
    case .whileLoop(let condition, let body):
      walk(condition, scope, file)
      walk(body, CheckScope(parent: scope), file)
    case .breakLoop, .continueLoop, .returnValue(nil):
      break
    case .returnValue(let pipeline?):
      walk(pipeline, scope, file)
    case .source(let pathExpr):
      walk(pathExpr, scope, file)
      checkSource(pathExpr, scope, file)
    case .pipeline(let pipeline):
      walk(pipeline, scope, file)
    }
  }

  /// Reads a literally named sourced file now: its `def`s join the current scope and its calls
  /// are checked. A computed path defers every unknown command to run time.
  private func checkSource(_ pathExpr: Expr, _ scope: CheckScope, _ file: SourceFile) {
    guard let path = Self.literal(pathExpr)?.stringValue else {
      deferAll = true
      return
    }
    let resolved = SourcePath.resolve(path, from: file, context: context)
    guard !sourcing.contains(resolved) else { return }  // a cycle: the run reports it
    guard let data = FileManager.default.contents(atPath: resolved) else {
      record(
        UsageError(
          .unreadableFile(path: path, reason: "no such file"), at: pathExpr.range, in: file))
      return
    }
    let sourced = SourceFile(name: path, text: String(decoding: data, as: UTF8.self))
    let (program, diagnostics) = Parser.parse(sourced, config: parserConfig)
    if !diagnostics.isEmpty {
      if recording, !unparsableSources.contains(resolved) { parseDiagnostics += diagnostics }
      unparsableSources.insert(resolved)
      return
    }
    sourcing.append(resolved)
    defer { sourcing.removeLast() }
    walk(program.block, scope, sourced)
  }

  // MARK: - Pipelines and expressions

  private func walk(_ pipeline: Pipeline, _ scope: CheckScope, _ file: SourceFile) {
    for stage in pipeline.stages {
      switch stage {
      case .expr(let expr): walk(expr, scope, file)
      case .command(let call): check(call, scope, file)
      }
    }
  }

  private func check(_ call: Call, _ scope: CheckScope, _ file: SourceFile) {
    for argument in call.args {
      switch argument {
      case .positional(let e): walk(e, scope, file)
      case .flag(_, _, let value?, _, _): walk(value, scope, file)
      case .flag: break
      }
    }
    let table = CheckCommandTable(checker: self, scope: scope)
    let command: any Command
    let extraWords: ArraySlice<(String, SourceRange)>
    switch CommandResolver.resolve(call, in: table, file: file) {
    case .failure(let error):
      record(error)
      return
    case .success(let found):
      (command, extraWords) = found
    }
    if call.asksForHelp(command) { return }
    let plan = ArgumentPlan(command, call, extraWords: extraWords, file: file)
    for error in plan.errors { record(error) }
    if plan.errors.isEmpty, let definer = command.asDefiningCommand {
      learnDefinitions(definer, plan, file)
    }
  }

  /// Asks an `api load` call which commands it will define.
  private func learnDefinitions(
    _ definer: any DefiningCommand, _ plan: ArgumentPlan, _ file: SourceFile
  ) {
    var literals: [String: Value] = [:]
    var ranges: [String: SourceRange] = [:]
    for binding in plan.named + plan.positionals {
      switch binding {
      case .flag(let spec, let value?, let range):
        ranges[spec.name] = range
        if let v = Self.literal(value) { literals[spec.name] = v }
      case .namedPositional(let spec, let value, let range),
        .positional(let spec, let value, let range):
        ranges[spec.name] = range
        if let v = Self.literal(value) { literals[spec.name] = v }
      case .flag(let spec, nil, let range):
        ranges[spec.name] = range
        literals[spec.name] = .bool(true)
      case .rest:
        break
      }
    }
    do throws(DefinitionFailure) {
      switch try definer.definedCommands(literalArguments: literals, context: context) {
      case .commands(let prefix, let commands):
        replacedPrefixes.insert(prefix)
        for c in commands {
          loaded[c.name] = c
          let words = c.name.split(separator: " ")
          for i in 1..<max(words.count, 1) {
            loadedPrefixes.insert(words[0..<i].joined(separator: " "))
          }
        }
      case .onlyAtRunTime(let prefix?):
        deferredPrefixes.insert(prefix)
      case .onlyAtRunTime(nil):
        deferAll = true
      }
    } catch let failure {
      record(UsageError(failure.problem, at: ranges[failure.parameter] ?? .none, in: file))
    }
  }

  private func walk(_ expr: Expr, _ scope: CheckScope, _ file: SourceFile) {
    switch expr.kind {
    case .null, .bool, .int, .float, .string, .bareword, .duration, .size, .datetime, .variable,
      .field:
      break
    case .interpolation(let parts):
      for case .expr(let e) in parts { walk(e, scope, file) }
    case .path(let base, _):
      walk(base, scope, file)
    case .list(let items):
      for item in items { walk(item, scope, file) }
    case .record(let entries):
      for entry in entries {
        walk(entry.key, scope, file)
        walk(entry.value, scope, file)
      }
    case .closure(let literal):
      walk(literal, scope, file)
    case .subexpression(let pipeline):
      walk(pipeline, scope, file)
    case .unary(_, let operand):
      walk(operand, scope, file)
    case .binary(let node):
      // Operator chains can be 100k terms long (`1 + 1 + …`): walk them with a stack, not
      // recursion, in source order.
      var pending: [Expr] = [node.rhs, node.lhs]
      while let operand = pending.popLast() {
        if case .binary(let inner) = operand.kind {
          pending.append(inner.rhs)
          pending.append(inner.lhs)
        } else {
          walk(operand, scope, file)
        }
      }
    case .ifElse(let condition, let then, let elsePart):
      walk(condition, scope, file)
      walk(then, CheckScope(parent: scope), file)
      switch elsePart {
      case .none: break
      case .block(let b)?: walk(b, CheckScope(parent: scope), file)
      case .elseIf(let e)?: walk(e, scope, file)
      }
    case .tryCatch(let body, let handler):
      walk(body, CheckScope(parent: scope), file)
      if let handler { walk(handler, scope, file) }
    }
  }

  private func walk(_ closure: ClosureLiteral, _ scope: CheckScope, _ file: SourceFile) {
    let inner = CheckScope(parent: scope)
    inner.variables.formUnion(closure.isBlock ? ["it", "in"] : closure.params.map(\.name) + ["in"])
    for p in closure.params { if let d = p.defaultValue { walk(d, scope, file) } }
    walk(closure.body, inner, file)
  }

  /// The value of an argument written as a literal (a string, bare word or number), or nil.
  static func literal(_ expr: Expr) -> Value? {
    switch expr.kind {
    case .string(let s), .bareword(let s): .string(s)
    case .int(let i): .int(i)
    case .float(let f): .float(f)
    case .bool(let b): .bool(b)
    default: nil
    }
  }

  // MARK: - Lookup

  fileprivate func command(named name: String, in scope: CheckScope) -> (any Command)? {
    if let c = scope.command(named: name) ?? runtimeScope.command(named: name) ?? loaded[name] {
      return c
    }
    if replacedPrefixes.contains(where: { name.hasPrefix($0 + " ") }) { return nil }
    return registry.command(named: name)
  }

  fileprivate func isPrefix(_ name: String) -> Bool {
    loadedPrefixes.contains(name) || registry.isPrefix(name)
  }

  fileprivate func subcommands(of prefix: String) -> [String] {
    let p = prefix + " "
    var words = Set(registry.subcommands(of: prefix))
    for name in loaded.keys where name.hasPrefix(p) {
      if let w = name.dropFirst(p.count).split(separator: " ").first { words.insert(String(w)) }
    }
    return words.sorted()
  }

  fileprivate func allNames(in scope: CheckScope) -> [String] {
    registry.all.map(\.name) + runtimeScope.visibleCommands.map(\.name) + Array(loaded.keys)
      + scope.visibleCommandNames
  }

  fileprivate func isVariable(_ name: String, in scope: CheckScope) -> Bool {
    scope.hasVariable(name) || runtimeScope.lookup(name) != nil
  }
}

/// The names a block declares, as seen by the check: its hoisted `def`s and its variables.
private final class CheckScope {
  let parent: CheckScope?
  var commands: [String: any Command] = [:]
  var variables: Set<String> = []

  init(parent: CheckScope?) { self.parent = parent }

  func command(named name: String) -> (any Command)? {
    var scope: CheckScope? = self
    while let s = scope {
      if let c = s.commands[name] { return c }
      scope = s.parent
    }
    return nil
  }

  func hasVariable(_ name: String) -> Bool {
    var scope: CheckScope? = self
    while let s = scope {
      if s.variables.contains(name) { return true }
      scope = s.parent
    }
    return false
  }

  var visibleCommandNames: [String] {
    var names: [String] = []
    var scope: CheckScope? = self
    while let s = scope {
      names += s.commands.keys
      scope = s.parent
    }
    return names
  }
}

private struct CheckCommandTable: CommandTable {
  let checker: ProgramChecker
  let scope: CheckScope

  func command(named name: String) -> (any Command)? { checker.command(named: name, in: scope) }
  func isPrefix(_ name: String) -> Bool { checker.isPrefix(name) }
  func subcommands(of prefix: String) -> [String] { checker.subcommands(of: prefix) }
  var allNames: [String] { checker.allNames(in: scope) }
  func isVariable(_ name: String) -> Bool { checker.isVariable(name, in: scope) }
}

/// Where a sourced path points: relative to the sourcing script's folder when the file is
/// there, else to the working directory.
enum SourcePath {
  static func resolve(_ path: String, from file: SourceFile, context: RuntimeContext) -> String {
    var resolved = context.resolvePath(path)
    if !path.hasPrefix("/"), file.name.hasSuffix(".ccs") || file.name.hasSuffix(".md") {
      let relative = PathName.join(PathName.directory(of: file.name), path)
      if FileManager.default.fileExists(atPath: relative) { resolved = relative }
    }
    return resolved
  }
}
