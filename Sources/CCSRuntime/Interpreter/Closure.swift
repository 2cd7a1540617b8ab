import CCSLanguage

/// A closure value: parameters, body, and the scope it was written in.
public final class Closure: @unchecked Sendable {
  /// The parsed closure.
  public let literal: ClosureLiteral
  /// The scope captured where the closure was created.
  public let captured: Scope
  /// The file the closure's source is in.
  public let file: SourceFile

  /// Creates a closure.
  public init(literal: ClosureLiteral, captured: Scope, file: SourceFile) {
    self.literal = literal
    self.captured = captured
    self.file = file
  }

  /// The closure's source text, as `describe` and error messages show it.
  public var source: String { file.text(in: literal.range) }
}
