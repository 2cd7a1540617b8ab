/// All commands known by name: builtins, prelude definitions, API commands, host commands.
///
/// Guarded by one lock, so a host may register commands and the prompt may complete names
/// while another task runs a program.
public final class CommandRegistry: Sendable {
  private struct State {
    var commands: [String: any Command] = [:]
    /// Every first word of a registered name, so multi-word lookups stop early.
    var prefixes: Set<String> = []
    /// Command sets registered on first use of their first word (API catalogs are parsed only
    /// when a script names `cloudron` or `clever`, keeping startup fast).
    var lazy: [String: () -> [any Command]] = [:]
    /// `commands` sorted by name, kept until the next change: every typo's "did you mean"
    /// and every `help` search reads all of them.
    var sorted: [any Command]?

    mutating func register(_ command: any Command) {
      sorted = nil
      let name = command.name
      commands[name] = command
      // `a b c` adds the prefixes `a` and `a b`: the text before each space.
      var index = name.utf8.startIndex
      while let space = name.utf8[index...].firstIndex(of: UInt8(ascii: " ")) {
        prefixes.insert(String(name[..<space]))
        index = name.utf8.index(after: space)
      }
    }

    mutating func materialize(_ name: String) {
      guard !lazy.isEmpty else { return }
      let word = name.split(separator: " ").first.map(String.init) ?? name
      if let loader = lazy.removeValue(forKey: word) {
        for c in loader() { register(c) }
      }
    }
  }

  private let state = Locked(State())

  /// Creates an empty registry.
  public init() {}

  /// Registers (or replaces) a command.
  public func register(_ command: any Command) {
    state.withLock { $0.register(command) }
  }

  /// Registers several commands.
  public func register(_ list: [any Command]) {
    state.withLock { state in
      state.commands.reserveCapacity(state.commands.count + list.count)
      for c in list { state.register(c) }
    }
  }

  /// Removes every command whose name starts with `prefix` followed by a space.
  public func unregister(prefix: String) {
    state.withLock { state in
      state.commands = state.commands.filter { !$0.key.hasPrefix(prefix + " ") && $0.key != prefix }
      state.sorted = nil
    }
  }

  /// Registers a set of commands whose names start with `word`, loaded on first use.
  public func registerLazily(_ word: String, _ loader: @escaping () -> [any Command]) {
    state.withLock { state in
      state.lazy[word] = loader
      state.prefixes.insert(word)
    }
  }

  /// The command with exactly this name.
  public func command(named name: String) -> (any Command)? {
    state.withLock { state in
      if let c = state.commands[name] { return c }
      state.materialize(name)
      return state.commands[name]
    }
  }

  /// Whether some command name starts with these words.
  public func isPrefix(_ name: String) -> Bool {
    state.withLock { state in
      state.materialize(name)
      return state.prefixes.contains(name)
    }
  }

  /// All commands, sorted by name (loading every lazy set).
  public var all: [any Command] {
    state.withLock { state in
      for word in Array(state.lazy.keys) { state.materialize(word) }
      if let sorted = state.sorted { return sorted }
      let sorted = state.commands.values.sorted { $0.name < $1.name }
      state.sorted = sorted
      return sorted
    }
  }

  /// The names of the registered commands for which `predicate` holds, in no order; command
  /// sets registered lazily are not loaded (``all`` loads and sorts them).
  public func names(where predicate: (any Command) -> Bool) -> [String] {
    state.withLock { state in state.commands.values.filter(predicate).map(\.name) }
  }

  /// Names of the commands that continue `prefix` by one word (`cloudron` → `tasks`, `tokens`…).
  public func subcommands(of prefix: String) -> [String] {
    state.withLock { state in
      state.materialize(prefix)
      let p = prefix + " "
      var words = Set<String>()
      for name in state.commands.keys where name.hasPrefix(p) {
        if let w = name.dropFirst(p.count).split(separator: " ").first { words.insert(String(w)) }
      }
      return words.sorted()
    }
  }
}
