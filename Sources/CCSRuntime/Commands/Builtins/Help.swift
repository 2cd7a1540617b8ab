import CCSText

/// `help`: documentation generated from command declarations.
enum HelpCommands {
  static var all: [any Command] { [help] }

  static let help = BuiltinCommand(
    "help", category: "system",
    summary:
      "Show help for a command (`help where`), a command group (`help cloudron`), or list them all (`help commands`); `--find WORD` searches.",
    signature: Signature(
      rest: PositionalSpec("name", .string, "the command's words"),
      flags: [
        FlagSpec(
          "find", .string, "list the commands whose name, summary, flags or fields mention WORD")
      ],
      output: "string"),
    examples: [
      CommandExample(
        "Help for first", "help first | lines | first",
        #""first — The first item, or the first N items as a list; stops reading the input after them.""#
      ),
      CommandExample(
        "Search every command", "help --find 'sort' | lines | first",
        #""Commands mentioning 'sort' (help <name> for details):""#),
    ]
  ) { call, _ in
    let registry = call.interpreter.registry
    let words = call.rest.map(Render.plainText)
    let name = words.joined(separator: " ")
    if let word = call.string("find") {
      return .string(HelpSearch.render(word, in: registry.all + call.scope.visibleCommands))
    }
    if name.isEmpty || name == "commands" {
      let commands = registry.all + call.scope.visibleCommands
      var byCategory: [String: [any Command]] = [:]
      for c in commands where !c.category.hasPrefix("api:") {
        byCategory[c.category, default: []].append(c)
      }
      var out = "Commands (help <name> for details):\n"
      for category in byCategory.keys.sorted() {
        out += "\n\(category):\n"
        for c in (byCategory[category] ?? []).sorted(by: { $0.name < $1.name }) {
          out += "  \(c.name.padded(toLength: 16)) \(c.summary)\n"
        }
      }
      var apis: [String: Int] = [:]
      for c in commands where c.category.hasPrefix("api:") {
        apis[String(c.category.dropFirst(4)), default: 0] += 1
      }
      if !apis.isEmpty {
        out += "\nAPIs (help <api> lists its commands; help --find WORD searches them)\n"
        for (api, count) in apis.sorted(by: { $0.key < $1.key }) {
          out += "  \(api.padded(toLength: 16)) \(count) commands\n"
        }
      }
      return .string(trimmed(out))
    }
    if let c = call.scope.command(named: name) ?? registry.command(named: name) {
      return .string(render(c))
    }
    let subs = registry.subcommands(of: name)
    if !subs.isEmpty {
      var out = "\(name) — commands:\n"
      for s in subs {
        let full = "\(name) \(s)"
        let summary =
          registry.command(named: full)?.summary
          ?? "(\(registry.subcommands(of: full).count) subcommands)"
        out += "  \(full.padded(toLength: 28)) \(summary)\n"
      }
      return .string(trimmed(out))
    }
    var notes: [String] = []
    if let near = Suggest.closest(name, in: registry.all.map(\.name)) {
      notes.append("did you mean '\(near)'?")
    }
    throw call.error("no command named '\(name)'", notes: notes)
  }

  /// ` (default: …)` for a parameter with a default value or default expression.
  private static func defaultText(_ value: Value?, _ source: String?) -> String? {
    if let value { return " (default: \(Render.short(value)))" }
    return source.map { " (default: \($0))" }
  }

  /// The help page of one command.
  static func render(_ c: any Command) -> String {
    var out = "\(c.name) — \(c.summary)\n"
    if !c.details.isEmpty { out += "\n\(c.details)\n" }
    let s = c.signature
    out += "\nUsage:\n  \(s.usage(for: c.name))\n"
    if !s.positionals.isEmpty || s.rest != nil {
      out += "\nParameters:\n"
      for p in s.positionals {
        let d = defaultText(p.defaultValue, p.defaultSource) ?? (p.optional ? " (optional)" : "")
        out += "  \(p.name) <\(p.type.rawValue)>\(d)\(described(p.description))\n"
      }
      if let r = s.rest {
        out += "  ...\(r.name) <\(r.type.rawValue)>\(described(r.description))\n"
      }
    }
    if !s.flags.isEmpty {
      out += "\nFlags:\n"
      for f in s.flags {
        let short = f.short.map { ", -\($0)" } ?? ""
        let type = f.type.map { " <\($0.rawValue)>" } ?? ""
        let d = defaultText(f.defaultValue, f.defaultSource) ?? ""
        out += "  --\(f.name)\(short)\(type)\(d)\(described(f.description))\n"
      }
    }
    out += "\nInput: \(s.input)  Output: \(s.output)\n"
    if !c.examples.isEmpty {
      out += "\nExamples:\n"
      for e in c.examples {
        out += "  # \(e.description)\n  > \(e.source)\n"
        if let expected = e.expected { out += "  \(expected)\n" }
      }
    }
    return trimmed(out)
  }

  /// A description after two spaces, or nothing (no trailing blanks for undocumented params).
  static func described(_ description: String) -> String {
    description.isEmpty ? "" : "  " + description
  }

  /// Help text without its final newline: the output renderer ends every value with one, so a
  /// page printed at the top level does not end in a blank line.
  static func trimmed(_ text: String) -> String {
    var out = text
    while out.hasSuffix("\n") { out.removeLast() }
    return out
  }
}
