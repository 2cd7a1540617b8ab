/// A malformed input to a data format reader, located by line and column (both 1-based).
///
/// Commands turn it into a `RuntimeError` of kind `format` located at the call.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The format name as shown to users: `JSON`, `CSV`, `YAML`.
  public var format: String
  /// What was expected and what was found, lowercase.
  public var reason: String
  /// The 1-based line in the input, when known.
  public var line: Int?
  /// The 1-based column (in bytes) in the input, when known.
  public var column: Int?

  /// Creates a format error.
  public init(format: String, reason: String, line: Int? = nil, column: Int? = nil) {
    self.format = format
    self.reason = reason
    self.line = line
    self.column = column
  }

  /// `invalid JSON at line 3, column 14: expected ',' or '}' after object member`.
  public var description: String {
    switch (line, column) {
    case (let l?, let c?): "invalid \(format) at line \(l), column \(c): \(reason)"
    case (let l?, nil): "invalid \(format) at line \(l): \(reason)"
    default: "invalid \(format): \(reason)"
    }
  }
}
