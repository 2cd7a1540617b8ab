/// Why a runbook could not run; each maps to exit status 2.
public enum RunbookError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A malformed command line (`--from` without a value, an unknown option).
  case usage(String)
  /// The Markdown file cannot be read.
  case unreadable(path: String)
  /// The front matter is not valid YAML, or its `params` is not a mapping.
  case invalidFrontMatter(path: String, line: Int, reason: String)
  /// A `ccs params` block did not evaluate to a record.
  case invalidParamsBlock(path: String, line: Int, reason: String)
  /// `--from` or `--only` names no step.
  case unknownStep(String, known: [String])
  /// Required parameters without a value.
  case missingParameters([String])
  /// `--set` names a parameter the runbook does not declare.
  case unknownParameter(String, declared: [String])
  /// A `--set` value does not fit the declared default's type.
  case invalidParameterValue(name: String, value: String, expected: String)
  /// `--step` without a terminal to ask at.
  case stepNeedsTerminal
  /// Blocks that do not parse (their diagnostics were reported); nothing ran.
  case invalidBlocks(count: Int)
  /// The engine could not start (the sandbox, the prelude).
  case engineFailed(String)

  /// The message, lowercase, saying what was expected and found.
  public var description: String {
    switch self {
    case .usage(let message): message
    case .unreadable(let path): "cannot read '\(path)': no such file"
    case .invalidFrontMatter(let path, let line, let reason):
      "\(path):\(line): invalid front matter: \(reason)"
    case .invalidParamsBlock(let path, let line, let reason):
      "\(path):\(line): invalid params block: \(reason)"
    case .unknownStep(let step, let known):
      "no step '\(step)'; steps: "
        + known.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: ", ")
    case .missingParameters(let names):
      "missing required parameter\(names.count == 1 ? "" : "s"): "
        + names.joined(separator: ", ") + " (set with --set NAME=VALUE)"
    case .unknownParameter(let name, let declared):
      "unknown parameter '\(name)'; the runbook declares: " + declared.joined(separator: ", ")
    case .invalidParameterValue(let name, let value, let expected):
      "parameter '\(name)' expects \(expected), found '\(value)'"
    case .stepNeedsTerminal: "--step asks before each step and needs a terminal on standard input"
    case .invalidBlocks(let count):
      "\(count) block\(count == 1 ? " does" : "s do") not parse; no step ran"
    case .engineFailed(let reason): reason
    }
  }
}
