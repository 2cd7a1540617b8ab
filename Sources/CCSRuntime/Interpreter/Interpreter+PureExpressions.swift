import CCSLanguage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Synchronous evaluation of side-effect-free expressions: the hot path of row conditions.
///
/// `where n > 500000` runs once per item of a stream that may hold millions. Evaluating its
/// body through the general `async` evaluator costs an async call per node; an expression made
/// only of literals, variables, fields, cell paths and operators needs none. The pure path uses
/// the same helpers as the general one (field reads, operators, truth, variable lookup), so
/// values and errors are the same; where it meets something it cannot do synchronously (a
/// stream in a variable, which only the general path may collect) it gives up with `nil` before
/// any effect, and the caller evaluates the expression the general way.
extension Interpreter {
  /// How deep a pure expression may nest: the pure path recurses on the thread's stack (the
  /// general one does not), so deeper expressions are left to the general path.
  static let maxPureDepth = 64

  /// Whether `expr` can be evaluated by ``evalPure(_:_:item:)``: literals, variables, fields,
  /// cell paths, unary and binary operators, no deeper than ``maxPureDepth``.
  static func isPure(_ expr: Expr, depth: Int = 0) -> Bool {
    guard depth < maxPureDepth else { return false }
    switch expr.kind {
    case .null, .bool, .int, .float, .string, .bareword, .duration, .size, .datetime, .variable,
      .field:
      return true
    case .path(let base, _): return isPure(base, depth: depth + 1)
    case .unary(_, let operand): return isPure(operand, depth: depth + 1)
    case .binary(let node):
      return isPure(node.lhs, depth: depth + 1) && isPure(node.rhs, depth: depth + 1)
    case .interpolation, .list, .record, .closure, .subexpression, .ifElse, .tryCatch:
      return false
    }
  }

  /// The value of a literal expression; nil for every other kind.
  @inline(__always)
  static func literal(_ kind: Expr.Kind) -> Value? {
    switch kind {
    case .null: .null
    case .bool(let b): .bool(b)
    case .int(let i): .int(i)
    case .float(let f): .float(f)
    case .string(let s), .bareword(let s): .string(s)
    case .duration(let d): .duration(d)
    case .size(let s): .size(s)
    case .datetime(let seconds): .date(Date(timeIntervalSince1970: seconds))
    default: nil
    }
  }

  /// The item a closure runner calls its body with, bound without touching the scope: as
  /// `$in` and as the parameter `name` (`it` for a block, which also makes bare words its
  /// fields).
  struct PureItem {
    let name: String
    let value: Value
  }

  /// Evaluates a pure expression (``isPure(_:depth:)``) without suspending; nil when it needs
  /// the general evaluator (a stream operand), in which case nothing has been consumed.
  /// `item`, when given, is what the scope would bind to its name and to `$in`.
  func evalPure(_ expr: Expr, _ frame: Frame, item: PureItem? = nil) throws -> Value? {
    if let value = Self.literal(expr.kind) { return value }
    switch expr.kind {
    case .variable(let name):
      if let item, name == item.name || name == "in" { return item.value }
      return try variable(name, expr.range, frame)
    case .field(let name):
      if let item, item.name == "it" { return try field(name, of: item.value, expr, frame) }
      return try field(name, expr, frame)
    case .path(let base, let members):
      guard let value = try evalPure(base, frame, item: item) else { return nil }
      if case .stream = value { return nil }
      return try PathAccess.get(value, members, range: base.range, file: frame.file)
    case .unary(let op, let operand):
      guard let value = try evalPure(operand, frame, item: item) else { return nil }
      return try unary(op, value, operand, expr, frame)
    case .binary(let node):
      switch node.code {
      case .and, .or:
        guard let l = try evalPure(node.lhs, frame, item: item) else { return nil }
        let isAnd = node.code == .and
        if try truth(l, node.lhs.range, frame.file) != isAnd { return .bool(!isAnd) }
        guard let r = try evalPure(node.rhs, frame, item: item) else { return nil }
        return .bool(try truth(r, node.rhs.range, frame.file))
      default:
        guard let l = try evalPure(node.lhs, frame, item: item),
          let r = try evalPure(node.rhs, frame, item: item)
        else { return nil }
        if case .int(let a) = l, case .int(let b) = r, let result = Self.compare(node.code, a, b) {
          return .bool(result)
        }
        if case .stream = l { return nil }
        if case .stream = r { return nil }
        return try binary(node, l, r, expr, frame)
      }
    default:
      return nil
    }
  }

  /// `a code b` for two ints and a comparison, the commonest row condition (`where n > 5`);
  /// nil for other operators, which ``Operators/apply`` handles.
  @inline(__always)
  static func compare(_ code: BinaryOperatorCode, _ a: Int, _ b: Int) -> Bool? {
    switch code {
    case .equal: a == b
    case .notEqual: a != b
    case .less: a < b
    case .lessOrEqual: a <= b
    case .greater: a > b
    case .greaterOrEqual: a >= b
    case .and, .or, .other: nil
    }
  }

  /// A bare word in a row condition: the field `name` of the current item (`$it`).
  func field(_ name: String, _ expr: Expr, _ frame: Frame) throws -> Value {
    guard let item = frame.scope.lookup("it") else {
      throw RuntimeError(
        "bare word '\(name)' is only a field name inside a row condition", at: expr.range,
        in: frame.file)
    }
    return try field(name, of: item, expr, frame)
  }

  /// The field `name` of `item`, for a bare word in a row condition.
  @inline(__always)
  func field(_ name: String, of item: Value, _ expr: Expr, _ frame: Frame) throws -> Value {
    switch item {
    case .record(let r): return r[name] ?? .null
    case .null: return .null
    default:
      throw RuntimeError(
        "cannot read field '\(name)' of \(item.typeName) \(Render.short(item))", at: expr.range,
        in: frame.file, notes: ["use $it to refer to the item itself"])
    }
  }

  /// `op value`: `not` or `-`.
  func unary(
    _ op: String, _ value: Value, _ operand: Expr, _ expr: Expr, _ frame: Frame
  ) throws
    -> Value
  {
    if op == "not" { return .bool(!(try truth(value, operand.range, frame.file))) }
    return try Operators.negate(value, range: expr.range, file: frame.file)
  }

  /// `l op r` for every operator but the short-circuiting ones, on evaluated operands.
  func binary(
    _ node: BinaryExpr, _ l: Value, _ r: Value, _ expr: Expr, _ frame: Frame
  ) throws
    -> Value
  {
    let (op, lhs, rhs) = (node.op, node.lhs, node.rhs)
    do {
      return try Operators.apply(
        op, l, r, range: expr.range, rightRange: rhs.range, file: frame.file)
    } catch var error as RuntimeError where error.value.range == expr.range {
      // An operator error points at the operator, between its operands (found only now:
      // this is the hot path of every filter).
      let gap = SourceRange(lhs.range.end, rhs.range.start)
      error.value.range = frame.file.firstRange(of: op, in: gap) ?? expr.range
      if op == "=~" || op == "!~", case .field(let name) = rhs.kind {
        error.notes.append(
          "'\(name)' after '\(op)' is read as a field of the item; to match the text, quote the pattern: \(op) \"\(name)\""
        )
      }
      throw error
    }
  }
}
