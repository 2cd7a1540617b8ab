/// All commands known by name: builtins, prelude definitions, API commands, host commands.
public final class CommandRegistry: @unchecked Sendable {
  private var commands: [String: any Command] = [:]
  /// Every first word of a registered name, so multi-word lookups stop early.
  private var prefixes: Set<String> = []
  /// Command sets registered on first use of their first word (API catalogs are parsed only
  /// when a script names `cloudron` or `clever`, keeping startup fast).
  private var lazy: [String: () -> [any Command]] = [:]

  /// Creates an empty registry.
  public init() {}

  /// Registers (or replaces) a command.
  public func register(_ command: any Command) {
    commands[command.name] = command
    let words = command.name.split(separator: " ")
    for i in 1..<max(words.count, 1) { prefixes.insert(words[0..<i].joined(separator: " ")) }
  }

  /// Registers several commands.
  public func register(_ list: [any Command]) {
    for c in list { register(c) }
  }

  /// Removes every command whose name starts with `prefix` followed by a space.
  public func unregister(prefix: String) {
    commands = commands.filter { !$0.key.hasPrefix(prefix + " ") && $0.key != prefix }
  }

  /// Registers a set of commands whose names start with `word`, loaded on first use.
  public func registerLazily(_ word: String, _ loader: @escaping () -> [any Command]) {
    lazy[word] = loader
    prefixes.insert(word)
  }

  private func materialize(_ name: String) {
    guard !lazy.isEmpty else { return }
    let word = name.split(separator: " ").first.map(String.init) ?? name
    if let loader = lazy.removeValue(forKey: word) { register(loader()) }
  }

  /// The command with exactly this name.
  public func command(named name: String) -> (any Command)? {
    if let c = commands[name] { return c }
    materialize(name)
    return commands[name]
  }

  /// Whether some command name starts with these words.
  public func isPrefix(_ name: String) -> Bool {
    materialize(name)
    return prefixes.contains(name)
  }

  /// All commands, sorted by name (loading every lazy set).
  public var all: [any Command] {
    for word in Array(lazy.keys) { materialize(word) }
    return commands.values.sorted { $0.name < $1.name }
  }

  /// Names of the commands that continue `prefix` by one word (`cloudron` → `tasks`, `tokens`…).
  public func subcommands(of prefix: String) -> [String] {
    materialize(prefix)
    let p = prefix + " "
    var words = Set<String>()
    for name in commands.keys where name.hasPrefix(p) {
      if let w = name.dropFirst(p.count).split(separator: " ").first { words.insert(String(w)) }
    }
    return words.sorted()
  }
}
