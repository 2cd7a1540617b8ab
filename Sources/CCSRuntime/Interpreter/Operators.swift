import CCSLanguage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Binary and unary operators on values.
enum Operators {
  static func negate(_ v: Value, range: SourceRange, file: SourceFile) throws -> Value {
    func negated(_ n: Int) throws -> Int {
      let (result, overflow) = 0.subtractingReportingOverflow(n)
      if overflow { throw RuntimeError("integer overflow in '-'", at: range, in: file) }
      return result
    }
    switch v {
    case .int(let i): return .int(try negated(i))
    case .float(let f): return .float(-f)
    case .duration(let d): return .duration(try negated(d))
    case .size(let s): return .size(try negated(s))
    default: throw RuntimeError("cannot negate \(v.typeName)", at: range, in: file)
    }
  }

  /// Applies binary operator `op`; errors point at `range`, except an invalid regex, which
  /// points at `rightRange` (the pattern) when given.
  static func apply(
    _ op: String, _ l: Value, _ r: Value, range: SourceRange, rightRange: SourceRange? = nil,
    file: SourceFile
  ) throws -> Value {
    func date(_ seconds: Double) throws -> Value {
      guard let d = ValueLimits.date(secondsSince1970: seconds) else {
        throw RuntimeError(
          "date out of range in '\(op)' (dates run from year 1 to year 9999)", at: range, in: file)
      }
      return .date(d)
    }
    func mismatch() -> RuntimeError {
      RuntimeError(
        "operator '\(op)' does not apply to \(l.typeName) and \(r.typeName)", at: range, in: file)
    }
    func checked(_ result: (Int, Bool), _ make: (Int) -> Value = Value.int) throws -> Value {
      if result.1 {
        throw RuntimeError("\(overflowNoun(make(0))) overflow in '\(op)'", at: range, in: file)
      }
      return make(result.0)
    }
    switch op {
    case "==": return .bool(l == r)
    case "!=": return .bool(l != r)
    case "<", "<=", ">", ">=":
      if case .null = l { return .bool(false) }
      if case .null = r { return .bool(false) }
      guard comparable(l, r) else {
        throw RuntimeError(
          "cannot compare \(l.typeName) with \(r.typeName) using '\(op)'", at: range, in: file)
      }
      let c = Value.compare(l, r)
      switch op {
      case "<": return .bool(c < 0)
      case "<=": return .bool(c <= 0)
      case ">": return .bool(c > 0)
      default: return .bool(c >= 0)
      }
    case "=~", "!~":
      guard case .string(let s) = l, case .string(let pattern) = r else {
        if case .null = l { return .bool(op == "!~") }
        throw RuntimeError(
          "'\(op)' matches a string against a regex string, found \(l.typeName) and \(r.typeName)",
          at: range, in: file)
      }
      let matched = try RegexCache.shared.matches(
        s, pattern, range: rightRange ?? range, file: file)
      return .bool(op == "=~" ? matched : !matched)
    case "in", "not-in":
      let found: Bool
      switch r {
      case .list(let items): found = items.contains(l)
      case .string(let s):
        guard case .string(let needle) = l else { throw mismatch() }
        found = s.contains(needle)
      case .record(let rec):
        guard case .string(let key) = l else { throw mismatch() }
        found = rec[key] != nil
      default: throw mismatch()
      }
      return .bool(op == "in" ? found : !found)
    case "starts-with", "ends-with":
      guard case .string(let s) = l, case .string(let t) = r else { throw mismatch() }
      return .bool(op == "starts-with" ? s.hasPrefix(t) : s.hasSuffix(t))
    case "..":
      guard case .int(let a) = l, case .int(let b) = r else {
        throw RuntimeError(
          "a range needs two ints, found \(l.typeName)..\(r.typeName)", at: range, in: file)
      }
      let (span, spanOverflow) = b.subtractingReportingOverflow(a)
      guard !spanOverflow, span.magnitude <= 10_000_000 else {
        throw RuntimeError(
          "range \(a)..\(b) is too large (at most 10,000,000 items)", at: range, in: file)
      }
      return .list(a <= b ? (a...b).map(Value.int) : (b...a).reversed().map(Value.int))
    default:
      break
    }
    switch (op, l, r) {
    case ("+", .int(let a), .int(let b)): return try checked(a.addingReportingOverflow(b))
    case ("-", .int(let a), .int(let b)): return try checked(a.subtractingReportingOverflow(b))
    case ("*", .int(let a), .int(let b)): return try checked(a.multipliedReportingOverflow(by: b))
    case ("/", .int(let a), .int(let b)):
      guard b != 0 else { throw RuntimeError("division by zero", at: range, in: file) }
      let (q, o) = a.dividedReportingOverflow(by: b)
      if o { throw RuntimeError("integer overflow in '/'", at: range, in: file) }
      return a.remainderReportingOverflow(dividingBy: b).partialValue == 0
        ? .int(q) : .float(Double(a) / Double(b))
    case ("//", .int(let a), .int(let b)):
      guard b != 0 else { throw RuntimeError("division by zero", at: range, in: file) }
      let (q, o) = a.dividedReportingOverflow(by: b)
      if o { throw RuntimeError("integer overflow in '//'", at: range, in: file) }
      return .int(a % b != 0 && (a < 0) != (b < 0) ? q - 1 : q)
    case ("%", .int(let a), .int(let b)), ("mod", .int(let a), .int(let b)):
      // Floored, like `//`: the result has the sign of the divisor (-7 mod 3 == 2).
      guard b != 0 else { throw RuntimeError("division by zero", at: range, in: file) }
      let r = a.remainderReportingOverflow(dividingBy: b).partialValue
      return .int(r != 0 && (r < 0) != (b < 0) ? r + b : r)
    case ("**", .int(let a), .int(let b)) where b >= 0:
      guard let result = power(a, b) else {
        throw RuntimeError("integer overflow in '**'", at: range, in: file)
      }
      return .int(result)
    case ("+", .string(let a), .string(let b)): return .string(a + b)
    case ("+", .list(let a), .list(let b)): return .list(a + b)
    case ("+", .record(var a), .record(let b)):
      for (k, v) in b { a[k] = v }
      return .record(a)
    case ("+", .duration(let a), .duration(let b)):
      return try checked(a.addingReportingOverflow(b), Value.duration)
    case ("-", .duration(let a), .duration(let b)):
      return try checked(a.subtractingReportingOverflow(b), Value.duration)
    case ("+", .size(let a), .size(let b)):
      return try checked(a.addingReportingOverflow(b), Value.size)
    case ("-", .size(let a), .size(let b)):
      return try checked(a.subtractingReportingOverflow(b), Value.size)
    case ("*", .duration(let a), .int(let b)), ("*", .int(let b), .duration(let a)):
      return try checked(a.multipliedReportingOverflow(by: b), Value.duration)
    case ("*", .size(let a), .int(let b)), ("*", .int(let b), .size(let a)):
      return try checked(a.multipliedReportingOverflow(by: b), Value.size)
    case ("/", .duration(let a), .int(let b)) where b != 0:
      return try checked(a.dividedReportingOverflow(by: b), Value.duration)
    case ("/", .duration(let a), .duration(let b)) where b != 0:
      return .float(Double(a) / Double(b))
    case ("+", .date(let d), .duration(let n)), ("+", .duration(let n), .date(let d)):
      return try date(d.timeIntervalSince1970 + Double(n) / 1e9)
    case ("-", .date(let d), .duration(let n)):
      return try date(d.timeIntervalSince1970 - Double(n) / 1e9)
    case ("-", .date(let a), .date(let b)):
      guard let ns = ValueLimits.nanoseconds(a.timeIntervalSince(b)) else {
        throw RuntimeError(
          "duration overflow in '-': the dates are too far apart", at: range, in: file)
      }
      return .duration(ns)
    case ("*", .string(let s), .int(let n)):
      return .string(try repeated(s, n, range: range, file: file))
    default: break
    }
    if let a = l.doubleValue, let b = r.doubleValue {
      switch op {
      case "+": return .float(a + b)
      case "-": return .float(a - b)
      case "*": return .float(a * b)
      case "/":
        guard b != 0 else { throw RuntimeError("division by zero", at: range, in: file) }
        return .float(a / b)
      case "//":
        guard b != 0 else { throw RuntimeError("division by zero", at: range, in: file) }
        return .float((a / b).rounded(.down))
      case "%", "mod":
        guard b != 0 else { throw RuntimeError("division by zero", at: range, in: file) }
        let r = a.truncatingRemainder(dividingBy: b)
        return .float(r != 0 && (r < 0) != (b < 0) ? r + b : r)
      case "**": return .float(pow(a, b))
      default: break
      }
    }
    var notes: [String] = []
    if op == "+", case .string = l {
      notes.append("to join text, use string interpolation: \"$a$b\"")
    }
    throw RuntimeError(
      "operator '\(op)' does not apply to \(l.typeName) and \(r.typeName)", at: range, in: file,
      notes: notes)
  }

