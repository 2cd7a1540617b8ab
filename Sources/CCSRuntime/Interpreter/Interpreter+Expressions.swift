import CCSLanguage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Interpreter {
  /// Evaluates an expression.
  func eval(_ expr: Expr, _ frame: Frame) async throws -> Value {
    switch expr.kind {
    case .null, .bool, .int, .float, .string, .bareword, .duration, .size, .datetime:
      return Self.literal(expr.kind) ?? .null

    case .interpolation(let parts):
      var out = ""
      for part in parts {
        switch part {
        case .text(let t): out += t
        case .expr(let e):
          var v = try await eval(e, frame)
          if case .stream(let s) = v { v = .list(try await s.collect()) }
          out += Render.plainText(v)
        }
      }
      return .string(out)

    case .variable(let name):
      return try variable(name, expr.range, frame)

    case .field(let name):
      return try field(name, expr, frame)

    case .path(let base, let members):
      var value = try await eval(base, frame)
      if case .stream(let s) = value { value = .list(try await s.collect()) }
      return try PathAccess.get(value, members, range: base.range, file: frame.file)

    case .list(let items):
      var out: [Value] = []
      out.reserveCapacity(items.count)
      for item in items { out.append(try await eval(item, frame)) }
      try nestable(out, expr, frame)
      return .list(out)

    case .record(let entries):
      var record = Record()
      for entry in entries {
        let key = try await eval(entry.key, frame)
        guard case .string(let k) = key else {
          throw RuntimeError(
            "record keys must be strings, found \(key.typeName)", at: entry.key.range,
            in: frame.file)
        }
        var value = try await eval(entry.value, frame)
        if case .stream(let s) = value, !s.isLive { value = .list(try await s.collect()) }
        record[k] = value
      }
      try nestable(record.values, expr, frame)
      return .record(record)

    case .closure(let literal):
      return .closure(Closure(literal: literal, captured: frame.scope, file: frame.file))

    case .subexpression(let pipeline):
      return try await evalPipeline(pipeline, input: .null, frame)

    case .unary(let op, let operand):
      return try unary(op, try await eval(operand, frame), operand, expr, frame)

    case .binary(let node):
      let (lhs, rhs) = (node.lhs, node.rhs)
      switch node.code {
      case .and:
        let l = try await eval(lhs, frame)
        guard try truth(l, lhs.range, frame.file) else { return .bool(false) }
        return .bool(try truth(await eval(rhs, frame), rhs.range, frame.file))
      case .or:
        let l = try await eval(lhs, frame)
        if try truth(l, lhs.range, frame.file) { return .bool(true) }
        return .bool(try truth(await eval(rhs, frame), rhs.range, frame.file))
      default:
        var l = try await eval(lhs, frame)
        var r = try await eval(rhs, frame)
        if case .stream(let s) = l { l = .list(try await s.collect()) }
        if case .stream(let s) = r { r = .list(try await s.collect()) }
        return try binary(node, l, r, expr, frame)
      }

    case .ifElse(let condition, let then, let elsePart):
      let c = try await eval(condition, frame)
      if try truth(c, condition.range, frame.file) {
        return try await evalBlock(then, frame)
      }
      switch elsePart {
      case .none: return .null
      case .block(let b)?: return try await evalBlock(b, frame)
      case .elseIf(let e)?: return try await eval(e, frame)
      }

    case .tryCatch(let body, let handler):
      do {
        var value = try await evalBlock(body, frame)
        // A lazy stream must fail inside the try, so collect finite ones here.
        if case .stream(let s) = value, !s.isLive { value = .list(try await s.collect()) }
        return value
      } catch let error as RuntimeError {
        return try await handle(.error(error.value), handler, frame)
      } catch let list as DiagnosticList {
        let first = list.diagnostics.first
        let value = ErrorValue(
          message: first?.message ?? "parse error", kind: "parse", range: first?.range ?? .none,
          file: first?.file)
        return try await handle(.error(value), handler, frame)
      } catch let flow as ControlFlow {
        throw flow
      } catch let usage as UsageError {
        throw usage
      } catch let refused as ProgramRefused {
        throw refused
      } catch is CancellationError {
        throw CancellationError()
      } catch {
        let value = ErrorValue(
          message: String(describing: error), kind: "internal", range: body.range, file: frame.file)
        return try await handle(.error(value), handler, frame)
      }
    }
  }

  /// Throws, at `expr`, unless `children` can go into the container `expr` makes.
  private func nestable(_ children: [Value], _ expr: Expr, _ frame: Frame) throws {
    do {
      try Value.checkNesting(children)
    } catch let error as RuntimeError {
      throw error.located(at: expr.range, in: frame.file)
    }
  }

  private func handle(
    _ error: Value, _ handler: ClosureLiteral?, _ frame: Frame
  ) async throws -> Value {
    guard let handler else { return .null }
    let closure = Closure(literal: handler, captured: frame.scope, file: frame.file)
    // The handler belongs to the enclosing body, so a `return` in it returns from the
    // enclosing def (`invoke` would stop it at the handler, as for a real closure).
    let scope = Scope(parent: closure.captured)
    let inner = Frame(scope: scope, file: closure.file)
    try await bindClosureArguments(
      closure, args: [error], input: error, scope: scope, callRange: handler.range)
    hoistDefinitions(handler.body, inner)
    return try await evalStatements(handler.body.statements, inner)
  }

  func variable(_ name: String, _ range: SourceRange, _ frame: Frame) throws -> Value {
    if let v = frame.scope.lookup(name) { return v }
    switch name {
    case "env":
      var r = Record()
      for key in context.environment.keys.sorted() {
        r[key] = .string(context.environment[key] ?? "")
      }
      return .record(r)
    case "in":
      return .null
    default:
      let candidates = frame.scope.visibleVariableNames + ["env", "in"]
      var notes: [String] = []
      if let near = Suggest.closest(name, in: candidates) { notes.append("did you mean $\(near)?") }
      throw RuntimeError("undefined variable '$\(name)'", at: range, in: frame.file, notes: notes)
    }
  }
}

