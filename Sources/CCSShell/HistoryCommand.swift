import CCS
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `history`: the REPL's history as values, searchable like any list.
enum HistoryCommand {
  /// The command over `entries` (oldest first), registered by the interactive shell.
  static func make(entries: @escaping @Sendable () -> [String]) -> BuiltinCommand {
    BuiltinCommand(
      "history", category: "system",
      summary: "The interactive shell's history as records {index, command}, oldest first.",
      details: """
        Lines are saved with secrets masked as *** (see docs/repl.md); duplicates keep only their \
        latest position. Shells open at the same time merge their lines into one file.
        """,
      signature: Signature(
        [
          PositionalSpec(
            "pattern", .string, "keep only lines containing this text (any case)", optional: true)
        ],
        flags: [FlagSpec("last", .int, "only the newest N lines")],
        output: "list")
    ) { call, _ in
      var numbered = entries().enumerated().map { (index: $0.offset + 1, command: $0.element) }
      if let pattern = call.string("pattern"), !pattern.isEmpty {
        numbered = numbered.filter { $0.command.containsIgnoringCase(pattern) }
      }
      if case .int(let n)? = call.value("last") { numbered = Array(numbered.suffix(max(n, 0))) }
      return .list(
        numbered.map {
          .record(Record([("index", .int($0.index)), ("command", .string($0.command))]))
        })
    }
  }
}
