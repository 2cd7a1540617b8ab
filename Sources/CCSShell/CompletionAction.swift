import CCS

/// What one press of Tab does, given the completer's answer.
enum CompletionAction: Equatable {
  /// Replace the UTF-8 range of the line with `text`.
  case replace(Range<Int>, with: String)
  /// Show the candidates under the line (second Tab on an ambiguous word).
  case list([String])
  /// Nothing to do: ring the bell.
  case beep
  /// No candidates, but something to say under the line (a lookup still running or failed).
  case note(String)

  /// Decides the action like bash: a unique candidate is inserted; several extend the word to
  /// their longest common prefix; when nothing can be added, the second Tab lists them.
  init(completion: Completion, line: String, isRepeatedTab: Bool) {
    let candidates = CompletionAction.unique(completion.candidates)
    let bytes = Array(line.utf8)
    let lower = min(max(completion.replacing.lowerBound, 0), bytes.count)
    let upper = min(max(completion.replacing.upperBound, lower), bytes.count)
    let current = String(decoding: bytes[lower..<upper], as: UTF8.self)
    switch candidates.count {
    case 0:
      self = completion.message.map(CompletionAction.note) ?? .beep
    case 1:
      let suffix = completion.appendsSpaceWhenUnique ? " " : ""
      self = .replace(lower..<upper, with: candidates[0] + suffix)
    default:
      let prefix = CompletionAction.longestCommonPrefix(candidates)
      if prefix.utf8.count > current.utf8.count, prefix.hasPrefix(current) {
        self = .replace(lower..<upper, with: prefix)
      } else if isRepeatedTab {
        self = .list(candidates.sorted())
      } else {
        self = .beep
      }
    }
  }

  /// The candidates in their first order, without repeats.
  static func unique(_ candidates: [String]) -> [String] {
    var seen = Set<String>()
    return candidates.filter { seen.insert($0).inserted }
  }

  /// The longest prefix, in whole characters, that all `strings` share.
  static func longestCommonPrefix(_ strings: [String]) -> String {
    guard var prefix = strings.first.map(Array.init) else { return "" }
    for string in strings.dropFirst() {
      let other = Array(string)
      var count = 0
      while count < prefix.count, count < other.count, prefix[count] == other[count] {
        count += 1
      }
      prefix.removeSubrange(count...)
    }
    return String(prefix)
  }
}