  /// The most bytes `string * n` makes: a typo in `n` is an error, not the machine's memory.
  static let repeatedStringLimit = 1 << 28

  /// `s` repeated `n` times, bounded by ``repeatedStringLimit``.
  static func repeated(
    _ s: String, _ n: Int, range: SourceRange, file: SourceFile?
  ) throws -> String {
    guard n >= 0 else {
      throw RuntimeError(
        "cannot repeat a string \(n) times: the count must not be negative", at: range, in: file)
    }
    let (bytes, overflow) = s.utf8.count.multipliedReportingOverflow(by: n)
    guard !overflow, bytes <= repeatedStringLimit else {
      throw RuntimeError(
        "repeating a string of \(s.utf8.count) bytes \(n) times passes the limit of 256 MiB",
        at: range, in: file)
    }
    // Doubling copies of the UTF-8 bytes: `String(repeating:count:)` appends one copy at a
    // time, ~35 ns a copy of a one-character string.
    let unit = Array(s.utf8)
    guard !unit.isEmpty, n > 0 else { return "" }
    return String(unsafeUninitializedCapacity: bytes) { buffer in
      _ = buffer.initialize(from: unit)
      var filled = unit.count
      while filled < bytes {
        let chunk = min(filled, bytes - filled)
        buffer.baseAddress!.advanced(by: filled).update(
          from: buffer.baseAddress!, count: chunk)
        filled += chunk
      }
      return bytes
    }
  }

  /// `a` to the power `b` (b >= 0), or nil on overflow.
  static func power(_ a: Int, _ b: Int) -> Int? {
    var base = a
    var exponent = b
    var result = 1
    while exponent > 0 {
      if exponent & 1 == 1 {
        let (m, o) = result.multipliedReportingOverflow(by: base)
        if o { return nil }
        result = m
      }
      exponent >>= 1
      if exponent > 0 {
        let (sq, o) = base.multipliedReportingOverflow(by: base)
        if o { return nil }
        base = sq
      }
    }
    return result
  }

  private static func overflowNoun(_ kind: Value) -> String {
    switch kind {
    case .duration: "duration"
    case .size: "filesize"
    default: "integer"
    }
  }

  static func comparable(_ l: Value, _ r: Value) -> Bool {
    switch (l, r) {
    case (.int, .int), (.int, .float), (.float, .int), (.float, .float), (.string, .string),
      (.duration, .duration), (.size, .size), (.date, .date), (.bool, .bool), (.list, .list):
      return true
    default: return false
    }
  }
}
