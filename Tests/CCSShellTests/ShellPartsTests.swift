import CCS
import Foundation
import Testing

@testable import CCSShell

@Suite("Shell parts: continuation, exit, prompt, candidate lists, history merge")
struct ShellPartsTests {
  @Test(
    "what continues onto the next line",
    arguments: [
      ("print \"open", false),
      ("print \"closed\"", true),
      ("print 'raw", false),
      ("[1 2", false),
      ("ls |", false),
      ("1 + 1", true),
      ("print \"a $(1 +", false),
      ("{ print 1", false),
      ("print 1 }", true),
    ])
  func continuation(source: String, complete: Bool) {
    #expect(Engine.isIncomplete(source) == !complete)
  }

  @Test("a trailing backslash joins the next line with a space")
  func backslash() {
    var inputs: [LineResult] = [.line("[1 2] \\"), .line("| length"), .line("extra")]
    var prompts: [String] = []
    let result = StatementReader.read(
      prompt: "> ", continuationPrompt: ". ", isComplete: { !Engine.isIncomplete($0) },
      readLine: { prompt in
        prompts.append(prompt)
        return inputs.removeFirst()
      })
    #expect(result == .line("[1 2]  | length"))
    #expect(prompts == ["> ", ". "])
    #expect(!StatementReader.endsWithBackslash("a \\\\"))
  }

  @Test("an open string continues and keeps its newline")
  func openString() {
    var inputs: [LineResult] = [.line("print \"a"), .line("b\"")]
    let result = StatementReader.read(
      prompt: "> ", continuationPrompt: ". ", isComplete: { !Engine.isIncomplete($0) },
      readLine: { _ in inputs.removeFirst() })
    #expect(result == .line("print \"a\nb\""))
  }

  @Test(
    "exit requests",
    arguments: [
      ("exit", Int32(0) as Int32?), ("exit 3", 3), ("  exit 300 ", 44), ("exit x", nil),
      ("exit 1 2", nil), ("exits", nil), ("print exit", nil),
    ])
  func exit(source: String, status: Int32?) {
    #expect(ExitRequest.status(of: source) == status)
  }

