import CCS
import CCSText
import CEditLine

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

/// The interactive line editor of the REPL: libedit with emacs keys, persistent history,
/// Tab completion, multi-line statements and Ctrl-C that abandons the line.
///
/// `readLine` and `readStatement` block in `el_gets`: call them from a dedicated thread, never
/// from Swift's cooperative pool, or use
/// ``readStatementAsync(prompt:continuationPrompt:isComplete:)``, which does that for you. One read runs at a time; concurrent calls wait for each other.
///
/// When standard input or output is not a terminal the editor reads plain lines without
/// prompts, history recall or completion (see ``isInteractive``).
///
/// ```swift
/// let editor = LineEditor(programName: "ccs", historyFile: LineEditor.defaultHistoryPath())
/// editor.completer = { line, cursor in Completion.words(commands, line: line, cursor: cursor) }
/// editor.historyFilter = { !$0.contains("token") }
/// while case .line(let text) = await editor.readStatementAsync(
///   prompt: "ccs> ", continuationPrompt: "...> ", isComplete: parserSaysComplete)
/// {
///   editor.addHistory(text)
///   run(text)
/// }
/// ```
public final class LineEditor: @unchecked Sendable {
  /// The name libedit matches against `prog:` lines of `~/.editrc`.
  public let programName: String
  /// The file history is loaded from and saved to, or nil to keep history in memory only.
  public let historyFile: String?
  /// How many lines the history keeps; older ones are dropped.
  public let maxHistory: Int

  private let state = EditorState()
  private let history: EditLineHistory?
  private let editLine: OpaquePointer?
  private let readLock = Lock()
  private let historyLock = Lock()
  private let filterLock = Lock()
  private var storedHistoryFilter: (@Sendable (String) -> Bool)?
  private var storedHistoryRedactor: (@Sendable (String) -> String)?
  private var storedHistoryError: HistoryFileError?

