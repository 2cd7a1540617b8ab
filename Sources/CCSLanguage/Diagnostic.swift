/// One problem found in ccs source: where it is, what it is, and optional notes.
///
/// Lexer, parser and runtime errors all become diagnostics, rendered by `DiagnosticRenderer`
/// as `file.ccs:LINE:COL: error: message`, the source line and a caret underline.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
  /// The source the range points into, if any.
  public var file: SourceFile?
  /// The bytes the problem is about.
  public var range: SourceRange
  /// Lowercase text saying what was expected and what was found.
  public var message: String
  /// Extra lines (`note: …`) shown under the source excerpt.
  public var notes: [String]
  /// How serious the problem is; an error stops the program.
  public var severity: Severity

  /// How serious a diagnostic is.
  public enum Severity: String, Sendable, Equatable {
    /// The program cannot run, or stopped.
    case error
    /// The program runs, but something looks wrong.
    case warning
  }

  /// Creates a diagnostic.
  public init(
    _ message: String, at range: SourceRange, in file: SourceFile?, notes: [String] = [],
    severity: Severity = .error
  ) {
    self.message = message
    self.range = range
    self.file = file
    self.notes = notes
    self.severity = severity
  }

  /// The rendered form without colors.
  public var description: String { DiagnosticRenderer(color: false).render(self) }
}

/// A non-empty group of diagnostics from one parse, reported together.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
  /// The diagnostics in source order.
  public var diagnostics: [Diagnostic]

  /// Wraps the given diagnostics.
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  /// All diagnostics rendered one after another.
  public var description: String {
    diagnostics.map { DiagnosticRenderer(color: false).render($0) }.joined()
  }
}

/// Renders diagnostics the way compilers do: location, message, source line, caret.
public struct DiagnosticRenderer: Sendable {
  /// Whether to use ANSI colors.
  public var color: Bool

  /// Creates a renderer.
  public init(color: Bool) { self.color = color }

  /// The diagnostic as text ending in a newline.
  ///
  /// ```
  /// deploy.ccs:3:9: error: expected ']' to close '[' at line 2
  ///   3 | let x = 1
  ///     |         ^
  /// ```
  public func render(_ d: Diagnostic) -> String {
    let red = !color ? "" : d.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;35m"
    let bold = color ? "\u{1B}[1m" : ""
    let blue = color ? "\u{1B}[1;34m" : ""
    let reset = color ? "\u{1B}[0m" : ""
    let label = d.severity.rawValue
    guard let file = d.file else {
      var out = "\(red)\(label):\(reset) \(bold)\(d.message)\(reset)\n"
      for note in d.notes { out += "  \(blue)note:\(reset) \(note)\n" }
      return out
    }
    var start = d.range.start
    // "found end of input" after a final newline: point just past the last line's text rather
    // than at an empty line that does not exist in the editor.
    if start >= file.bytes.count, start > 0, file.bytes.last == 10 { start = file.bytes.count - 1 }
    let (line, column) = file.location(of: start)
    var out = "\(bold)\(file.name):\(line):\(column):\(reset) \(red)\(label):\(reset) "
    out += "\(bold)\(d.message)\(reset)\n"
    let text = file.lineText(line)
    let gutter = String(line)
    let pad = String(repeating: " ", count: gutter.count)
    out += " \(blue)\(gutter) |\(reset) \(text)\n"
    let (endLine, endColumn) = file.location(of: max(start, d.range.end))
    let lineLength = text.count
    let width: Int
    if endLine == line {
      width = max(1, endColumn - column)
    } else {
      width = max(1, lineLength - column + 1)
    }
    let caret =
      String(repeating: " ", count: column - 1) + "^"
      + String(repeating: "~", count: max(0, width - 1))
    out += " \(pad) \(blue)|\(reset) \(red)\(caret)\(reset)\n"
    for note in d.notes { out += " \(pad) \(blue)= note:\(reset) \(note)\n" }
    return out
  }
}
