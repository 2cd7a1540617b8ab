import CCSRuntime
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Completion over an interpreter the caller has exclusive use of.
struct InterpreterCompleter {
  let interpreter: Interpreter

  /// Commands whose first positional is a file path, and the `source` statement.
  static let pathCommands: Set<String> = ["open", "save", "source", "api load"]

  func complete(_ line: String, cursor: Int) -> Completion {
    let bytes = Array(line.utf8)
    let end = min(cursor, bytes.count)
    var start = end
    let separators: [UInt8] = [
      UInt8(ascii: " "), UInt8(ascii: "|"), UInt8(ascii: "("), UInt8(ascii: "{"),
    ]
    while start > 0, !separators.contains(bytes[start - 1]) { start -= 1 }
    let word = String(decoding: bytes[start..<end], as: UTF8.self)
    // The words of the current pipeline stage before the cursor.
    let before = String(decoding: bytes[0..<start], as: UTF8.self)
    let stage =
      before.split(separator: "|", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    let stageWords = stage.split(separator: " ").map(String.init).filter { !$0.isEmpty }
    let answer = candidates(word: word, stageWords: stageWords)
    let kept = answer.candidates.filter { $0.value.hasPrefix(word) }
    var descriptions: [String: String] = [:]
    for c in kept where !c.description.isEmpty { descriptions[c.value] = c.description }
    let values = answer.sorted ? kept.map(\.value).sorted() : kept.map(\.value)
    return Completion(
      replacing: start..<end, candidates: values,
      appendsSpaceWhenUnique: !(values.count == 1 && values[0].hasSuffix("/")),
      descriptions: descriptions, message: kept.isEmpty ? answer.message : nil)
  }

  /// What one Tab offers before filtering by the typed word.
  struct Answer {
    var candidates: [CompletionCandidate] = []
    var message: String?
    /// False for values whose order means something (live ids as the API lists them).
    var sorted = true
  }

  private func candidates(word: String, stageWords: [String]) -> Answer {
    let registry = interpreter.registry
    if word.hasPrefix("$") {
      if word.contains(".") { return Answer(candidates: fieldCandidates(word)) }
      let names = interpreter.globals.visibleVariableNames + ["env", "in"]
      return Answer(candidates: names.map { CompletionCandidate("$" + $0) })
    }
    if word.hasPrefix("-") {
      var words = stageWords.filter { !$0.hasPrefix("-") }
      while !words.isEmpty {
        if let c = registry.command(named: words.joined(separator: " ")) {
          let s = c.signature
          return Answer(
            candidates: s.flags.map {
              CompletionCandidate("--" + $0.name, description: $0.description)
            }
              + s.positionals.map {
                CompletionCandidate("--" + $0.name, description: $0.description)
              })
        }
        words.removeLast()
      }
      return Answer()
    }
    if stageWords.count == 1, stageWords[0] == "source" {
      return Answer(candidates: PathCompletion(context: interpreter.context).candidates(for: word))
    }
    if let (command, parameter) = argumentBeingCompleted(stageWords) {
      if Self.pathCommands.contains(command.name),
        parameter == command.signature.positionals.first?.name
      {
        return Answer(
          candidates: PathCompletion(context: interpreter.context).candidates(for: word))
      }
      switch command.completions(for: parameter, interpreter: interpreter) {
      case .candidates(let values):
        return Answer(candidates: values, sorted: values.allSatisfy(\.description.isEmpty))
      case .unavailable(let message):
        return Answer(message: message)
      }
    }
    let prefix = stageWords.joined(separator: " ")
    if prefix.isEmpty {
      // First words only, without descriptions: a bare Tab lists a hundred of them in columns.
      let words = Set(registry.all.map { String($0.name.split(separator: " ")[0]) })
        .union(interpreter.globals.visibleCommands.map(\.name))
      return Answer(candidates: words.map { CompletionCandidate($0) })
    }
    if registry.isPrefix(prefix) {
      return Answer(
        candidates: registry.subcommands(of: prefix).map { sub in
          CompletionCandidate(
            sub, description: registry.command(named: "\(prefix) \(sub)")?.summary ?? "")
        })
    }
    return Answer()
  }

  /// `$x.a.<Tab>`: the fields of the record at that path of a variable (of its first item
  /// when it is a list of records).
  func fieldCandidates(_ word: String) -> [CompletionCandidate] {
    var parts = word.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(
      String.init)
    guard parts.count >= 2, let root = parts.first, var value = interpreter.globals.lookup(root)
    else {
      return []
    }
    parts.removeLast()
    for key in parts.dropFirst() {
      guard let next = Self.member(value, key) else { return [] }
      value = next
    }
    if case .list(let items) = value, let first = items.first { value = first }
    guard case .record(let record) = value else { return [] }
    let stem = "$" + parts.joined(separator: ".") + "."
    return record.keys.map { key in
      CompletionCandidate(stem + key, description: record[key].map(\.typeName) ?? "")
    }
  }

  private static func member(_ value: Value, _ key: String) -> Value? {
    switch value {
    case .record(let r): return r[key]
    case .list(let items): return Int(key).flatMap { items.indices.contains($0) ? items[$0] : nil }
    default: return nil
    }
  }

  /// The command of the stage and the parameter the cursor is on: the flag just before it, or
  /// the next positional.
  func argumentBeingCompleted(_ words: [String]) -> ((any Command), String)? {
    let registry = interpreter.registry
    var n = words.count
    while n > 0 {
      let name = words[0..<n].joined(separator: " ")
      if let c = registry.command(named: name) {
        let rest = Array(words[n...])
        if let last = rest.last, last.hasPrefix("--") {
          let flag = String(last.dropFirst(2))
          if c.signature.flags.first(where: { $0.name == flag })?.isSwitch == false
            || c.signature.positionals.contains(where: { $0.name == flag })
          {
            return (c, flag)
          }
        }
        var index = 0
        var i = 0
        while i < rest.count {
          if rest[i].hasPrefix("--") {
            let flag = String(rest[i].dropFirst(2))
            i += c.signature.flags.first(where: { $0.name == flag })?.isSwitch == true ? 1 : 2
          } else {
            index += 1
            i += 1
          }
        }
        guard index < c.signature.positionals.count else { return nil }
        return (c, c.signature.positionals[index].name)
      }
      n -= 1
    }
    return nil
  }
}

/// File names for a path being typed: the entries of its directory that start with its last
/// component, directories ending in `/`, hidden entries only when the component starts
/// with `.`.
struct PathCompletion {
  let context: RuntimeContext

  func candidates(for word: String) -> [CompletionCandidate] {
    let typedDirectory: String
    let stem: String
    if let slash = word.lastIndex(of: "/") {
      typedDirectory = String(word[...slash])
      stem = String(word[word.index(after: slash)...])
    } else {
      typedDirectory = ""
      stem = word
    }
    let directory =
      typedDirectory.isEmpty ? context.currentDirectory : context.resolvePath(typedDirectory)
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return []
    }
    return names.sorted().compactMap { name in
      guard name.hasPrefix(stem), stem.hasPrefix(".") || !name.hasPrefix(".") else { return nil }
      let full = PathName.join(directory, name)
      return CompletionCandidate(typedDirectory + name + (isDirectory(full) ? "/" : ""))
    }
  }
}