  /// Whether both standard input and standard output are terminals, so libedit edits lines.
  public static var isInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }

  /// The history file: `$XDG_STATE_HOME/ccs/history`, else `~/.local/state/ccs/history`; nil
  /// when neither variable gives an absolute directory.
  public static func defaultHistoryPath(
    environment: [String: String] = ProcessEnvironment.current()
  ) -> String? {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return "\(state)/ccs/history"
    }
    if let home = environment["HOME"], home.hasPrefix("/") {
      return "\(home)/.local/state/ccs/history"
    }
    return nil
  }

  /// Creates an editor, loading history from `historyFile` when it exists.
  ///
  /// - Parameters:
  ///   - programName: the name for `~/.editrc` (`ccs:bind ...`).
  ///   - historyFile: where history persists (mode 0600), or nil for none; see
  ///     ``defaultHistoryPath(environment:)``.
  ///   - maxHistory: the most lines kept in memory and in the file.
  public init(programName: String = "ccs", historyFile: String?, maxHistory: Int = 1000) {
    self.programName = programName
    self.historyFile = historyFile
    self.maxHistory = max(maxHistory, 1)
    history = EditLineHistory(maxEntries: self.maxHistory)
    if let historyFile, let history {
      do {
        try history.load(from: historyFile)
      } catch {
        storedHistoryError = error
      }
    }
    if LineEditor.isInteractive {
      LineEditor.useCharacterLocale()
      editLine = el_init(programName, ccs_stdin(), ccs_stdout(), ccs_stderr())
    } else {
      editLine = nil
    }
    if let editLine { configure(editLine) }
  }

  deinit {
    if let editLine { el_end(editLine) }
  }

  // MARK: - Settings

  /// Offers completions when the user presses Tab; nil makes Tab ring the bell.
  ///
  /// Called on the reading thread with the current line and the cursor's UTF-8 offset.
  public var completer: (@Sendable (_ line: String, _ cursor: Int) -> Completion)? {
    get { state.completer }
    set { state.completer = newValue }
  }

  /// Decides which lines ``addHistory(_:)`` may keep: return false for a line that must not be
  /// remembered (one holding a token or password, say).
  public var historyFilter: (@Sendable (String) -> Bool)? {
    get { filterLock.withLock { storedHistoryFilter } }
    set { filterLock.withLock { storedHistoryFilter = newValue } }
  }

  /// Rewrites a line before it is remembered (masking secrets with `***`, say).
  public var historyRedactor: (@Sendable (String) -> String)? {
    get { filterLock.withLock { storedHistoryRedactor } }
    set { filterLock.withLock { storedHistoryRedactor = newValue } }
  }

  /// The last failure to read or write ``historyFile``, if any; history still works in memory.
  public var historyError: HistoryFileError? { historyLock.withLock { storedHistoryError } }

  /// The history lines, oldest first.
  public var historyEntries: [String] { historyLock.withLock { history?.entries ?? [] } }

  // MARK: - Reading

  /// Reads one line after printing `prompt`.
  ///
  /// Blocks until the user presses Enter (`.line`), Ctrl-D on an empty line (`.eof`) or Ctrl-C
  /// (`.interrupted`, the line is discarded). Run it on a dedicated thread.
  public func readLine(prompt: String) -> LineResult {
    readLock.withLock { readLocked(prompt: prompt) }
  }

  /// Reads a statement that may span several lines: after the first line, keeps reading with
  /// `continuationPrompt` while `isComplete` returns false for the lines so far, joined with
  /// newlines.
  ///
  /// Ctrl-C abandons the whole statement. End of input in the middle returns the unfinished
  /// statement so the parser can say what was left open. Run it on a dedicated thread.
  public func readStatement(
    prompt: String,
    continuationPrompt: String,
    isComplete: (String) -> Bool
  ) -> LineResult {
    readLock.withLock {
      StatementReader.read(
        prompt: prompt, continuationPrompt: continuationPrompt, isComplete: isComplete,
        readLine: { readLocked(prompt: $0) })
    }
  }

  /// ``readStatement(prompt:continuationPrompt:isComplete:)`` on a dedicated thread, so the
  /// blocking `el_gets` never holds a thread of the cooperative pool.
  public func readStatementAsync(
    prompt: String,
    continuationPrompt: String,
    isComplete: @escaping @Sendable (String) -> Bool
  ) async -> LineResult {
    await withCheckedContinuation { continuation in
      let read: @Sendable () -> Void = {
        continuation.resume(
          returning: self.readStatement(
            prompt: prompt, continuationPrompt: continuationPrompt, isComplete: isComplete))
      }
      // Without a thread (the process is out of them), read here rather than never.
      if !detachThread(read) { read() }
    }
  }

  /// ``readLine(prompt:)`` on a dedicated thread.
  public func readLineAsync(prompt: String) async -> LineResult {
    await readStatementAsync(prompt: prompt, continuationPrompt: prompt, isComplete: { _ in true })
  }

  // MARK: - History

  /// Adds `line` to the history, after ``historyRedactor`` masks its secrets, unless it is
  /// blank, repeats the newest entry, or ``historyFilter`` rejects it. With a history file the
  /// line is merged into the file as it is now (another shell may have added lines), earlier
  /// duplicates dropped. Returns whether it was added.
  @discardableResult
  public func addHistory(_ line: String) -> Bool {
    let filter = historyFilter
    let line = historyRedactor?(line) ?? line
    return historyLock.withLock {
      guard let history,
        LineEditor.shouldRemember(line, newest: history.newest, filter: filter)
      else { return false }
      guard let historyFile else {
        history.replace(
          with: EditLineHistory.deduplicated(history.entries + [line], limit: maxHistory))
        return true
      }
      do throws(HistoryFileError) {
        try history.append(line, toFileAt: historyFile, maxEntries: maxHistory)
        storedHistoryError = nil
      } catch {
        history.enter(line)
        storedHistoryError = error
      }
      return true
    }
  }

  /// The history rule: no blank lines, no repeat of the newest entry, nothing `filter` rejects.
  static func shouldRemember(
    _ line: String, newest: String?, filter: ((String) -> Bool)?
  ) -> Bool {
    guard line.contains(where: { !$0.isWhitespace }), line != newest else { return false }
    return filter?(line) ?? true
  }

  // MARK: - libedit

  private func readLocked(prompt: String) -> LineResult {
    guard let editLine else { return LineEditor.readPlainLine() }
    state.setPrompt(prompt)
    state.interrupted = false
    state.ambiguousTab = nil
    var cooked = termios()
    state.cookedTerminal = tcgetattr(STDIN_FILENO, &cooked) == 0 ? cooked : nil
    var count: Int32 = 0
    let text = el_gets(editLine, &count)
    if state.interrupted {
      state.interrupted = false
      return .interrupted
    }
    guard let text, count > 0 else {
      if count == 0 {
        fputs("\n", ccs_stdout())
        fflush(ccs_stdout())
      }
      return .eof
    }
    var line = String(cString: text)
    if line.hasSuffix("\n") { line.removeLast() }
    return .line(line)
  }

  private static func readPlainLine() -> LineResult {
    guard let line = Swift.readLine(strippingNewline: true) else { return .eof }
    return .line(line)
  }

  private func configure(_ el: OpaquePointer) {
    ccs_el_set_clientdata(el, Unmanaged.passUnretained(state).toOpaque())
    ccs_el_set_editor(el, "emacs")
    ccs_el_set_signal(el, 1)
    ccs_el_set_prompt_esc(el, { el in EditorState.of(el)?.prompt }, 1)
    if let history { ccs_el_set_hist(el, history.handle) }
    // Ctrl-C, Ctrl-Z and Ctrl-\ reach the editor as keys instead of signals, so Ctrl-C
    // can clear the line whichever thread the signal would have hit.
    ccs_el_settty(el, "-d", "-isig")
    ccs_el_addfn(el, "ccs-complete", "Complete the word before the cursor") { el, _ in
      guard let el, let state = EditorState.of(el) else { return UInt8(CC_ERROR) }
      return state.complete(el)
    }
    ccs_el_addfn(el, "ccs-interrupt", "Abandon the line") { el, _ in
      guard let el, let state = EditorState.of(el) else { return UInt8(CC_ERROR) }
      return state.interrupt(el)
    }
    ccs_el_addfn(el, "ccs-suspend", "Suspend the shell") { el, _ in
      guard let el, let state = EditorState.of(el) else { return UInt8(CC_ERROR) }
      return state.suspend(el)
    }
    ccs_el_bind(el, "^I", "ccs-complete")
    ccs_el_bind(el, "^C", "ccs-interrupt")
    ccs_el_bind(el, "^Z", "ccs-suspend")
    // Up and Down search history by the typed prefix, like most REPLs.
    ccs_el_bind(el, "\\e[A", "ed-search-prev-history")
    ccs_el_bind(el, "\\e[B", "ed-search-next-history")
    ccs_el_bind(el, "\\eOA", "ed-search-prev-history")
    ccs_el_bind(el, "\\eOB", "ed-search-next-history")
    ccs_el_bind(el, "^R", "em-inc-search-prev")
    el_source(el, nil)
  }

  /// libedit decodes multibyte input only under a UTF-8 `LC_CTYPE`; Swift programs start in
  /// the C locale, so adopt the environment's, or C.UTF-8 when that is still C.
  private static func useCharacterLocale() {
    if let current = setlocale(LC_CTYPE, nil), String(cString: current) != "C",
      String(cString: current) != "POSIX"
    {
      return
    }
    if let chosen = setlocale(LC_CTYPE, ""), String(cString: chosen) != "C",
      String(cString: chosen) != "POSIX"
    {
      return
    }
    _ = setlocale(LC_CTYPE, "C.UTF-8")
  }
}