  @Test("the prompt names the API and where it points; colors only when allowed")
  func prompt() {
    let prompt = ShellPrompt { api in
      api == "clever" ? nil : ShellPrompt.Place(name: "sandbox", isSandbox: true)
    }
    #expect(prompt.text(api: "cloudron", color: false) == "cloudron@sandbox> ")
    #expect(prompt.text(api: nil, color: false) == "ccs@sandbox> ")
    #expect(prompt.text(api: "clever", color: false) == "clever> ")
    #expect(
      prompt.text(api: "cloudron", color: true)
        == "\u{1B}[36mcloudron\u{1B}[0m@\u{1B}[33msandbox\u{1B}[0m> ")
    #expect(ShellPrompt().text(api: nil, color: false) == "ccs> ")
    #expect(ShellPrompt().continuation(api: nil) == "...> ")
  }

  @Test("the active API is the one of the entry's first command")
  func activeAPI() async throws {
    var configuration = Engine.Configuration()
    configuration.apis = .none
    configuration.loadPrelude = false
    configuration.standardOutput = BufferSink()
    configuration.standardError = BufferSink()
    let engine = try await Engine(configuration)
    await engine.register(
      BuiltinCommand("cloudron apps list", category: "api:cloudron", summary: "") { _, _ in .null })
    #expect(ShellPrompt.api(of: "cloudron apps list | length", engine: engine) == "cloudron")
    #expect(ShellPrompt.api(of: "print 1", engine: engine) == nil)
    #expect(ShellPrompt.api(of: "let x = 1", engine: engine) == nil)
  }

  @Test("described candidates go one per line, descriptions aligned")
  func describedColumns() {
    let rows = CandidateColumns(
      candidates: ["5", "17"], width: 40,
      descriptions: ["5": "backup · done", "17": "update · running"]
    ).rows
    #expect(rows == ["5   backup · done", "17  update · running"])
  }

  @Test("two shells writing one history file at once lose no line, keep each line once")
  func concurrentHistory() async throws {
    let directory = NSTemporaryDirectory() + "ccs-history-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = "\(directory)/history"
    let first = LineEditor(programName: "test", historyFile: file, maxHistory: 1000)
    let second = LineEditor(programName: "test", historyFile: file, maxHistory: 1000)
    await withTaskGroup(of: Void.self) { group in
      for (editor, name) in [(first, "a"), (second, "b")] {
        group.addTask {
          for i in 0..<40 { editor.addHistory("print \(name)\(i)") }
          editor.addHistory("print shared")
        }
      }
    }
    let reloaded = LineEditor(programName: "test", historyFile: file).historyEntries
    #expect(Set(reloaded).count == reloaded.count)
    #expect(reloaded.count == 81)
    for name in ["a", "b"] {
      for i in 0..<40 { #expect(reloaded.contains("print \(name)\(i)")) }
    }
  }

  @Test("a repeated line moves to the end instead of being kept twice")
  func duplicatesKeepLatest() throws {
    let directory = NSTemporaryDirectory() + "ccs-history-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let editor = LineEditor(programName: "test", historyFile: "\(directory)/history")
    for line in ["a", "b", "a", "c"] { editor.addHistory(line) }
    #expect(editor.historyEntries == ["b", "a", "c"])
    let memory = LineEditor(programName: "test", historyFile: nil)
    for line in ["x", "y", "x"] { memory.addHistory(line) }
    #expect(memory.historyEntries == ["y", "x"])
  }

  @Test("history lists lines as records and searches them")
  func historyCommand() async throws {
    var configuration = Engine.Configuration()
    configuration.apis = .none
    configuration.standardOutput = BufferSink()
    configuration.environment = ["HOME": "/nonexistent-ccs-test-home"]
    let engine = try await Engine(configuration)
    await engine.register(
      HistoryCommand.make { ["print 1", "cloudron tasks list", "CLOUDRON apps list", "print 2"] })
    let all = await engine.run(source: "history").value
    #expect(all.listItems?.count == 4)
    let found = await engine.run(source: "history cloudron").value
    #expect(
      found
        == .list([
          .record(Record([("index", .int(2)), ("command", .string("cloudron tasks list"))])),
          .record(Record([("index", .int(3)), ("command", .string("CLOUDRON apps list"))])),
        ]))
    let last = await engine.run(source: "history --last 1").value
    #expect(
      last == .list([.record(Record([("index", .int(4)), ("command", .string("print 2"))]))]))
  }

  @Test("$var.<Tab> completes record fields; path arguments complete files")
  func fieldsAndPaths() async throws {
    let directory = NSTemporaryDirectory() + "ccs-paths-\(UUID().uuidString)"
    try FileManager.default.createDirectory(
      atPath: directory + "/sub", withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: directory + "/data.json", contents: Data())
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var configuration = Engine.Configuration()
    configuration.apis = .none
    configuration.standardOutput = BufferSink()
    configuration.workingDirectory = directory
    configuration.environment = ["HOME": "/nonexistent-ccs-test-home"]
    let engine = try await Engine(configuration)
    _ = await engine.setVariable(
      "app",
      to: .record(
        Record([("name", .string("web")), ("owner", .record(Record([("id", .int(1))])))])))
    #expect(engine.complete("$app.", cursor: 5).candidates == ["$app.name", "$app.owner"])
    #expect(engine.complete("$app.owner.i", cursor: 12).candidates == ["$app.owner.id"])
    let files = engine.complete("open ", cursor: 5)
    #expect(files.candidates == ["data.json", "sub/"])
    let sub = engine.complete("open s", cursor: 6)
    #expect(sub.candidates == ["sub/"])
    #expect(!sub.appendsSpaceWhenUnique)
    #expect(engine.complete("source d", cursor: 8).candidates == ["data.json"])
  }
}
