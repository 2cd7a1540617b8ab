import CCS
import CCSRunbook
import CCSShell
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `ccs runbook FILE.md`: parses the runbook, runs it on one engine, writes the report.
enum RunbookLauncher {
  static func run(_ runbook: RunbookOptions, options: Options) async -> Int32 {
    let configuration: Engine.Configuration
    do {
      configuration = try Launcher.engineConfiguration(for: options)
    } catch {
      FileDescriptorSink(fd: 2).write("ccs: \(error)\n")
      return 2
    }
    let stderr = configuration.standardError
    let document: RunbookDocument
    do {
      document = try RunbookDocument.load(runbook.path)
    } catch {
      stderr.write("ccs runbook: \(error)\n")
      return 2
    }
    if runbook.list {
      FileDescriptorSink(fd: 1).write(listing(document))
      return 0
    }
    if runbook.confirmEachStep, !configuration.terminal.inputIsTerminal {
      stderr.write("ccs runbook: \(RunbookError.stepNeedsTerminal)\n")
      return 2
    }
    var runner = RunbookRunner(options: runbook, configuration: configuration)
    if isatty(2) != 0 {
      runner.progress = TerminalProgress(sink: stderr, color: configuration.terminal.color)
    }
    runner.confirm = { number, total, name in ask(number, total, name, sink: stderr) }
    let engineBox = Locked<Engine?>(nil)
    runner.onEngine = { engine in engineBox.withLock { $0 = engine } }
    // Ctrl-C cancels the running step; between steps (at a --step question) it stops ccs.
    InterruptSignal.install {
      if let engine = engineBox.withLock({ $0 }), engine.cancellation.isRunning {
        engine.cancel()
      } else {
        stderr.write("\ninterrupted\n")
        exit(130)
      }
    }
    defer { InterruptSignal.uninstall(then: .default) }
    let result: RunbookResult
    do {
      result = try await runner.run(document)
    } catch {
      stderr.write("ccs runbook: \(error)\n")
      return 2
    }
    stderr.write(
      "\(document.path): \(result.tally) in \(NumberText.fixed(result.seconds, digits: 2) + " s")\(result.cancelled ? ", interrupted" : "")\n"
    )
    if runbook.dryRun, let engine = engineBox.withLock({ $0 }) {
      Launcher.reportUnsentWrites(engine, to: stderr)
    }
    if let path = runbook.reportPath {
      let text = RunbookReport.render(document, result, dryRun: runbook.dryRun)
      guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        stderr.write("ccs runbook: cannot write the report to '\(path)'\n")
        return max(result.exitCode, 1)
      }
    }
    return result.exitCode
  }

  /// `--list`: the parameters and the numbered steps.
  static func listing(_ document: RunbookDocument) -> String {
    var out = ""
    for (i, step) in document.steps.enumerated() {
      out +=
        "\(i + 1). \(step.name)\(step.kind == .skip ? " (skip)" : "")  [\(document.path):\(step.fenceLine)]\n"
    }
    return out
  }

  /// `--step`: `run step 2/5 'Restart'? [Y/n/q]`, read from the terminal.
  static func ask(_ number: Int, _ total: Int, _ name: String, sink: any OutputSink) -> Bool? {
    while true {
      sink.write("run step \(number)/\(total) '\(name)'? [Y/n/q] ")
      guard let answer = readLine()?.trimmingBlanks().lowercased() else {
        return nil
      }
      switch answer {
      case "", "y", "yes": return true
      case "n", "no": return false
      case "q", "quit": return nil
      default: sink.write("answer y (run it), n (skip it) or q (stop)\n")
      }
    }
  }
}
