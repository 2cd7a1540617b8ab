import CCSLanguage

/// Where command names are looked up: the registry, the `def`s in scope and, during the
/// check, the commands an earlier `api load` or `source` will define.
protocol CommandTable {
  /// The command with exactly this name.
  func command(named name: String) -> (any Command)?
  /// Whether some command name starts with these words.
  func isPrefix(_ name: String) -> Bool
  /// The words that continue `prefix` by one word.
  func subcommands(of prefix: String) -> [String]
  /// Every command name, for "did you mean".
  var allNames: [String] { get }
  /// Whether `name` is a variable in scope (for the "write $name" hint).
  func isVariable(_ name: String) -> Bool
}

/// Resolves the leading words of a call to the longest known command name.
enum CommandResolver {
  /// The command and the words past its name, or the usage error saying what is unknown.
  static func resolve(
    _ call: Call, in table: some CommandTable, file: SourceFile
  )
    -> Result<(any Command, ArraySlice<(String, SourceRange)>), UsageError>
  {
    let words = call.words
    for n in stride(from: words.count, through: 1, by: -1) {
      let name = words[0..<n].map(\.0).joined(separator: " ")
      if let c = table.command(named: name) { return .success((c, words[n...])) }
    }
    var notes: [String] = []
    // The longest prefix that is a command group (`cloudron`, `cloudron tasks`).
    for n in stride(from: words.count, through: 1, by: -1) {
      let group = words[0..<n].map(\.0).joined(separator: " ")
      guard table.isPrefix(group) else { continue }
      let subs = table.subcommands(of: group)
      guard n < words.count else {
        notes.append("'\(group)' has: " + subs.prefix(20).joined(separator: ", "))
        return .failure(
          UsageError(.missingSubcommand(group: group), at: call.range, in: file, notes: notes))
      }
      let tried = words[n].0
      if let near = Suggest.closest(tried, in: subs) {
        notes.append("did you mean '\(group) \(near)'?")
      }
      notes.append("'\(group)' has: " + subs.prefix(20).joined(separator: ", "))
      return .failure(
        UsageError(
          .unknownSubcommand(group: group, word: tried), at: words[n].1, in: file, notes: notes))
    }
    let first = words[0]
    if let near = Suggest.closest(first.0, in: table.allNames) {
      notes.append("did you mean '\(near)'?")
    }
    if table.isVariable(first.0) { notes.append("to use the variable, write $\(first.0)") }
    notes.append("'help commands' lists every command")
    return .failure(UsageError(.unknownCommand(first.0), at: first.1, in: file, notes: notes))
  }
}

/// The commands visible when a call runs: `def`s in the running scope, then the registry.
struct RuntimeCommandTable: CommandTable {
  let scope: Scope
  let registry: CommandRegistry

  func command(named name: String) -> (any Command)? {
    scope.command(named: name) ?? registry.command(named: name)
  }
  func isPrefix(_ name: String) -> Bool { registry.isPrefix(name) }
  func subcommands(of prefix: String) -> [String] { registry.subcommands(of: prefix) }
  var allNames: [String] { registry.all.map(\.name) + scope.visibleCommands.map(\.name) }
  func isVariable(_ name: String) -> Bool { scope.lookup(name) != nil }
}
