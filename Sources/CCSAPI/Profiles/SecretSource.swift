/// Where a profile's secret comes from; resolved only when a request needs it.
public enum SecretSource: Sendable, Hashable {
  /// The value written in the configuration file (`token = "…"`).
  case literal(String)
  /// The value of an environment variable (`token_env = "CLOUDRON_TOKEN"`).
  case environment(String)
  /// The trimmed standard output of a shell command run with `/bin/sh -c`
  /// (`token_command = "pass show cloudron/prod"`).
  case command(String)

  /// How the value is obtained, never the value: `literal`, `env CLOUDRON_TOKEN`,
  /// `command: pass show cloudron/prod`.
  public var summary: String {
    switch self {
    case .literal: "literal"
    case .environment(let name): "env \(name)"
    case .command(let command): "command: \(command)"
    }
  }

  /// Whether the configuration file itself holds the secret.
  public var isLiteral: Bool {
    if case .literal = self { return true }
    return false
  }
}

extension SecretSource: CustomStringConvertible, CustomDebugStringConvertible {
  /// ``summary``: a literal's value is never shown.
  public var description: String { summary }
  /// ``summary``: a literal's value is never shown.
  public var debugDescription: String { summary }
}

extension SecretSource: CustomReflectable {
  /// A mirror showing only ``summary``, so `dump` does not print a literal secret.
  public var customMirror: Mirror {
    Mirror(self, children: ["source": summary])
  }
}
