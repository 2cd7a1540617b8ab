import CCSAPI
import CCSLanguage
import CCSRuntime

// What an interactive front end asks of the session between statements: completion
// candidates, whether typed text is a whole statement, and a history line with its secrets
// masked. Each call reads the session only while no evaluation runs and never waits for one.

extension Engine {
  /// Candidates for the word before `cursor` (a UTF-8 byte offset into `line`): command words
  /// and subcommands, flags of the command being typed, values of the parameter under the
  /// cursor (enums, ids looked up live), variables and their record fields, file paths.
  ///
  /// Host commands registered with ``register(_:)`` complete like builtins. Safe to call from
  /// any thread; while an evaluation runs it answers no candidates at once instead of waiting.
  /// Commands that look values up over the network answer within about 150 ms, with a
  /// ``Completion/message`` while the lookup is still running.
  public func complete(_ line: String, cursor: Int) -> Completion {
    let end = min(max(cursor, 0), line.utf8.count)
    let answer = whileIdle { InterpreterCompleter(interpreter: $0).complete(line, cursor: end) }
    return answer ?? Completion(replacing: end..<end, candidates: [])
  }

  /// Parses the built-in API catalogs now, so that the first API command or Tab does not wait
  /// for it (tens of milliseconds in a release build). Safe from any thread and while an
  /// evaluation runs; the interactive shell calls it in the background as it starts. Does
  /// nothing when the engine has no APIs.
  public func prepareAPIs() {
    guard api != nil else { return }
    APIBindings.parseBuiltinCatalogs()
  }

  /// `line` as it may be saved to a history file: secrets replaced by `***`, by the rule of
  /// ``HistoryRedactor``, including the text of any secret-named string variable of the
  /// session (`let token = "…"` then a line that spells the token out).
  public func redactedForHistory(_ line: String) -> String {
    let secrets = whileIdle { interpreter in
      interpreter.globals.visibleVariableNames.filter(HistoryRedactor.isSecretName).compactMap {
        name in
        if case .string(let text)? = interpreter.globals.lookup(name) { return text }
        return nil
      }
    }
    return HistoryRedactor.redact(line, knownSecrets: secrets ?? [])
  }

  /// Whether `source` stops in the middle of a construct (an open `{`, `[`, `(` or string, or
  /// a trailing `|`), so a prompt should read another line.
  public static func isIncomplete(_ source: String) -> Bool {
    Parser.isIncomplete(source)
  }
}
