import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `help --find WORD`: commands whose name, summary, parameters, flags or details (an API
/// command's body and response fields) mention a word, case-insensitively.
enum HelpSearch {
  /// Where the word was found, best first.
  enum Match: Int, Comparable {
    case name, summary, parameter, details

    static func < (a: Match, b: Match) -> Bool { a.rawValue < b.rawValue }

    var note: String {
      switch self {
      case .name, .summary: ""
      case .parameter: "  (a flag or parameter)"
      case .details: "  (a field or the description)"
      }
    }
  }

  /// How `command` matches `word`, if it does.
  static func match(_ word: String, _ command: any Command) -> Match? {
    func has(_ text: String) -> Bool { text.containsIgnoringCase(word) }
    if has(command.name) { return .name }
    if has(command.summary) { return .summary }
    let s = command.signature
    let parameters =
      s.positionals.map { $0.name + " " + $0.description }
      + s.flags.map { $0.name + " " + $0.description } + [s.rest.map { $0.name } ?? ""]
    if parameters.contains(where: has) { return .parameter }
    if has(command.details) { return .details }
    return nil
  }

  /// One line per matching command, name matches first.
  static func render(_ word: String, in commands: [any Command]) -> String {
    let found = commands.compactMap { c in match(word, c).map { (c, $0) } }
      .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.name < $1.0.name }
    guard !found.isEmpty else { return "No command mentions '\(word)'." }
    let width = min(found.map(\.0.name.count).max() ?? 0, 32)
    var lines = ["Commands mentioning '\(word)' (help <name> for details):"]
    for (c, how) in found {
      lines.append(
        "  " + c.name.padded(toLength: max(width, c.name.count))
          + "  " + c.summary + how.note)
    }
    return lines.joined(separator: "\n")
  }
}
