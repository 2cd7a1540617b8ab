import CCS
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The interactive shell: reads statements with `LineEditor`, runs them on one `Engine`,
/// renders each value, completes commands, flags and variables.
///
/// `@unchecked Sendable`: the session is used from the task running `run()` only; the line
/// editor's callbacks run on its reading thread while that task waits for the line.
public final class ShellSession: @unchecked Sendable {
  private let engine: Engine
  private let editor: LineEditor
  private let standardError: any OutputSink
  private let prompt: ShellPrompt
  /// The API of the last entry's command, shown in the prompt; touched only by `run`.
  private var activeAPI: String?

  /// Creates a session over an engine; the engine's `onDiagnostic` prints errors, and the
  /// prompt shows where the API in use points (``Engine/connectionPlace(of:)``).
  public init(engine: Engine) {
    self.engine = engine
    standardError = engine.configuration.standardError
    prompt = ShellPrompt { api in engine.connectionPlace(of: api) }
    editor = LineEditor(
      programName: "ccs",
      historyFile: LineEditor.defaultHistoryPath(environment: engine.configuration.environment))
    // The redactor runs from `run`, between statements, when the engine is idle.
    editor.historyRedactor = { line in engine.redactedForHistory(line) }
    editor.completer = { line, cursor in engine.complete(line, cursor: cursor) }
  }

  /// Runs the read-eval-print loop until end of input or `exit [N]`; returns the exit status.
  public func run() async -> Int32 {
    let stderr = standardError
    let editor = self.editor
    await engine.register(HistoryCommand.make { editor.historyEntries })
    stderr.write("ccs — the cloud control shell. 'help commands' lists commands; Ctrl-D exits.\n")
    // The catalogs are parsed while the user types the first line, not on its first Tab.
    detachThread { [engine] in engine.prepareAPIs() }
    let color = engine.configuration.terminal.color
    while true {
      let result = await editor.readStatementAsync(
        prompt: prompt.text(api: activeAPI, color: color),
        continuationPrompt: prompt.continuation(api: activeAPI),
        isComplete: { !Engine.isIncomplete($0) })
      switch result {
      case .eof:
        stderr.write("\n")
        return 0
      case .interrupted:
        continue
      case .line(let source):
        if source.trimmingWhitespace().isEmpty { continue }
        editor.addHistory(source)
        if let status = ExitRequest.status(of: source) { return status }
        activeAPI = ShellPrompt.api(of: source, engine: engine) ?? activeAPI
        let engine = self.engine
        InterruptSignal.install { engine.cancel() }
        let evaluation = await engine.run(source: source, name: "<repl>") { value in
          try await engine.render(value)
        }
        InterruptSignal.uninstall(then: .ignore)
        if evaluation.status == .cancelled { stderr.write("interrupted\n") }
      }
    }
  }
}
