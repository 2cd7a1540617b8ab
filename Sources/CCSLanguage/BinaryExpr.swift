/// A binary operation: `lhs op rhs`.
///
/// A class, not a plain enum payload, for its `deinit`: a left-leaning chain such as
/// `1 + 1 + … + 1` is as deep as it is long (the parser bounds nesting, not chain length), and
/// releasing it recursively would overflow the stack. The deinit releases the chain in a loop.
public final class BinaryExpr: @unchecked Sendable {
  // @unchecked: the operands are only replaced in `deinit`, when nothing else can see them.
  /// The operator, as written (`+`, `and`, `=~`…).
  public let op: String
  /// The operator's meaning where evaluators treat it specially, resolved once here so that
  /// a row condition run for millions of items does not compare operator text each time.
  public let code: BinaryOperatorCode
  /// The left operand.
  public private(set) var lhs: Expr
  /// The right operand.
  public private(set) var rhs: Expr

  /// Creates a binary operation.
  public init(_ op: String, _ lhs: Expr, _ rhs: Expr) {
    self.op = op
    self.code = BinaryOperatorCode(op)
    self.lhs = lhs
    self.rhs = rhs
  }

  deinit {
    var pending: [BinaryExpr] = []
    Self.detach(&lhs, into: &pending)
    Self.detach(&rhs, into: &pending)
    while var node = pending.popLast() {
      // A node shared with another owner (a closure kept alive) is left whole to that owner.
      guard isKnownUniquelyReferenced(&node) else { continue }
      Self.detach(&node.lhs, into: &pending)
      Self.detach(&node.rhs, into: &pending)
      // `node` is released here, its operands already moved out: no recursion.
    }
  }

  /// Moves the operation out of `operand` (leaving a null in its place) onto `pending`.
  private static func detach(_ operand: inout Expr, into pending: inout [BinaryExpr]) {
    guard case .binary(let node) = operand.kind else { return }
    operand = Expr(.null, operand.range)
    pending.append(node)
  }
}

/// What a binary operator means, for evaluators' fast paths; ``other`` for the rest.
public enum BinaryOperatorCode: Sendable {
  case and, or, equal, notEqual, less, lessOrEqual, greater, greaterOrEqual, other

  /// The code of the operator written `op`.
  public init(_ op: String) {
    switch op {
    case "and", "&&": self = .and
    case "or", "||": self = .or
    case "==": self = .equal
    case "!=": self = .notEqual
    case "<": self = .less
    case "<=": self = .lessOrEqual
    case ">": self = .greater
    case ">=": self = .greaterOrEqual
    default: self = .other
    }
  }
}
