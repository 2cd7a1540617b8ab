import CCSLanguage
import CCSRuntime
import Foundation

/// The interactive shell: reads statements with `LineEditor`, runs them in one interpreter,
/// renders each value, completes commands, flags and variables.
public final class ShellSession: @unchecked Sendable {
  private let interpreter: Interpreter
  private let editor: LineEditor
  private let format: OutputFormat
  private let report: @Sendable (any Error) -> Void
  private let prompt: ShellPrompt
  /// The API of the last entry's command, shown in the prompt; touched only by `run`.
  private var activeAPI: String?

  /// Creates a session over an interpreter; `report` prints errors (the engine's renderer),
  /// `prompt` says where each API points.
  public init(
    interpreter: Interpreter, format: OutputFormat = .auto, prompt: ShellPrompt = ShellPrompt(),
    report: @escaping @Sendable (any Error) -> Void
  ) {
    self.interpreter = interpreter
    self.format = format
    self.report = report
    self.prompt = prompt
    editor = LineEditor(
      programName: "ccs",
      historyFile: LineEditor.defaultHistoryPath(environment: interpreter.context.environment))
    // The redactor runs from `run`, between statements: reading the globals is safe there.
    editor.historyRedactor = { [interpreter] line in
      HistoryRedactor.redact(line, knownSecrets: ShellSession.secretValues(interpreter.globals))
    }
    let completions = CompletionSource(interpreter: interpreter)
    editor.completer = { line, cursor in completions.complete(line, cursor: cursor) }
    let editor = self.editor
    interpreter.registry.register(HistoryCommand.make { editor.historyEntries })
  }

  /// The text values of the session's secret-bearing variables (`let token = …`).
  static func secretValues(_ scope: Scope) -> [String] {
    scope.visibleVariableNames.filter(HistoryRedactor.isSecretName).compactMap { name in
      if case .string(let text)? = scope.lookup(name) { return text }
      return nil
    }
  }

  /// Runs the read-eval-print loop until end of input; returns the exit status.
  public func run() async -> Int32 {
    let stderr = interpreter.context.stderr
    stderr.write("ccs — the cloud control shell. 'help commands' lists commands; Ctrl-D exits.\n")
    let renderer = OutputRenderer(format: format, interpreter: interpreter)
    let config = interpreter.parserConfig
    while true {
      let result = await editor.readStatementAsync(
        prompt: prompt.text(api: activeAPI, color: interpreter.context.color),
        continuationPrompt: prompt.continuation(api: activeAPI),
        isComplete: ContinuationRule.isComplete)
      switch result {
      case .eof:
        stderr.write("\n")
        return 0
      case .interrupted:
        continue
      case .line(let source):
        if source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
        editor.addHistory(source)
        if let status = ExitRequest.status(of: source) { return status }
        activeAPI = ShellPrompt.api(of: source, registry: interpreter.registry) ?? activeAPI
        let file = SourceFile(name: "<repl>", text: source)
        let (program, diagnostics) = Parser.parse(file, config: config)
        if !diagnostics.isEmpty {
          report(DiagnosticList(diagnostics))
          continue
        }
        let interpreter = self.interpreter
        let task = Task {
          try await interpreter.run(program) { value in try await renderer.emit(value) }
        }
        InterruptSignal.install { task.cancel() }
        do {
          try await task.value
        } catch {
          report(error)
        }
        InterruptSignal.uninstall(then: .ignore)
      }
    }
  }
}
