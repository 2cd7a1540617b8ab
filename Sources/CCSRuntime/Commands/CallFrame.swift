import CCSLanguage

/// The bound arguments of one command call, and access to the interpreter for closures.
public struct CallFrame: Sendable {
  /// The command's name.
  public let name: String
  /// The source of the whole call.
  public let range: SourceRange
  /// The file the call is in.
  public let file: SourceFile
  /// Positional values by parameter name (defaults filled in; absent optionals missing).
  public let arguments: [String: Value]
  /// Extra positionals of the rest parameter.
  public let rest: [Value]
  /// Source ranges of the given arguments by parameter name, for precise errors.
  public let argumentRanges: [String: SourceRange]
  /// The running interpreter.
  public let interpreter: Interpreter
  /// The caller's scope.
  public let scope: Scope

  /// A frame for another command called on this call's behalf (a command that delegates):
  /// same place, interpreter and scope, with `arguments` bound by name.
  public func delegating(to name: String, arguments: [String: Value]) -> CallFrame {
    CallFrame(
      name: name, range: range, file: file, arguments: arguments, rest: [], argumentRanges: [:],
      interpreter: interpreter, scope: scope)
  }

  /// The runtime context.
  public var context: RuntimeContext { interpreter.context }

  /// The value of a parameter or flag, if given or defaulted.
  public func value(_ name: String) -> Value? {
    if let v = arguments[name], case .null = v { return nil }
    return arguments[name]
  }

  /// Whether a switch is set.
  public func has(_ name: String) -> Bool {
    if case .bool(true)? = arguments[name] { return true }
    return false
  }

  /// A string parameter.
  public func string(_ name: String) -> String? { value(name)?.stringValue }

  /// An int parameter.
  public func int(_ name: String) -> Int? { value(name)?.intValue }

  /// The range of a parameter's argument, or of the whole call.
  public func range(of name: String) -> SourceRange { argumentRanges[name] ?? range }

  /// An error located at the parameter's argument (or the call).
  public func error(
    _ message: String, at parameter: String? = nil, kind: String = "runtime", notes: [String] = []
  )
    -> RuntimeError
  {
    RuntimeError(
      message, at: parameter.map { range(of: $0) } ?? range, in: file, kind: kind, notes: notes)
  }

  /// Calls a closure argument with the given positional values.
  public func call(_ closure: Closure, _ args: [Value], input: Value = .null) async throws -> Value
  {
    try await interpreter.invoke(closure, args: args, input: input, callRange: range)
  }
}
