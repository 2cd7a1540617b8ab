/// What one read from a ``LineEditor`` produced.
public enum LineResult: Sendable, Equatable {
  /// A line or statement the user entered, without its final newline.
  case line(String)
  /// End of input: Ctrl-D at an empty prompt, or the end of a non-terminal input.
  case eof
  /// Ctrl-C: the line (or the whole multi-line statement) was abandoned.
  case interrupted
}
