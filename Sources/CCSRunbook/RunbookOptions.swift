/// The options of `ccs runbook FILE.md`.
public struct RunbookOptions: Sendable, Equatable {
  /// The Markdown file.
  public var path: String
  /// `--list`: print the steps and parameters, run nothing.
  public var list = false
  /// `--step`: ask before each step.
  public var confirmEachStep = false
  /// `--from STEP`: skip the steps before it.
  public var from: String?
  /// `--only STEP`: run that step alone.
  public var only: String?
  /// `--dry-run`: writes are printed, not sent; reads happen.
  public var dryRun = false
  /// `--keep-going`: run the remaining steps after a failure.
  public var keepGoing = false
  /// `--set NAME=VALUE`, in order.
  public var parameters: [Parameter] = []
  /// `--report OUT.md`.
  public var reportPath: String?

  /// One `--set NAME=VALUE`.
  public struct Parameter: Sendable, Equatable {
    /// The variable name.
    public var name: String
    /// The text after `=`.
    public var value: String

    /// Creates a parameter setting.
    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  /// Options for `path` with everything off.
  public init(path: String) {
    self.path = path
  }

  /// Parses the arguments after `runbook`.
  public static func parse(_ arguments: [String]) throws(RunbookError) -> RunbookOptions {
    var path: String?
    var options = RunbookOptions(path: "")
    var i = 0
    func value(_ flag: String) throws(RunbookError) -> String {
      i += 1
      guard i < arguments.count else { throw .usage("\(flag) needs a value") }
      return arguments[i]
    }
    while i < arguments.count {
      let a = arguments[i]
      switch a {
      case "--list": options.list = true
      case "--step": options.confirmEachStep = true
      case "--from": options.from = try value(a)
      case "--only": options.only = try value(a)
      case "--dry-run": options.dryRun = true
      case "--keep-going": options.keepGoing = true
      case "--report": options.reportPath = try value(a)
      case "--set":
        let setting = try value(a)
        guard let eq = setting.firstIndex(of: "="), eq != setting.startIndex else {
          throw .usage("--set expects NAME=VALUE, found '\(setting)'")
        }
        options.parameters.append(
          Parameter(
            name: String(setting[..<eq]), value: String(setting[setting.index(after: eq)...])))
      default:
        if a.hasPrefix("-") && a != "-" {
          throw .usage("unknown runbook option '\(a)'")
        }
        guard path == nil else {
          throw .usage("one runbook at a time; found '\(path ?? "")' and '\(a)'")
        }
        path = a
      }
      i += 1
    }
    guard let path else { throw .usage("runbook needs a Markdown file: ccs runbook FILE.md") }
    if options.from != nil && options.only != nil {
      throw .usage("--from and --only cannot be combined")
    }
    options.path = path
    return options
  }
}
