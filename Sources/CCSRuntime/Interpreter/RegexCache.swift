import CCSLanguage
import CCSRegex

/// Compiled regular expressions, reused across items of a stream. The engine is our own
/// (`CCSRegex`): linear in the text, and a long match stops when the task is cancelled.
final class RegexCache: Sendable {
  static let shared = RegexCache()
  private let cache = Locked<[String: RegularExpression]>([:])

  /// Whether `pattern` matches somewhere in `s`; throws `CancellationError` when the task is
  /// cancelled (Ctrl-C) during a long match.
  func matches(_ s: String, _ pattern: String, range: SourceRange, file: SourceFile?) throws -> Bool
  {
    try compile(pattern, range: range, file: file).matches(s)
  }

  func compile(
    _ pattern: String, range: SourceRange, file: SourceFile?
  ) throws -> RegularExpression {
    if let r = cache.withLock({ $0[pattern] }) { return r }
    do {
      let r = try RegularExpression(pattern)
      cache.withLock { cache in
        if cache.count > 256 { cache.removeAll() }
        cache[pattern] = r
      }
      return r
    } catch {
      throw RuntimeError(
        "invalid regex '\(pattern)'", at: range, in: file, notes: Self.notes(for: error))
    }
  }

  /// The replacement text of `str replace --regex`, checked against the pattern's groups.
  static func template(
    _ replacement: String, for regex: RegularExpression, range: SourceRange, file: SourceFile?
  ) throws -> RegexTemplate {
    do {
      return try RegexTemplate(replacement, for: regex)
    } catch {
      throw RuntimeError(
        "invalid replacement '\(replacement)'", at: range, in: file,
        notes: ["\(error.summary) (offset \(error.offset) of the replacement)"])
    }
  }

  /// A syntax error keeps the one-line message; what the engine refuses by design, or by
  /// size, says so.
  private static func notes(for error: RegexError) -> [String] {
    switch error.reason {
    case .syntax: return []
    case .unsupported:
      return [
        "\(error.summary): ccs matches in time linear in the text (offset \(error.offset) of the pattern)"
      ]
    case .tooLarge: return ["\(error.summary) (offset \(error.offset))"]
    }
  }
}
