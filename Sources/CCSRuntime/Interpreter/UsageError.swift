import CCSLanguage

/// A command written the wrong way: an unknown name or flag, or the wrong number of
/// arguments. Found by ``ProgramChecker`` before a program runs (or, for commands that exist
/// only at run time, before the call runs); `try` does not catch it.
public struct UsageError: Error, Sendable, CustomStringConvertible {
  /// What is wrong.
  public enum Problem: Sendable, Equatable {
    /// No command has this name (`taks`).
    case unknownCommand(String)
    /// A command group (`cloudron tasks`) has no subcommand `word`.
    case unknownSubcommand(group: String, word: String)
    /// A command group was named without a subcommand.
    case missingSubcommand(group: String)
    /// The command declares no such flag (`--verbos`, or `-x` when `short`).
    case unknownFlag(flag: String, short: Bool, command: String)
    /// A flag that takes a value was given none.
    case flagNeedsValue(flag: String, type: String)
    /// A non-repeatable flag was given twice.
    case flagRepeated(flag: String)
    /// More positional arguments than the command takes.
    case tooManyArguments(command: String, allowed: Int)
    /// A required positional argument is absent.
    case missingArgument(parameter: String, command: String)
    /// A file that `source` or `api load` names literally cannot be read at check time.
    case unreadableFile(path: String, reason: String)
    /// A document that `api load` names literally is not a usable OpenAPI document.
    case invalidDocument(path: String, reason: String)
  }

  /// What is wrong.
  public var problem: Problem
  /// Where.
  public var range: SourceRange
  /// The file the range points into.
  public var file: SourceFile?
  /// Hints: "did you mean", the usage line, the available flags.
  public var notes: [String]

  /// Creates a usage error.
  public init(_ problem: Problem, at range: SourceRange, in file: SourceFile?, notes: [String] = [])
  {
    self.problem = problem
    self.range = range
    self.file = file
    self.notes = notes
  }

  /// The message, lowercase, saying what was found.
  public var message: String {
    switch problem {
    case .unknownCommand(let name): "unknown command '\(name)'"
    case .unknownSubcommand(let group, let word): "unknown command '\(group) \(word)'"
    case .missingSubcommand(let group): "'\(group)' needs a subcommand"
    case .unknownFlag(let flag, let short, let command):
      "unknown flag \(short ? "-" : "--")\(flag) for '\(command)'"
    case .flagNeedsValue(let flag, let type): "flag --\(flag) needs a value of type \(type)"
    case .flagRepeated(let flag): "flag --\(flag) is given twice"
    case .tooManyArguments(let command, let allowed):
      "too many arguments: '\(command)' takes \(allowed == 0 ? "no" : "at most \(allowed)") positional argument\(allowed == 1 ? "" : "s")"
    case .missingArgument(let parameter, let command):
      "missing argument <\(parameter)> for '\(command)'"
    case .unreadableFile(let path, let reason): "cannot read '\(path)': \(reason)"
    case .invalidDocument(_, let reason): reason
    }
  }

  /// The error as a diagnostic.
  public var diagnostic: Diagnostic { Diagnostic(message, at: range, in: file, notes: notes) }

  /// The rendered diagnostic.
  public var description: String { diagnostic.description }
}

/// A program refused before it ran: every usage error found by the check, plus the parse
/// errors of files it sources, in source order per file.
public struct ProgramRefused: Error, Sendable, CustomStringConvertible {
  /// The problems, as diagnostics.
  public var diagnostics: [Diagnostic]

  /// Wraps the diagnostics of a failed check.
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  /// All diagnostics rendered one after another.
  public var description: String { diagnostics.map(\.description).joined() }
}
