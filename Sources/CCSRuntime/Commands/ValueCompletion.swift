/// One value a command offers at Tab, with a short description shown beside it in the list
/// (a token's name, a task's type and state).
public struct CompletionCandidate: Sendable, Equatable {
  /// The text inserted on the line.
  public var value: String
  /// What the value stands for; empty when there is nothing useful to say.
  public var description: String

  /// Creates a candidate.
  public init(_ value: String, description: String = "") {
    self.value = value
    self.description = description
  }
}

/// A command's answer to "which values fit this parameter?".
public enum ValueCompletion: Sendable, Equatable {
  /// The values known now (possibly from a cache being refreshed in the background).
  case candidates([CompletionCandidate])
  /// No values yet: the lookup is still running or failed; the message says which, and is
  /// shown under the line instead of a silent bell.
  case unavailable(String)

  /// No candidates.
  public static let none = ValueCompletion.candidates([])
}
