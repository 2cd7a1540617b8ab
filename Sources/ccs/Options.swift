import CCS
import CCSRunbook

/// The command line of `ccs`, parsed by hand: the shapes (`ccs FILE ARGS…`, `ccs -c SRC`,
/// `ccs sandbox serve …`) are simpler to state directly than through a parser library.
struct Options {
  enum Mode {
    case repl
    case script(path: String)
    case command(source: String)
    case standardInput
    case sandboxServe(arguments: [String])
    case runbook(RunbookOptions)
    case version
    case help
  }

  var mode: Mode = .repl
  var format: OutputFormat = .auto
  var scriptArguments: [String] = []
  var sandbox = false
  var profile: String?
  var dryRun = false
  var verbose = false
  var noColor = false
  var noInit = false
  /// `--sandbox-fault NAME=VALUE`, in order.
  var sandboxFaults: [(name: String, value: String)] = []

  static let usage = """
    usage: ccs [options] [FILE.ccs [ARGS…]]
           ccs [options] -c 'SOURCE' [ARGS…]
           ccs [options] -            (read the program from standard input)
           ccs [options] runbook FILE.md [runbook options]
           ccs sandbox serve [--port N] [--seed S]

    options:
      -c SOURCE          run SOURCE
      --format FORMAT    output format: auto, json, yaml, ndjson, csv, table
      --sandbox          start the built-in sandbox and point the shell at it
      --sandbox-fault NAME=VALUE
                         a fault of that sandbox (responseDelayMilliseconds=2000…)
      --profile NAME     use the named profile from the config file
      --dry-run          print write requests instead of sending them
      --verbose          log each HTTP request and response (secrets redacted)
      --no-color         never use colors (also: NO_COLOR=1)
      --no-init          do not source ~/.config/ccs/init.ccs in the interactive shell
      --version          print the version
      -h, --help         print this help

    runbook options (see docs/runbooks.md):
      --list             list the steps and exit
      --step             confirm each step at the terminal
      --from STEP        start at STEP (a heading or a number)
      --only STEP        run STEP alone
      --set NAME=VALUE   set a parameter (repeatable)
      --keep-going       run the remaining steps after a failure
      --report OUT.md    write the runbook with each step's output and status

    With no FILE and a terminal, ccs starts the interactive shell.
    Piped standard input is the input of the first pipeline in -c and script mode.
    Exit status: 0 ok, 1 runtime error, 2 usage or parse error, 130 interrupted.

    """

  struct UsageError: Error {
    let message: String
  }

  static func parse(_ args: [String]) throws -> Options {
    var o = Options()
    var i = 0
    func value(_ flag: String) throws -> String {
      i += 1
      guard i < args.count else { throw UsageError(message: "\(flag) needs a value") }
      return args[i]
    }
    if args.first == "sandbox" {
      guard args.count >= 2, args[1] == "serve" else {
        throw UsageError(message: "unknown sandbox command; try: ccs sandbox serve [--port N]")
      }
      o.mode = .sandboxServe(arguments: Array(args.dropFirst(2)))
      return o
    }
    while i < args.count {
      let a = args[i]
      switch a {
      case "runbook":
        o.mode = .runbook(try RunbookOptions.parse(Array(args[(i + 1)...])))
        if case .runbook(let r) = o.mode, r.dryRun { o.dryRun = true }
        return o
      case "-c":
        o.mode = .command(source: try value(a))
        o.scriptArguments = Array(args[(i + 1)...])
        return o
      case "-":
        o.mode = .standardInput
        o.scriptArguments = Array(args[(i + 1)...])
        return o
      case "--format", "-f":
        let f = try value(a)
        guard let format = OutputFormat(rawValue: f) else {
          throw UsageError(
            message: "unknown format '\(f)'; expected one of: "
              + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        o.format = format
      case "--sandbox": o.sandbox = true
      case "--sandbox-fault":
        let text = try value(a)
        guard let equals = text.firstIndex(of: "=") else {
          throw UsageError(message: "--sandbox-fault expects NAME=VALUE, found '\(text)'")
        }
        o.sandboxFaults.append(
          (String(text[..<equals]), String(text[text.index(after: equals)...])))
      case "--profile": o.profile = try value(a)
      case "--dry-run": o.dryRun = true
      case "--verbose", "-v": o.verbose = true
      case "--no-color": o.noColor = true
      case "--no-init": o.noInit = true
      case "--version": o.mode = .version; return o
      case "-h", "--help": o.mode = .help; return o
      case "--":
        if i + 1 < args.count {
          o.mode = .script(path: args[i + 1])
          o.scriptArguments = Array(args[(i + 2)...])
        }
        return o
      default:
        if a.hasPrefix("-"), a.count > 1 {
          if a.hasPrefix("--format=") {
            let f = String(a.dropFirst("--format=".count))
            guard let format = OutputFormat(rawValue: f) else {
              throw UsageError(message: "unknown format '\(f)'")
            }
            o.format = format
          } else {
            throw UsageError(message: "unknown option '\(a)'")
          }
        } else {
          o.mode = .script(path: a)
          o.scriptArguments = Array(args[(i + 1)...])
          return o
        }
      }
      i += 1
    }
    return o
  }
}
