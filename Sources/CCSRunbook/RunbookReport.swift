import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `--report OUT.md`: the runbook as written, with each step's status and output inserted
/// beneath its block, and a summary table at the end.
public enum RunbookReport {
  /// The report's Markdown text.
  public static func render(
    _ document: RunbookDocument, _ result: RunbookResult, dryRun: Bool = false
  )
    -> String
  {
    var byClosingLine: [Int: StepResult] = [:]
    for (step, outcome) in zip(document.steps, result.steps) {
      byClosingLine[step.closingLine] = outcome
    }
    var out: [String] = []
    for (i, line) in document.lines.enumerated() {
      out.append(line)
      guard let step = byClosingLine[i + 1] else { continue }
      out.append("")
      out.append(statusLine(step))
      let text = step.output + step.errors
      if !text.isEmpty {
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(text) + 1))
        out.append("")
        out.append(fence + "text")
        // Scalars, not Characters, which hold "\r\n" as one and would not split CRLF output.
        var scalars = Substring(text).unicodeScalars
        if scalars.last == "\n" { scalars.removeLast() }
        out.append(
          contentsOf: scalars.split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init))
        out.append(fence)
      }
    }
    out.append("")
    out.append("## Summary")
    out.append("")
    out.append("| # | Step | Status | Duration |")
    out.append("|---|------|--------|----------|")
    for step in result.steps {
      let status: String
      switch step.status {
      case .skipped(let reason): status = "skipped (\(reason))"
      default: status = step.status.word
      }
      let duration = step.status.word == "skipped" ? "–" : Duration.text(step.seconds)
      out.append("| \(step.number) | \(escape(step.name)) | \(status) | \(duration) |")
    }
    out.append("")
    var closing = "**Result:** \(result.tally) in \(Duration.text(result.seconds))"
    if result.cancelled { closing += ", interrupted" }
    if dryRun { closing += " (dry run: writes were not sent)" }
    out.append(closing + ".")
    return out.joined(separator: "\n") + "\n"
  }

  static func statusLine(_ step: StepResult) -> String {
    switch step.status {
    case .passed: "> **Step \(step.number): passed** in \(Duration.text(step.seconds))"
    case .failed: "> **Step \(step.number): failed** after \(Duration.text(step.seconds))"
    case .skipped(let reason): "> **Step \(step.number): skipped** (\(reason))"
    }
  }

  static func longestBacktickRun(_ text: String) -> Int {
    var longest = 0
    var run = 0
    for c in text {
      run = c == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    return longest
  }

  static func escape(_ cell: String) -> String {
    cell.replacing("|", with: "\\|")
  }
}
