import CCSRuntime

/// Shows a task's progress on standard error: a bar redrawn in place at a terminal, a plain
/// line per change elsewhere, nothing when quiet. Log lines (`--follow`) print above the bar.
///
/// Shared by the polling loop and the log-following task, so its state sits behind a lock.
final class TaskProgress: Sendable {
  enum Style: Sendable {
    case bar(width: Int)
    case lines
    case quiet
  }

  private struct State {
    var shown: String?
    var barVisible = false
  }

  private let style: Style
  private let sink: any OutputSink
  private let label: String
  private let state = Locked(State())

  init(style: Style, sink: any OutputSink, label: String) {
    self.style = style
    self.sink = sink
    self.label = label
  }

  /// Shows `percent` and `message` if they changed.
  func update(percent: Int, message: String) {
    let clamped = min(100, max(0, percent))
    switch style {
    case .quiet: return
    case .lines:
      let text = "\(label): \(clamped)%" + (message.isEmpty ? "" : " \(message)")
      let changed = state.withLock { s -> Bool in
        defer { s.shown = text }
        return s.shown != text
      }
      if changed { sink.write(text + "\n") }
    case .bar(let width):
      let text = Self.bar(percent: clamped, message: message, label: label, width: width)
      state.withLock { s in
        s.shown = text
        s.barVisible = true
        sink.write("\r\u{1B}[2K" + text)
      }
    }
  }

  /// Prints a log line above the bar (or as a plain line).
  func log(_ line: String) {
    switch style {
    case .quiet: return
    case .lines: sink.write(line + "\n")
    case .bar:
      state.withLock { s in
        sink.write("\r\u{1B}[2K" + line + "\n" + (s.barVisible ? s.shown ?? "" : ""))
      }
    }
  }

  /// Leaves the bar's last state on its own line.
  func finish() {
    guard case .bar = style else { return }
    state.withLock { s in
      if s.barVisible { sink.write("\n") }
      s.barVisible = false
    }
  }

  /// `task 12 [#########-----------]  45% Installing new release`, cut to `width` columns.
  static func bar(percent: Int, message: String, label: String, width: Int) -> String {
    let cells = 20
    let filled = percent * cells / 100
    var text =
      "\(label) [" + String(repeating: "#", count: filled)
      + String(repeating: "-", count: cells - filled) + "] "
    let number = String(percent)
    text += String(repeating: " ", count: max(0, 3 - number.count)) + number + "%"
    if !message.isEmpty { text += " " + message }
    let limit = max(10, width - 1)
    if text.count > limit { text = String(text.prefix(limit - 1)) + "…" }
    return text
  }
}
