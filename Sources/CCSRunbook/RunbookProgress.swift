import CCS
import CCSText
import Dispatch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What `ccs runbook` shows while it runs.
public protocol RunbookProgress: Sendable {
  /// A step is about to run.
  func started(_ number: Int, of total: Int, name: String)
  /// A step ended (passed or failed).
  func finished(_ number: Int, of total: Int, name: String, status: StepStatus, seconds: Double)
  /// A step was not run.
  func skipped(_ number: Int, of total: Int, name: String, reason: String)
  /// The step is about to write output (a terminal status line is cleared first).
  func willWrite()
}

/// Plain lines, for logs and pipes: `==> [2/5] Check the instances` and
/// `<== [2/5] passed in 0.12 s`.
public struct PlainProgress: RunbookProgress {
  let sink: any OutputSink

  /// Writes progress lines to `sink`.
  public init(sink: any OutputSink) { self.sink = sink }

  /// Writes `==> [N/TOTAL] NAME`.
  public func started(_ number: Int, of total: Int, name: String) {
    sink.write("==> [\(number)/\(total)] \(name)\n")
  }

  /// Writes `<== [N/TOTAL] passed in 0.12 s`.
  public func finished(
    _ number: Int, of total: Int, name: String, status: StepStatus, seconds: Double
  ) {
    sink.write("<== [\(number)/\(total)] \(status.word) in \(Duration.text(seconds))\n")
  }

  /// Writes `--- [N/TOTAL] NAME: skipped (REASON)`.
  public func skipped(_ number: Int, of total: Int, name: String, reason: String) {
    sink.write("--- [\(number)/\(total)] \(name): skipped (\(reason))\n")
  }

  /// Nothing to clear in plain lines.
  public func willWrite() {}
}

/// At a terminal: the current step with its elapsed time on a status line that updates while
/// the step runs and gives way to the step's own output.
public final class TerminalProgress: RunbookProgress, Sendable {
  private struct State {
    var ticker: (any DispatchSourceTimer)?
    var lineShown = false
    var current: (number: Int, total: Int, name: String, start: ContinuousClock.Instant)?
  }

  private let sink: any OutputSink
  private let color: Bool
  private let state = Locked(State())

  /// Writes the status line to `sink` (standard error at a terminal).
  public init(sink: any OutputSink, color: Bool) {
    self.sink = sink
    self.color = color
  }

  deinit {
    state.withLock { $0.ticker?.cancel() }
  }

  /// Shows `▸ [N/TOTAL] NAME  1.2 s`, updated five times a second.
  ///
  /// The ticker is a Dispatch timer, not a task: a step's evaluation may keep the cooperative
  /// pool busy (a long filter holds a thread without suspending, and the pool has one thread
  /// per core), and the status line must keep moving while it does.
  public func started(_ number: Int, of total: Int, name: String) {
    let start = ContinuousClock.now
    let ticker = DispatchSource.makeTimerSource(queue: .global())
    ticker.schedule(deadline: .now(), repeating: .milliseconds(200))
    ticker.setEventHandler { [weak self] in self?.draw() }
    state.withLock {
      $0.ticker?.cancel()
      $0.current = (number, total, name, start)
      $0.ticker = ticker
    }
    ticker.resume()
  }

  private func draw() {
    state.withLock { state in
      guard let c = state.current else { return }
      let elapsed = ContinuousClock.now - c.start
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      let text = "▸ [\(c.number)/\(c.total)] \(c.name)  \(Duration.text(seconds, precise: false))"
      sink.write("\r\u{1B}[K" + (color ? "\u{1B}[1m\(text)\u{1B}[0m" : text))
      state.lineShown = true
    }
  }

  /// Clears the status line so the step's output starts at the left margin.
  public func willWrite() {
    state.withLock { state in
      if state.lineShown {
        sink.write("\r\u{1B}[K")
        state.lineShown = false
      }
    }
  }

  /// Replaces the status line with `✓ [N/TOTAL] NAME  passed in 1.20 s` (or `✗ … failed`).
  public func finished(
    _ number: Int, of total: Int, name: String, status: StepStatus, seconds: Double
  ) {
    let ticker = state.withLock { state -> (any DispatchSourceTimer)? in
      defer {
        state.ticker = nil
        state.current = nil
      }
      return state.ticker
    }
    ticker?.cancel()
    let mark =
      status == .passed
      ? (color ? "\u{1B}[32m✓\u{1B}[0m" : "✓") : (color ? "\u{1B}[31m✗\u{1B}[0m" : "✗")
    state.withLock { state in
      sink.write(
        "\r\u{1B}[K\(mark) [\(number)/\(total)] \(name)  \(status.word) in \(Duration.text(seconds))\n"
      )
      state.lineShown = false
    }
  }

  /// Writes `- [N/TOTAL] NAME  skipped (REASON)`.
  public func skipped(_ number: Int, of total: Int, name: String, reason: String) {
    sink.write("\r\u{1B}[K- [\(number)/\(total)] \(name)  skipped (\(reason))\n")
  }
}

extension Duration {
  /// `0.12 s`, `3.4 s`, `2 min 05 s`.
  static func text(_ seconds: Double, precise: Bool = true) -> String {
    if seconds >= 60 {
      let whole = Int(seconds)
      return "\(whole / 60) min " + NumberText.zeroPadded(whole % 60, width: 2) + " s"
    }
    return NumberText.fixed(seconds, digits: precise ? 2 : 1) + " s"
  }
}
