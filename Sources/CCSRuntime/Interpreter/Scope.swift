/// A lexical scope: variables and `def` commands visible in a block.
public final class Scope: @unchecked Sendable {
  struct Variable {
    var value: Value
    var mutable: Bool
  }

  private var variables: [String: Variable] = [:]
  private var commands: [String: any Command] = [:]
  /// The enclosing scope, nil for the global scope.
  public let parent: Scope?

  /// Creates a scope inside `parent`.
  public init(parent: Scope?) {
    self.parent = parent
  }

  /// Declares (or shadows) a variable in this scope.
  public func declare(_ name: String, _ value: Value, mutable: Bool = false) {
    variables[name] = Variable(value: value, mutable: mutable)
  }

  /// The value of a variable visible from this scope.
  public func lookup(_ name: String) -> Value? {
    var scope: Scope? = self
    while let s = scope {
      if let v = s.variables[name] { return v.value }
      scope = s.parent
    }
    return nil
  }

  /// Result of an assignment attempt.
  enum AssignResult {
    case assigned
    case notFound
    case immutable
  }

  /// Assigns to the nearest visible variable named `name`.
  func assign(_ name: String, _ value: Value) -> AssignResult {
    var scope: Scope? = self
    while let s = scope {
      if let v = s.variables[name] {
        guard v.mutable else { return .immutable }
        s.variables[name] = Variable(value: value, mutable: true)
        return .assigned
      }
      scope = s.parent
    }
    return .notFound
  }

  /// Replaces the value of a variable declared in this very scope (fast path for loops).
  @inline(__always)
  func rebind(_ name: String, _ value: Value) {
    variables[name] = Variable(value: value, mutable: false)
  }

  /// Names of all visible variables, innermost first.
  public var visibleVariableNames: [String] {
    var names: [String] = []
    var scope: Scope? = self
    while let s = scope {
      names.append(contentsOf: s.variables.keys.sorted())
      scope = s.parent
    }
    return names
  }

  /// Registers a command defined with `def` in this scope.
  public func define(_ command: any Command) {
    commands[command.name] = command
  }

  /// A `def` command visible from this scope.
  public func command(named name: String) -> (any Command)? {
    var scope: Scope? = self
    while let s = scope {
      if let c = s.commands[name] { return c }
      scope = s.parent
    }
    return nil
  }

  /// Every `def` command visible from this scope.
  public var visibleCommands: [any Command] {
    var out: [any Command] = []
    var scope: Scope? = self
    while let s = scope {
      out.append(contentsOf: s.commands.values)
      scope = s.parent
    }
    return out
  }
}
