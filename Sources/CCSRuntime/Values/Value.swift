import CCSLanguage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A ccs value: what expressions evaluate to and what flows through pipelines.
public enum Value: Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case float(Double)
  case string(String)
  /// Bytes with a media type (`application/pdf`, `image/png`, …).
  case binary(Binary)
  case list([Value])
  /// Ordered keys to values.
  case record(Record)
  /// A span of time in nanoseconds (`500ms`, `10min`).
  case duration(Int)
  /// A number of bytes (`10kb`, `5mb`).
  case size(Int)
  /// A point in time (`date now`, API timestamps).
  case date(Date)
  case closure(Closure)
  /// A lazy, async, cancellable sequence of values, consumed once.
  case stream(ValueStream)
  /// An error as a value (what `catch` binds).
  case error(ErrorValue)
}

/// Bytes plus the media type they were served or loaded as.
public struct Binary: Sendable, Equatable {
  /// The raw bytes.
  public var bytes: [UInt8]
  /// A media type such as `application/pdf`; `application/octet-stream` when unknown.
  public var mediaType: String

  /// Creates a binary value.
  public init(_ bytes: [UInt8], mediaType: String = "application/octet-stream") {
    self.bytes = bytes
    self.mediaType = mediaType
  }
}

/// An error that a script can catch and inspect (`$e.message`, `$e.status`).
public struct ErrorValue: Sendable {
  /// What went wrong, in lowercase prose.
  public var message: String
  /// A short machine-readable class: `runtime`, `http`, `type`, `parse`, `io`…
  public var kind: String
  /// Extra fields (HTTP status, method, URL, request id…), shown as record fields.
  public var details: Record
  /// Where in the source it was raised.
  public var range: SourceRange
  /// The source file of `range`.
  public var file: SourceFile?

  /// Creates an error value.
  public init(
    message: String, kind: String = "runtime", details: Record = Record(),
    range: SourceRange = .none, file: SourceFile? = nil
  ) {
    self.message = message
    self.kind = kind
    self.details = details
    self.range = range
    self.file = file
  }

  /// The error as a record: `{message, kind, …details}`.
  public var record: Record {
    var r = Record()
    r["message"] = .string(message)
    r["kind"] = .string(kind)
    for (k, v) in details { r[k] = v }
    return r
  }
}

// MARK: - Type names

extension Value {
  /// The name of this value's type as `describe` prints it.
  public var typeName: String {
    switch self {
    case .null: "nothing"
    case .bool: "bool"
    case .int: "int"
    case .float: "float"
    case .string: "string"
    case .binary: "binary"
    case .list: "list"
    case .record: "record"
    case .duration: "duration"
    case .size: "filesize"
    case .date: "date"
    case .closure: "closure"
    case .stream: "stream"
    case .error: "error"
    }
  }

  /// Truthiness for `if`, `where` and `while`: false, null and missing fields are false.
  public var isTruthy: Bool {
    switch self {
    case .null: false
    case .bool(let b): b
    default: true
    }
  }

  /// The string payload, if this is a string.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The integer payload, if this is an int.
  public var intValue: Int? {
    if case .int(let i) = self { return i }
    return nil
  }

  /// A numeric view for arithmetic and comparison across int and float.
  public var doubleValue: Double? {
    switch self {
    case .int(let i): Double(i)
    case .float(let d): d
    default: nil
    }
  }
}

// MARK: - Equality and ordering

extension Value: Equatable {
  /// Structural equality; ints and floats compare by numeric value; streams and closures by
  /// identity.
  public static func == (lhs: Value, rhs: Value) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.int(let a), .int(let b)): return a == b
    case (.float(let a), .float(let b)): return a == b
    case (.int(let a), .float(let b)): return Double(a) == b
    case (.float(let a), .int(let b)): return a == Double(b)
    case (.string(let a), .string(let b)): return a == b
    case (.binary(let a), .binary(let b)): return a == b
    case (.list(let a), .list(let b)): return a == b
    case (.record(let a), .record(let b)): return a == b
    case (.duration(let a), .duration(let b)): return a == b
    case (.size(let a), .size(let b)): return a == b
    case (.date(let a), .date(let b)): return a == b
    case (.closure(let a), .closure(let b)): return a === b
    case (.stream(let a), .stream(let b)): return a === b
    case (.error(let a), .error(let b)): return a.message == b.message && a.kind == b.kind
    default: return false
    }
  }

  /// How strings compare: `natural` reads runs of digits as numbers (`app-9` before
  /// `app-10`, `5` before `14`); `lexical` compares characters one by one.
  public enum StringOrder: Sendable {
    case natural, lexical
  }

  /// A total order used by `sort-by`, `sort`, `min` and `max` (with natural string order) and
  /// the comparison operators (lexical): values of different types order by type rank, so
  /// mixed lists still sort deterministically.
  public static func compare(_ lhs: Value, _ rhs: Value, strings: StringOrder = .lexical) -> Int {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)): return a < b ? -1 : (a > b ? 1 : 0)
    case (.string(let a), .string(let b)):
      if strings == .natural { return NaturalOrder.compare(a, b) }
      return a < b ? -1 : (a > b ? 1 : 0)
    default: break
    }
    if let a = lhs.doubleValue, let b = rhs.doubleValue { return a < b ? -1 : (a > b ? 1 : 0) }
    switch (lhs, rhs) {
    case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
    case (.duration(let a), .duration(let b)), (.size(let a), .size(let b)):
      return a < b ? -1 : (a > b ? 1 : 0)
    case (.date(let a), .date(let b)): return a < b ? -1 : (a > b ? 1 : 0)
    case (.list(let a), .list(let b)):
      for (x, y) in zip(a, b) {
        let c = compare(x, y, strings: strings)
        if c != 0 { return c }
      }
      return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
    default:
      let (ra, rb) = (lhs.typeRank, rhs.typeRank)
      return ra < rb ? -1 : (ra > rb ? 1 : 0)
    }
  }

  private var typeRank: Int {
    switch self {
    case .null: 0
    case .bool: 1
    case .int, .float: 2
    case .duration: 3
    case .size: 4
    case .date: 5
    case .string: 6
    case .binary: 7
    case .list: 8
    case .record: 9
    case .closure: 10
    case .stream: 11
    case .error: 12
    }
  }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral,
  ExpressibleByFloatLiteral, ExpressibleByArrayLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(floatLiteral value: Double) { self = .float(value) }
  public init(arrayLiteral elements: Value...) { self = .list(elements) }
}
