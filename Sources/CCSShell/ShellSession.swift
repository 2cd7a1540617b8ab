import CCS
import Foundation

/// The interactive shell: reads statements with `LineEditor`, runs them on one `Engine`,
/// renders each value, completes commands, flags and variables.
///
/// `@unchecked Sendable`: the session is used from the task running `run()` only; the line
/// editor's callbacks run on its reading thread while that task waits for the line.
public final class ShellSession: @unchecked Sendable {
  private let engine: Engine
  private let editor: LineEditor
  private let standardError: any OutputSink

  /// Creates a session over an engine; the engine's `onDiagnostic` prints errors.
  public init(engine: Engine) {
    self.engine = engine
    standardError = engine.configuration.standardError
    editor = LineEditor(
      programName: "ccs",
      historyFile: LineEditor.defaultHistoryPath(environment: engine.configuration.environment))
    editor.historyFilter = { line in !ShellSession.mentionsSecret(line) }
    let completions = CompletionSource(engine: engine)
    editor.completer = { line, cursor in completions.complete(line, cursor: cursor) }
  }

  /// Lines naming a secret (tokens, passwords) are kept out of the history file.
  static func mentionsSecret(_ line: String) -> Bool {
    let lower = line.lowercased()
    return ["token", "password", "secret", "apikey", "api-key", "authorization"].contains { lower.contains($0) }
  }

  /// Runs the read-eval-print loop until end of input; returns the exit status.
  public func run() async -> Int32 {
    let stderr = standardError
    stderr.write("ccs — the cloud control shell. 'help commands' lists commands; Ctrl-D exits.\n")
    while true {
      let result = await editor.readStatementAsync(
        prompt: "ccs> ", continuationPrompt: "...> ",
        isComplete: { !Engine.isIncomplete($0) })
      switch result {
      case .eof:
        stderr.write("\n")
        return 0
      case .interrupted:
        continue
      case .line(let source):
        if source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
        editor.addHistory(source)
        if source.trimmingCharacters(in: .whitespaces) == "exit" { return 0 }
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

/// Completion candidates from the engine: command words, flags of the command being typed,
/// and variable names.
struct CompletionSource: Sendable {
  let engine: Engine

  func complete(_ line: String, cursor: Int) -> Completion {
    let bytes = Array(line.utf8)
    let end = min(cursor, bytes.count)
    var start = end
    while start > 0, ![UInt8(ascii: " "), UInt8(ascii: "|"), UInt8(ascii: "("), UInt8(ascii: "{")].contains(bytes[start - 1]) {
      start -= 1
    }
    let word = String(decoding: bytes[start..<end], as: UTF8.self)
    // The words of the current pipeline stage before the cursor.
    let before = String(decoding: bytes[0..<start], as: UTF8.self)
    let stage = before.split(separator: "|", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    let stageWords = stage.split(separator: " ").map(String.init).filter { !$0.isEmpty }
    var candidates: [String] = []
    let engine = self.engine
    if word.hasPrefix("$") {
      candidates = (Self.blocking { await engine.globalNames().variables } + ["env", "in"]).map { "$" + $0 }
    } else if word.hasPrefix("-") {
      var words = stageWords.filter { !$0.hasPrefix("-") }
      while !words.isEmpty {
        if let c = engine.command(named: words.joined(separator: " ")) {
          candidates = c.signature.flags.map { "--" + $0.name }
            + c.signature.positionals.map { "--" + $0.name }
          break
        }
        words.removeLast()
      }
    } else if let (command, parameter) = argumentBeingCompleted(stageWords) {
      candidates = Self.blocking { await engine.completions(for: parameter, of: command) }
    } else {
      let prefix = stageWords.joined(separator: " ")
      if prefix.isEmpty {
        candidates = Set(engine.commands.map { String($0.name.split(separator: " ")[0]) }).sorted()
          + Self.blocking { await engine.globalNames().commands }
      } else if engine.isCommandGroup(prefix) {
        candidates = engine.subcommands(of: prefix)
      }
    }
    return Completion(
      replacing: start..<end, candidates: candidates.filter { $0.hasPrefix(word) }.sorted())
  }

  /// The command of the stage and the parameter the cursor is on: the flag just before it, or
  /// the next positional.
  func argumentBeingCompleted(_ words: [String]) -> ((any Command), String)? {
    var n = words.count
    while n > 0 {
      let name = words[0..<n].joined(separator: " ")
      if let c = engine.command(named: name) {
        let rest = Array(words[n...])
        if let last = rest.last, last.hasPrefix("--") {
          let flag = String(last.dropFirst(2))
          if c.signature.flags.first(where: { $0.name == flag })?.isSwitch == false
            || c.signature.positionals.contains(where: { $0.name == flag })
          {
            return (c, flag)
          }
        }
        var index = 0
        var i = 0
        while i < rest.count {
          if rest[i].hasPrefix("--") {
            let flag = String(rest[i].dropFirst(2))
            i += c.signature.flags.first(where: { $0.name == flag })?.isSwitch == true ? 1 : 2
          } else {
            index += 1
            i += 1
          }
        }
        guard index < c.signature.positionals.count else { return nil }
        return (c, c.signature.positionals[index].name)
      }
      n -= 1
    }
    return nil
  }

  /// Runs async work from the editor's thread (never the cooperative pool) and waits for it.
  static func blocking(_ work: @escaping @Sendable () async -> [String]) -> [String] {
    let semaphore = DispatchSemaphore(value: 0)
    let box = ResultBox()
    Task.detached {
      box.value = await work()
      semaphore.signal()
    }
    _ = semaphore.wait(timeout: .now() + 3)
    return box.value
  }
}

final class ResultBox: @unchecked Sendable {
  var value: [String] = []
}
