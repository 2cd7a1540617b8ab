import Foundation
import Testing

@testable import CCSShell

@Suite("History")
struct HistoryTests {
  /// A fresh directory under the temporary directory, removed by the caller.
  static func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "ccs-history-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func mode(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
  }

  @Test(
    "what history keeps",
    arguments: [
      ("let x = 1", nil as String?, true),
      ("", nil, false),
      ("   \t", nil, false),
      ("let x = 1", "let x = 1", false),
      ("let x = 2", "let x = 1", true),
      ("login --token abc", nil, false),
    ])
  func shouldRemember(line: String, newest: String?, expected: Bool) {
    let filter: (String) -> Bool = { !$0.contains("--token") }
    #expect(LineEditor.shouldRemember(line, newest: newest, filter: filter) == expected)
  }

  @Test("the default file follows XDG_STATE_HOME, then HOME")
  func defaultPath() {
    #expect(
      LineEditor.defaultHistoryPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])
        == "/s/ccs/history")
    #expect(
      LineEditor.defaultHistoryPath(environment: ["HOME": "/h"])
        == "/h/.local/state/ccs/history")
    #expect(
      LineEditor.defaultHistoryPath(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"])
        == "/h/.local/state/ccs/history")
    #expect(LineEditor.defaultHistoryPath(environment: [:]) == nil)
  }

  @Test("addHistory saves a 0600 file in a 0700 directory, and a new editor reloads it")
  func persistence() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = "\(directory)/state/ccs/history"

    let first = LineEditor(programName: "test", historyFile: file, maxHistory: 10)
    first.historyFilter = { !$0.contains("secret") }
    #expect(first.addHistory("cloudron tasks list"))
    #expect(!first.addHistory("cloudron tasks list"))
    #expect(!first.addHistory("set token secret-123"))
    #expect(!first.addHistory("  "))
    #expect(first.addHistory("if x {\n  print \"a b\"\n}"))
    #expect(first.historyError == nil)
    #expect(try Self.mode(of: file) == 0o600)
    #expect(try Self.mode(of: "\(directory)/state/ccs") == 0o700)
    let saved = try String(contentsOfFile: file, encoding: .utf8)
    #expect(!saved.contains("secret"))

    let second = LineEditor(programName: "test", historyFile: file, maxHistory: 10)
    #expect(second.historyEntries == ["cloudron tasks list", "if x {\n  print \"a b\"\n}"])
    #expect(second.historyError == nil)
  }

  @Test("a history file left readable by others is saved back as 0600")
  func tightensMode() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = "\(directory)/history"
    _ = FileManager.default.createFile(
      atPath: file, contents: Data("_HiStOrY_V2_\nold\n".utf8),
      attributes: [.posixPermissions: 0o644])
    let editor = LineEditor(programName: "test", historyFile: file)
    #expect(editor.historyEntries == ["old"])
    editor.addHistory("new")
    #expect(try Self.mode(of: file) == 0o600)
  }

  @Test("history keeps at most maxHistory lines")
  func bounded() throws {
    let editor = LineEditor(programName: "test", historyFile: nil, maxHistory: 3)
    for index in 1...5 { editor.addHistory("line \(index)") }
    #expect(editor.historyEntries == ["line 3", "line 4", "line 5"])
  }

  @Test("an unwritable history file is reported, history still works in memory")
  func unwritable() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let blocker = "\(directory)/file"
    _ = FileManager.default.createFile(atPath: blocker, contents: Data())
    let editor = LineEditor(programName: "test", historyFile: "\(blocker)/history")
    #expect(editor.addHistory("x"))
    #expect(editor.historyError == .unwritable("\(blocker)/history"))
    #expect(editor.historyEntries == ["x"])
  }
}
