import CCSLanguage

/// The type an argument must have; checked before a command runs.
public enum ValueType: String, Sendable, CaseIterable {
  case any, int, float, number, string, bool, list, record, closure, duration, filesize, date,
    binary, stream, nothing
  /// A row condition (`where percent > 50`) or a closure: evaluated per item.
  case condition
  /// A cell path given as a bare word or string (`get a.b.0`).
  case cellPath = "cell-path"

  /// Whether `value` is acceptable for this type; ints widen to floats and numbers.
  public func accepts(_ value: Value) -> Bool {
    switch (self, value) {
    case (.any, _): true
    case (.int, .int), (.float, .float), (.float, .int), (.number, .int), (.number, .float): true
    case (.string, .string), (.bool, .bool), (.list, .list), (.list, .stream), (.record, .record):
      true
    case (.closure, .closure), (.condition, .closure): true
    case (.duration, .duration), (.filesize, .size), (.filesize, .int), (.date, .date): true
    case (.binary, .binary), (.stream, .stream), (.nothing, .null): true
    case (.cellPath, .string), (.cellPath, .int), (.cellPath, .list): true
    default: false
    }
  }
}

/// A positional parameter of a command.
public struct PositionalSpec: Sendable {
  /// The name shown in help and usable as `--name`.
  public var name: String
  /// The accepted type.
  public var type: ValueType
  /// One line of help.
  public var description: String
  /// Whether it may be omitted.
  public var optional: Bool
  /// The value used when omitted.
  public var defaultValue: Value?
  /// The source of the default expression, for a command defined in ccs (evaluated per call).
  public var defaultSource: String?

  /// Creates a positional parameter.
  public init(
    _ name: String, _ type: ValueType = .any, _ description: String = "", optional: Bool = false,
    default defaultValue: Value? = nil
  ) {
    self.name = name
    self.type = type
    self.description = description
    self.optional = optional || defaultValue != nil
    self.defaultValue = defaultValue
  }
}

/// A named flag (`--name value`) or switch (`--name`) of a command.
public struct FlagSpec: Sendable {
  /// The long name, without `--`.
  public var name: String
  /// The one-letter short name, without `-`.
  public var short: String?
  /// The value type; nil for a switch.
  public var type: ValueType?
  /// One line of help.
  public var description: String
  /// The value used when the flag is absent.
  public var defaultValue: Value?
  /// The source of the default expression, for a command defined in ccs (evaluated per call).
  public var defaultSource: String?
  /// Whether the flag may be given several times (values collect into a list).
  public var repeatable: Bool

  /// Creates a flag; `type: nil` makes a switch.
  public init(
    _ name: String, short: String? = nil, _ type: ValueType? = nil, _ description: String = "",
    default defaultValue: Value? = nil, repeatable: Bool = false
  ) {
    self.name = name
    self.short = short
    self.type = type
    self.description = description
    self.defaultValue = defaultValue
    self.repeatable = repeatable
  }

  /// Whether this is a switch (takes no value).
  public var isSwitch: Bool { type == nil }
}

/// What a command takes: positionals, an optional rest parameter, flags, input and output.
public struct Signature: Sendable {
  /// Positional parameters in order.
  public var positionals: [PositionalSpec]
  /// Extra positionals collected into a list.
  public var rest: PositionalSpec?
  /// Flags and switches.
  public var flags: [FlagSpec]
  /// What the command reads from the pipeline (`any`, `list`, `nothing`, …).
  public var input: String
  /// What it produces.
  public var output: String

  /// Creates a signature.
  public init(
    _ positionals: [PositionalSpec] = [], rest: PositionalSpec? = nil, flags: [FlagSpec] = [],
    input: String = "nothing", output: String = "any"
  ) {
    self.positionals = positionals
    self.rest = rest
    self.flags = flags
    self.input = input
    self.output = output
  }

  /// The flag with long name `name` or short name `name`.
  public func flag(named name: String, short: Bool) -> FlagSpec? {
    flags.first { short ? $0.short == name : $0.name == name }
  }

  /// The usage line: `first [count] --reverse`.
  public func usage(for name: String) -> String {
    var parts = [name]
    for p in positionals { parts.append(p.optional ? "[\(p.name)]" : "<\(p.name)>") }
    if let rest { parts.append("...\(rest.name)") }
    if !flags.isEmpty { parts.append("{flags}") }
    return parts.joined(separator: " ")
  }
}

/// An example in a command's help; `expected` is the result as compact JSON, checked by tests.
public struct CommandExample: Sendable {
  /// What the example shows.
  public var description: String
  /// ccs source to run.
  public var source: String
  /// The expected result as compact JSON, or nil when the result is not deterministic.
  public var expected: String?

  /// Creates an example.
  public init(_ description: String, _ source: String, _ expected: String? = nil) {
    self.description = description
    self.source = source
    self.expected = expected
  }
}

/// A command: one declaration drives help, argument checking, completion and running.
public protocol Command: Sendable {
  /// The full name, words separated by spaces (`date now`, `cloudron tasks get`).
  var name: String { get }
  /// One line saying what it does.
  var summary: String { get }
  /// Longer help text, may be empty.
  var details: String { get }
  /// The grouping shown by `help commands` (`filters`, `formats`, `cloudron`…).
  var category: String { get }
  /// Parameters and flags.
  var signature: Signature { get }
  /// Examples, run by the test suite.
  var examples: [CommandExample] { get }
  /// Runs the command with bound arguments and the pipeline input.
  func run(_ call: CallFrame, input: Value) async throws -> Value
  /// Candidate values for a parameter or flag (see the default implementation).
  ///
  /// Called on the line editor's thread while no statement runs, so it may read
  /// `interpreter`; it must answer within about 150 ms, and work that outlives the call must
  /// not touch `interpreter` (see ``Interpreter/isolated(commands:)``).
  func completions(for parameter: String, interpreter: Interpreter) -> ValueCompletion
  /// The command as a ``DefiningCommand`` when it defines commands (`api load`), else nil.
  ///
  /// A requirement rather than an `as?` cast: the checker asks it of every call it checks,
  /// and a cast to a protocol searched the binary's conformance records (callgrind: 6% of
  /// start-up's instructions, for the prelude alone).
  var asDefiningCommand: (any DefiningCommand)? { get }
}

extension Command {
  public var details: String { "" }

  public var asDefiningCommand: (any DefiningCommand)? { nil }

  /// Candidate values for a parameter or flag, for completion at the prompt (live resource
  /// ids for API commands). Empty by default.
  public func completions(for parameter: String, interpreter: Interpreter) -> ValueCompletion {
    .none
  }
}

/// A command implemented in Swift by a closure; how builtins and host commands are declared.
public struct BuiltinCommand: Command {
  public let name: String
  public let summary: String
  public let details: String
  public let category: String
  public let signature: Signature
  public let examples: [CommandExample]
  private let body: @Sendable (CallFrame, Value) async throws -> Value

  /// Declares a command.
  public init(
    _ name: String, category: String, summary: String, details: String = "",
    signature: Signature = Signature(), examples: [CommandExample] = [],
    run: @escaping @Sendable (CallFrame, Value) async throws -> Value
  ) {
    self.name = name
    self.category = category
    self.summary = summary
    self.details = details
    self.signature = signature
    self.examples = examples
    self.body = run
  }

  public func run(_ call: CallFrame, input: Value) async throws -> Value {
    try await body(call, input)
  }
}
