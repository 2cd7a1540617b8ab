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

/// The state libedit's C callbacks reach through `EL_CLIENTDATA`: the prompt, the completer
/// and what Tab and Ctrl-C did during the current `el_gets`.
///
/// The callbacks run on the thread blocked in `el_gets`; only `completer` is also set from
/// other threads, so it alone is behind the lock.
final class EditorState: @unchecked Sendable {
  private let lock = Lock()
  private var storedCompleter: (@Sendable (String, Int) -> Completion)?

  /// The prompt libedit prints, as a C string this object owns.
  private(set) var prompt: UnsafeMutablePointer<CChar>
  /// Set by the Ctrl-C binding; read and cleared once `el_gets` returns.
  var interrupted = false
  /// The line and cursor after a Tab that could not decide; a Tab on the same state lists.
  var ambiguousTab: (line: String, cursor: Int)?
  /// The terminal settings before `el_gets` switched to raw mode, for Ctrl-Z.
  var cookedTerminal: termios?

  init() {
    prompt = strdup("") ?? EditorState.emptyPrompt()
  }

  deinit { free(prompt) }

  var completer: (@Sendable (String, Int) -> Completion)? {
    get { lock.withLock { storedCompleter } }
    set { lock.withLock { storedCompleter = newValue } }
  }

  /// Replaces the prompt, marking ANSI escapes as non-printing.
  func setPrompt(_ text: String) {
    guard let copy = strdup(PromptText.markingEscapes(text)) else { return }
    free(prompt)
    prompt = copy
  }

  private static func emptyPrompt() -> UnsafeMutablePointer<CChar> {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
  }

  /// The state registered on `el`.
  static func of(_ el: OpaquePointer?) -> EditorState? {
    guard let el, let raw = ccs_el_get_clientdata(el) else { return nil }
    return Unmanaged<EditorState>.fromOpaque(raw).takeUnretainedValue()
  }

  // MARK: - Key bindings

  /// Tab: asks the completer and inserts, extends or lists.
  func complete(_ el: OpaquePointer) -> UInt8 {
    guard let completer, let info = el_line(el)?.pointee, let start = info.buffer else {
      return UInt8(CC_ERROR)
    }
    let bytes = UnsafeRawBufferPointer(
      start: start, count: info.lastchar.map { $0 - start } ?? 0)
    let line = String(decoding: bytes, as: UTF8.self)
    let cursor = info.cursor.map { $0 - start } ?? bytes.count
    let completion = completer(line, cursor)
    let isRepeated = ambiguousTab.map { $0.line == line && $0.cursor == cursor } ?? false
    let action = CompletionAction(completion: completion, line: line, isRepeatedTab: isRepeated)
    switch action {
    case .beep:
      ambiguousTab = (line, cursor)
      return UInt8(CC_REFRESH_BEEP)
    case .list(let candidates):
      ambiguousTab = nil
      list(candidates, descriptions: completion.descriptions, on: el)
      return UInt8(CC_REDISPLAY)
    case .note(let message):
      ambiguousTab = nil
      say(message, on: el)
      return UInt8(CC_REDISPLAY)
    case .replace(let range, let text):
      let utf8 = Array(line.utf8)
      let upper = range.upperBound
      el_cursor(el, Int32(clamping: characterDistance(utf8, from: cursor, to: upper)))
      el_deletestr(el, Int32(clamping: characterDistance(utf8, from: range.lowerBound, to: upper)))
      if el_insertstr(el, text) != 0 { return UInt8(CC_REFRESH_BEEP) }
      ambiguousTab = completion.candidates.count > 1 ? currentLine(el) : nil
      return UInt8(CC_REFRESH)
    }
  }

  /// Ctrl-C: shows `^C` at the end of the line and ends `el_gets` through a pushed newline, so
  /// libedit moves below the line as for Enter; the caller then discards the line.
  func interrupt(_ el: OpaquePointer) -> UInt8 {
    interrupted = true
    if let (line, cursor) = currentLine(el) {
      let utf8 = Array(line.utf8)
      el_cursor(el, Int32(clamping: characterDistance(utf8, from: cursor, to: utf8.count)))
    }
    _ = el_insertstr(el, "^C")
    el_push(el, "\n")
    return UInt8(CC_REFRESH)
  }

  /// Ctrl-Z: restores the cooked terminal, stops the process like a shell job, and redraws
  /// the line once resumed.
  func suspend(_ el: OpaquePointer) -> UInt8 {
    guard var cooked = cookedTerminal else { return UInt8(CC_ERROR) }
    ccs_suspend_self(&cooked)
    return UInt8(CC_REDISPLAY)
  }

  // MARK: - Helpers

  private func currentLine(_ el: OpaquePointer) -> (line: String, cursor: Int)? {
    guard let info = el_line(el)?.pointee, let start = info.buffer else { return nil }
    let count = info.lastchar.map { $0 - start } ?? 0
    let line = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    return (line, info.cursor.map { $0 - start } ?? count)
  }

  /// The number of characters (libedit's wide characters: Unicode scalars) between two UTF-8
  /// offsets, negative when `to` is before `from`.
  private func characterDistance(_ utf8: [UInt8], from: Int, to: Int) -> Int {
    let low = min(max(min(from, to), 0), utf8.count)
    let high = min(max(max(from, to), 0), utf8.count)
    let count = String(decoding: utf8[low..<high], as: UTF8.self).unicodeScalars.count
    return to >= from ? count : -count
  }

  private func list(
    _ candidates: [String], descriptions: [String: String], on el: OpaquePointer
  ) {
    let rows = CandidateColumns(
      candidates: candidates, width: Int(ccs_el_columns(el)), descriptions: descriptions
    ).rows
    say(rows.joined(separator: "\n"), on: el)
  }

  /// Prints `text` under the line; the caller returns `CC_REDISPLAY` to redraw the line.
  private func say(_ text: String, on el: OpaquePointer) {
    guard let out = ccs_el_outfile(el) else { return }
    fputs("\n" + text + "\n", out)
    fflush(out)
  }
}
