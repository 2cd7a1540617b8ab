import CCSLanguage

/// A user-visible error raised while running ccs code; `try`/`catch` turns it into a value.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
  /// The error as a value: message, kind, details, source range.
  public var value: ErrorValue
  /// Extra hints shown under the source excerpt.
  public var notes: [String]
  /// The `def` calls the error passed through, innermost first: `in 'name', called at
  /// file:line:col: source`, with how many times in a row (recursion repeats one call site).
  public var callChain: [(site: String, times: Int)] = []
  /// How many distinct call sites ``callChain`` keeps (the innermost ones).
  static let callChainLimit = 8
  /// Calls dropped beyond ``callChainLimit``.
  var droppedCalls = 0

  /// Creates a runtime error.
  public init(
    _ message: String, at range: SourceRange = .none, in file: SourceFile? = nil,
    kind: String = "runtime", details: Record = Record(), notes: [String] = []
  ) {
    self.value = ErrorValue(
      message: message, kind: kind, details: details, range: range, file: file)
    self.notes = notes
  }

  /// Wraps an error value (re-raising a caught error).
  public init(value: ErrorValue, notes: [String] = []) {
    self.value = value
    self.notes = notes
  }

  /// The error as a diagnostic for rendering.
  public var diagnostic: Diagnostic {
    var notes =
      self.notes + callChain.map { $0.times > 1 ? "\($0.site) (\($0.times) times)" : $0.site }
    if droppedCalls > 0 { notes.append("… and \(droppedCalls) more calls") }
    for (key, value) in value.details where key != "message" {
      if case .string(let s) = value {
        notes.append("\(key): \(s)")
      } else if case .int(let i) = value {
        notes.append("\(key): \(i)")
      }
    }
    return Diagnostic(value.message, at: value.range, in: value.file, notes: notes)
  }

  /// The rendered diagnostic.
  public var description: String { diagnostic.description }

  /// Records that the error left the `def` named `name`, called at `range` in `file`.
  public mutating func passed(
    through name: String, calledAt range: SourceRange, in file: SourceFile
  ) {
    let (line, column) = file.location(of: range.start)
    let text = file.text(in: range).nonEmptyLines.first ?? ""
    let site = "in '\(name)', called at \(file.name):\(line):\(column): \(text)"
    if let last = callChain.last, last.site == site {
      callChain[callChain.count - 1].times += 1
    } else if callChain.count < Self.callChainLimit {
      callChain.append((site, 1))
    } else {
      droppedCalls += 1
    }
  }

  /// Returns the error located at `range` in `file` unless it already has a location.
  public func located(at range: SourceRange, in file: SourceFile?) -> RuntimeError {
    guard value.file == nil else { return self }
    var copy = self
    copy.value.range = range
    copy.value.file = file
    return copy
  }
}

/// Non-local control flow, carried by Swift's error path; never shown to users.
enum ControlFlow: Error {
  case breakLoop(SourceRange)
  case continueLoop(SourceRange)
  case returnValue(Value)
}
