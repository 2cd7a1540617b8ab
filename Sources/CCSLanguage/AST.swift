/// An expression with its source range.
public struct Expr: Sendable {
  /// What kind of expression this is.
  public indirect enum Kind: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// A bare word in argument position: a string that commands such as `get` may read as a
    /// cell path.
    case bareword(String)
    case duration(Int)
    case size(Int)
    /// A datetime literal, in seconds since 1970-01-01T00:00:00Z.
    case datetime(Double)
    /// A double-quoted string with `$var` or `$(…)` parts.
    case interpolation([InterpolationPart])
    case variable(String)
    /// A bare field name inside a row condition (`where active`): a field of the current item.
    case field(String)
    /// `base.member.member…`
    case path(Expr, [PathMember])
    case list([Expr])
    case record([RecordEntry])
    case closure(ClosureLiteral)
    /// `( pipeline )`
    case subexpression(Pipeline)
    case unary(String, Expr)
    /// `lhs op rhs`; a class so that long chains are released without recursion.
    case binary(BinaryExpr)
    /// `if cond { } else { }` as an expression.
    case ifElse(Expr, Block, Else?)
    /// `try { } catch {|e| }` as an expression.
    case tryCatch(Block, ClosureLiteral?)
  }

  /// The kind.
  public var kind: Kind
  /// The source covered.
  public var range: SourceRange

  /// Creates an expression.
  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// The `else` part of an `if`.
public indirect enum Else: Sendable {
  case block(Block)
  /// `else if …`
  case elseIf(Expr)
}

/// One part of an interpolated string.
public enum InterpolationPart: Sendable {
  case text(String)
  case expr(Expr)
}

/// One step of a cell path: `.name` or `.0`; optional with `?` (`.name?`) yields null if absent.
public struct PathMember: Sendable {
  /// A key or an index.
  public enum Kind: Sendable {
    case key(String)
    case index(Int)
  }
  /// The key or index.
  public var kind: Kind
  /// The source of the member.
  public var range: SourceRange
  /// Creates a path member.
  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// `key: value` in a record literal, or `...$spread`.
public struct RecordEntry: Sendable {
  /// The key expression (a string, or an expression in parentheses).
  public var key: Expr
  /// The value.
  public var value: Expr
  /// Creates an entry.
  public init(key: Expr, value: Expr) {
    self.key = key
    self.value = value
  }
}

/// `{|a, b| statements }` or a block used as a closure (`each { $it.name }`).
public struct ClosureLiteral: Sendable {
  /// Declared parameters; empty for a bare block, which binds `$it`.
  public var params: [Param]
  /// The statements.
  public var body: Block
  /// Where the closure is written.
  public var range: SourceRange
  /// True for `{ … }` written without `|params|`.
  public var isBlock: Bool
  /// Creates a closure literal.
  public init(params: [Param], body: Block, range: SourceRange, isBlock: Bool) {
    self.params = params
    self.body = body
    self.range = range
    self.isBlock = isBlock
  }
}

/// A declared parameter of a `def` or a closure.
public struct Param: Sendable {
  /// How the parameter is passed.
  public enum Kind: Sendable, Equatable {
    case positional
    /// `--name: type` (or `--name` switch when `type` is nil).
    case flag(short: String?)
    /// `...rest`
    case rest
  }
  /// The parameter name (without `--` or `$`).
  public var name: String
  /// How it is passed.
  public var kind: Kind
  /// The declared type name (`string`, `int`, …), nil when untyped (a switch for flags).
  public var type: String?
  /// The default value expression.
  public var defaultValue: Expr?
  /// True for `name?` (optional positional).
  public var optional: Bool
  /// The source of the declaration.
  public var range: SourceRange
  /// Creates a parameter.
  public init(
    name: String, kind: Kind, type: String?, defaultValue: Expr?, optional: Bool,
    range: SourceRange
  ) {
    self.name = name
    self.kind = kind
    self.type = type
    self.defaultValue = defaultValue
    self.optional = optional
    self.range = range
  }
}

/// A sequence of statements in `{ }` or a whole program.
public struct Block: Sendable {
  /// The statements in order.
  public var statements: [Statement]
  /// The source covered.
  public var range: SourceRange
  /// Creates a block.
  public init(statements: [Statement], range: SourceRange) {
    self.statements = statements
    self.range = range
  }
}

/// `a | b | c`
public struct Pipeline: Sendable {
  /// The stages, left to right.
  public var stages: [Stage]
  /// The source covered.
  public var range: SourceRange
  /// Creates a pipeline.
  public init(stages: [Stage], range: SourceRange) {
    self.stages = stages
    self.range = range
  }
}

/// One stage of a pipeline.
public enum Stage: Sendable {
  case command(Call)
  case expr(Expr)
}

/// A command invocation: the leading words (resolved to the longest known command at run time)
/// and the arguments.
public struct Call: Sendable {
  /// The leading bare words (`cloudron tasks get`); words past the command become positionals.
  public var words: [(String, SourceRange)]
  /// Arguments in order.
  public var args: [Argument]
  /// The source covered.
  public var range: SourceRange
  /// Creates a call.
  public init(words: [(String, SourceRange)], args: [Argument], range: SourceRange) {
    self.words = words
    self.args = args
    self.range = range
  }
}

/// An argument of a call.
public enum Argument: Sendable {
  case positional(Expr)
  /// `--name value`, `--name=value`, `--name`, `-x`. `value` is the adjacent atom, if any;
  /// if the flag turns out to be a switch, a non-explicit value becomes a positional again.
  case flag(name: String, isShort: Bool, value: Expr?, explicit: Bool, range: SourceRange)
}

/// A statement.
public struct Statement: Sendable {
  /// The kinds of statement.
  public indirect enum Kind: Sendable {
    /// `let name(: type)? = pipeline` or `mut …`
    case binding(name: String, type: String?, mutable: Bool, value: Pipeline)
    /// `name = pipeline`, `name += pipeline`, `$name.field = pipeline`
    case assignment(name: String, path: [PathMember], op: String, value: Pipeline)
    /// `def name [params] { body }`
    case definition(Definition)
    case forLoop(name: String, nameRange: SourceRange, iterable: Expr, body: Block)
    case whileLoop(Expr, Block)
    case breakLoop
    case continueLoop
    case returnValue(Pipeline?)
    case source(Expr)
    case pipeline(Pipeline)
  }
  /// The kind.
  public var kind: Kind
  /// The source covered.
  public var range: SourceRange
  /// Creates a statement.
  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// A `def`: a user command.
public struct Definition: Sendable {
  /// The command name (may be several words: `def "deploy check" [] {}`).
  public var name: String
  /// The parameters.
  public var params: [Param]
  /// The body.
  public var body: Block
  /// Comment lines right above the `def`, used as its help text.
  public var doc: String
  /// The source of the whole definition.
  public var range: SourceRange
  /// The source of the name.
  public var nameRange: SourceRange
  /// Creates a definition.
  public init(
    name: String, params: [Param], body: Block, doc: String, range: SourceRange,
    nameRange: SourceRange
  ) {
    self.name = name
    self.params = params
    self.body = body
    self.doc = doc
    self.range = range
    self.nameRange = nameRange
  }
}

/// A parsed program: its statements and the file they came from.
public struct Program: Sendable {
  /// The top-level statements.
  public var block: Block
  /// The source file.
  public var file: SourceFile
  /// Creates a program.
  public init(block: Block, file: SourceFile) {
    self.block = block
    self.file = file
  }
}
