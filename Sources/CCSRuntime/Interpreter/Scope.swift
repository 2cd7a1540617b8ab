import CCSLanguage

/// A lexical scope: variables and `def` commands visible in a block.
///
/// `@unchecked Sendable`: a scope is confined to the evaluation that uses it (the engine runs
/// one evaluation at a time; the tasks of a pipeline are part of it).
///
/// A closure stored in the scope it was written in (`let f = {|x| … }` in a loop body) is
/// kept without its reference to that scope, and rebuilt around it on lookup: held whole, it
/// would keep the scope alive through itself, a cycle reference counting never frees (one
/// scope per loop iteration, and every engine's globals through the prelude's `def`s, which
/// hold their scope weakly for the same reason).
public final class Scope: @unchecked Sendable {
  struct Variable {
    var value: Value
    var mutable: Bool
    /// Set, with `value` null, for a closure that captured this very scope.
    var ownClosure: OwnClosure?

    init(_ value: Value, mutable: Bool, in scope: Scope) {
      self.mutable = mutable
      if case .closure(let c) = value, c.captured === scope {
        self.value = .null
        ownClosure = OwnClosure(literal: c.literal, file: c.file, live: c)
      } else {
        self.value = value
      }
    }
  }

  /// A closure of this scope without its (strong) reference to it; `live` is the closure last
  /// handed out, returned again while something still holds it, so it keeps its identity.
  struct OwnClosure {
    let literal: ClosureLiteral
    let file: SourceFile
    weak var live: Closure?
  }

  private var variables: [String: Variable] = [:]
  private var commands: [String: any Command] = [:]
  /// The enclosing scope, nil for the global scope.
  public let parent: Scope?

  /// Creates a scope inside `parent`.
  public init(parent: Scope?) {
    self.parent = parent
  }

  /// Drops every variable and command of this scope (see `Interpreter.deinit`).
  func removeAll() {
    variables.removeAll()
    commands.removeAll()
  }

  /// Declares (or shadows) a variable in this scope.
  public func declare(_ name: String, _ value: Value, mutable: Bool = false) {
    variables[name] = Variable(value, mutable: mutable, in: self)
  }

  /// The value of a variable visible from this scope.
  public func lookup(_ name: String) -> Value? {
    var scope: Scope? = self
    while let s = scope {
      if let v = s.variables[name] {
        guard let own = v.ownClosure else { return v.value }
        if let live = own.live { return .closure(live) }
        let closure = Closure(literal: own.literal, captured: s, file: own.file)
        s.variables[name]?.ownClosure?.live = closure
        return .closure(closure)
      }
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
        s.variables[name] = Variable(value, mutable: true, in: s)
        return .assigned
      }
      scope = s.parent
    }
    return .notFound
  }

  /// Replaces the value of a variable declared in this very scope (fast path for loops).
  @inline(__always)
  func rebind(_ name: String, _ value: Value) {
    variables[name] = Variable(value, mutable: false, in: self)
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