/// Reading and updating values along cell paths (`$x.a.0.b`).
enum PathAccess {
  static func get(
    _ value: Value, _ members: [PathMember], range: SourceRange, file: SourceFile?
  ) throws -> Value {
    var current = value
    for member in members {
      current = try step(current, member, file: file)
    }
    return current
  }

  static func step(_ value: Value, _ member: PathMember, file: SourceFile?) throws -> Value {
    switch member.kind {
    case .key(var key):
      let optional = key.hasSuffix("?")
      if optional { key.removeLast() }
      switch value {
      case .record(let r):
        if let v = r[key] { return v }
        if optional { return .null }
        var notes: [String] = []
        if let near = Suggest.closest(key, in: r.keys) {
          notes.append("did you mean '\(near)'?")
        } else if !r.keys.isEmpty {
          notes.append("fields: " + r.keys.prefix(12).joined(separator: ", "))
        }
        notes.append("use '\(key)?' to get null for a missing field")
        throw RuntimeError("record has no field '\(key)'", at: member.range, in: file, notes: notes)
      case .error(let e):
        return e.record[key] ?? .null
      case .list(let items):
        return .list(
          try items.map {
            try step($0, PathMember(.key(optional ? key + "?" : key), member.range), file: file)
          })
      case .null where optional:
        return .null
      default:
        throw RuntimeError(
          "cannot read field '\(key)' of \(value.typeName)", at: member.range, in: file)
      }
    case .index(let i):
      switch value {
      case .list(let items):
        let index = i < 0 ? items.count + i : i
        guard index >= 0, index < items.count else {
          throw RuntimeError(
            "index \(i) is out of range (the list has \(items.count) item\(items.count == 1 ? "" : "s"))",
            at: member.range, in: file)
        }
        return items[index]
      case .record(let r):
        if let v = r[String(i)] { return v }
        throw RuntimeError("record has no field '\(i)'", at: member.range, in: file)
      case .string(let s):
        let chars = Array(s)
        guard i >= 0, i < chars.count else {
          throw RuntimeError(
            "index \(i) is out of range (the string has \(chars.count) characters)",
            at: member.range, in: file)
        }
        return .string(String(chars[i]))
      default:
        throw RuntimeError("cannot index \(value.typeName) with \(i)", at: member.range, in: file)
      }
    }
  }

  static func set(
    _ value: Value, _ members: [PathMember], _ newValue: Value, range: SourceRange,
    file: SourceFile?
  ) throws -> Value {
    guard let member = members.first else { return newValue }
    let rest = Array(members.dropFirst())
    switch (value, member.kind) {
    case (.record(var r), .key(let key)):
      let child = r[key] ?? .record(Record())
      r[key] = try set(child, rest, newValue, range: range, file: file)
      return .record(r)
    case (.list(var items), .index(let i)):
      guard i >= 0, i < items.count else {
        throw RuntimeError(
          "index \(i) is out of range (the list has \(items.count) items)", at: member.range,
          in: file)
      }
      items[i] = try set(items[i], rest, newValue, range: range, file: file)
      return .list(items)
    case (.null, .key(let key)):
      var r = Record()
      r[key] = try set(.null, rest, newValue, range: range, file: file)
      return .record(r)
    default:
      throw RuntimeError("cannot update a field of \(value.typeName)", at: member.range, in: file)
    }
  }
}

/// "Did you mean" suggestions by edit distance.
public enum Suggest {
  /// The candidate closest to `word`, if close enough to be a likely typo.
  public static func closest(_ word: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    let length = word.count
    for c in Set(candidates) where c != word {
      let candidateLength = c.count
      let limit = max(1, min(length, candidateLength) / 3)
      // The distance is at least the difference in length: most names are ruled out here.
      guard abs(length - candidateLength) <= limit else { continue }
      let d = distance(word, c)
      guard d <= limit else { continue }
      if let b = best, d > b.1 || (d == b.1 && c >= b.0) { continue }
      best = (c, d)
    }
    return best?.0
  }

  /// Edit distance where swapping two adjacent characters (`nmae` → `name`) counts as one edit.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = Array(repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], beforePrevious[j - 2] + 1)
        }
      }
      (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
  }
}
