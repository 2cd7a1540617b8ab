/// Why a pattern was refused, with the offset (in Unicode scalars from the pattern's start) of
/// the part that was.
public struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Reason: Sendable, Equatable {
    /// Malformed syntax: a missing `)` or `]`, a quantifier with nothing to repeat, a bad
    /// escape or range. The payload says what, in a few words.
    case syntax(String)
    /// Syntax other engines read that a linear-time engine cannot run: backreferences,
    /// lookaround, atomic groups, possessive quantifiers. The payload names the feature.
    case unsupported(String)
    /// The compiled pattern would exceed a bound (instructions, groups, nesting, a count),
    /// said as "the pattern has …".
    case tooLarge(String)
  }

  public let reason: Reason
  /// Offset of the offending part, in Unicode scalars of the pattern.
  public let offset: Int

  public init(_ reason: Reason, at offset: Int) {
    self.reason = reason
    self.offset = offset
  }

  /// What is wrong, without the offset.
  public var summary: String {
    switch reason {
    case .syntax(let what), .tooLarge(let what): return what
    case .unsupported(let what): return "\(what) are not supported"
    }
  }

  public var description: String { "\(summary) (offset \(offset))" }
}
