// A test tool, not a product: drives LineEditor in a real terminal for the tmux tests in
// Tests/CCSShellTests (see docs/repl.md). It reads statements, completes from a fixed word
// list, keeps lines containing "secret" out of history, and echoes `got: <statement>`.
//
// Environment: EDITLINE_PROBE_HISTORY is the history file (none when unset).
import CCS
import CCSShell
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

let words = ["cloudron", "clever", "tasks", "tokens"]
let environment = ProcessEnvironment.current()
let editor = LineEditor(
  programName: "editline-probe", historyFile: environment["EDITLINE_PROBE_HISTORY"],
  maxHistory: 100)
editor.completer = { line, cursor in Completion.words(words, line: line, cursor: cursor) }
editor.historyFilter = { !$0.contains("secret") }

/// Complete when every `{`, `(` and `[` is closed and the text does not end with `|`.
@Sendable func isComplete(_ text: String) -> Bool {
  var depth = 0
  for character in text {
    switch character {
    case "{", "(", "[": depth += 1
    case "}", ")", "]": depth -= 1
    default: break
    }
  }
  let trimmed = text.trimmingBlanks()
  return depth <= 0 && !trimmed.hasSuffix("|")
}

print("probe ready (interactive: \(LineEditor.isInteractive))")
loop: while true {
  switch await editor.readStatementAsync(
    prompt: "probe> ", continuationPrompt: "....> ", isComplete: isComplete)
  {
  case .line(let statement):
    editor.addHistory(statement)
    print("got: \(statement)")
  case .interrupted:
    print("interrupted")
  case .eof:
    print("bye")
    break loop
  }
}
