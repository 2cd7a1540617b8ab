import CCSLanguage
internal import Foundation

/// A compiled regular expression. Only this file knows the engine (ICU's, through Foundation's
/// `NSRegularExpression`): the one use of full Foundation left in ccs (docs/decisions.md).
struct CompiledRegex: @unchecked Sendable {
  // @unchecked: NSRegularExpression is immutable once compiled and documented thread-safe.
  fileprivate let regex: NSRegularExpression
}

/// Compiled regular expressions, reused across items of a stream.
final class RegexCache: Sendable {
  static let shared = RegexCache()
  private let cache = Locked<[String: CompiledRegex]>([:])

  /// Whether `pattern` matches somewhere in `s`; throws `CancellationError` when the task is
  /// cancelled (Ctrl-C) during a long match.
  func matches(_ s: String, _ pattern: String, range: SourceRange, file: SourceFile?) throws -> Bool
  {
    let regex = try compile(pattern, range: range, file: file)
    var matched = false
    try Self.enumerate(regex.regex, in: s) { _ in
      matched = true
      return false
    }
    return matched
  }

  func compile(
    _ pattern: String, range: SourceRange, file: SourceFile?
  ) throws -> CompiledRegex {
    if let r = cache.withLock({ $0[pattern] }) { return r }
    do {
      let r = CompiledRegex(regex: try NSRegularExpression(pattern: pattern))
      cache.withLock { cache in
        if cache.count > 256 { cache.removeAll() }
        cache[pattern] = r
      }
      return r
    } catch {
      throw RuntimeError("invalid regex '\(pattern)'", at: range, in: file)
    }
  }

  /// `s` with every match of `regex` replaced by `template` (`$1` for groups), cancellable
  /// like ``matches(_:_:range:file:)``.
  static func replacing(
    _ compiled: CompiledRegex, in s: String, with template: String
  ) throws
    -> String
  {
    let regex = compiled.regex
    let ns = s as NSString
    var out = ""
    var last = 0
    try enumerate(regex, in: s) { match in
      out += ns.substring(with: NSRange(location: last, length: match.range.location - last))
      out += regex.replacementString(for: match, in: s, offset: 0, template: template)
      last = match.range.location + match.range.length
      return true
    }
    out += ns.substring(from: last)
    return out
  }

  /// Calls `onMatch` for each match until it returns false. The match runs with
  /// `.reportProgress`, so ICU calls back every few thousand backtracking steps even inside
  /// one catastrophic match (`(x+x+)+y`); a cancelled task stops it there.
  private static func enumerate(
    _ regex: NSRegularExpression, in s: String, _ onMatch: (NSTextCheckingResult) -> Bool
  ) throws {
    var cancelled = false
    let whole = NSRange(location: 0, length: (s as NSString).length)
    // The block is declared escaping on Linux but only runs during the call.
    withoutActuallyEscaping(onMatch) { onMatch in
      regex.enumerateMatches(in: s, options: .reportProgress, range: whole) { match, _, stop in
        if let match {
          if !onMatch(match) { stop.pointee = true }
        } else if Task.isCancelled {
          cancelled = true
          stop.pointee = true
        }
      }
    }
    if cancelled { throw CancellationError() }
  }
}
