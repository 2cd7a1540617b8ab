/// A parsed pattern, before compilation.
indirect enum RegexNode: Sendable {
  case empty
  /// One scalar; under `(?i)` it also matches its case variants.
  case scalar(UInt32, caseless: Bool)
  case set(ScalarSet, caseless: Bool)
  /// `.`: any scalar, or any but a line terminator.
  case dot(matchesLineTerminators: Bool)
  case assertion(Assertion)
  /// A capturing group, numbered from 1 in the order of its `(`.
  case capture(Int, RegexNode)
  case concatenation([RegexNode])
  case alternation([RegexNode])
  /// `min` to `max` (nil: unbounded) repetitions, greedy or lazy.
  case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
}

/// A zero-width test at a position.
enum Assertion: Sendable, Equatable {
  /// `^` (not multiline), `\A`.
  case startOfText
  /// `\z`.
  case endOfText
  /// `$` (not multiline), `\Z`: the end, or before a line terminator that ends the text.
  case endOfTextOrFinalTerminator
  /// `^` under `(?m)`: the start, or after a line terminator that is not the last thing.
  case startOfLine
  /// `$` under `(?m)`: the end, or before a line terminator.
  case endOfLine
  /// `\b`, `\B`.
  case wordBoundary
  case notWordBoundary
}

/// The flags `(?imsx)` sets for the rest of its group.
struct RegexFlags: Sendable {
  var caseless = false
  var multiline = false
  var dotMatchesLineTerminators = false
  var extended = false
}
