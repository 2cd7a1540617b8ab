import Testing

@testable import CCSShell

@Suite("Multi-line statements")
struct StatementReaderTests {
  /// Feeds `inputs` as successive reads and records the prompts asked for.
  final class Script {
    var inputs: [LineResult]
    var prompts: [String] = []
    init(_ inputs: [LineResult]) { self.inputs = inputs }
    func read(_ prompt: String) -> LineResult {
      prompts.append(prompt)
      return inputs.isEmpty ? .eof : inputs.removeFirst()
    }
  }

  static func bracesClosed(_ text: String) -> Bool {
    text.filter { $0 == "{" }.count <= text.filter { $0 == "}" }.count
  }

  @Test("a complete line is one statement")
  func singleLine() {
    let script = Script([.line("let x = 1")])
    let result = StatementReader.read(
      prompt: "> ", continuationPrompt: ". ", isComplete: Self.bracesClosed, readLine: script.read)
    #expect(result == .line("let x = 1"))
    #expect(script.prompts == ["> "])
  }

  @Test("an open block continues with the continuation prompt until closed")
  func block() {
    let script = Script([.line("if x {"), .line("  print 1"), .line("}"), .line("extra")])
    let result = StatementReader.read(
      prompt: "> ", continuationPrompt: ". ", isComplete: Self.bracesClosed, readLine: script.read)
    #expect(result == .line("if x {\n  print 1\n}"))
    #expect(script.prompts == ["> ", ". ", ". "])
  }

  @Test("Ctrl-C abandons the whole statement")
  func interrupted() {
    let script = Script([.line("if x {"), .interrupted, .line("}")])
    let result = StatementReader.read(
      prompt: "> ", continuationPrompt: ". ", isComplete: Self.bracesClosed, readLine: script.read)
    #expect(result == .interrupted)
  }

  @Test("end of input mid-statement returns what was read, for the parser to report")
  func eofMidStatement() {
    let script = Script([.line("def f {"), .line("x")])
    let result = StatementReader.read(
      prompt: "> ", continuationPrompt: ". ", isComplete: Self.bracesClosed, readLine: script.read)
    #expect(result == .line("def f {\nx"))
  }

  @Test("end of input at the first prompt is eof")
  func eof() {
    let result = StatementReader.read(
      prompt: "> ", continuationPrompt: ". ", isComplete: Self.bracesClosed,
      readLine: Script([]).read)
    #expect(result == .eof)
  }

  @Test("a trailing pipe continues")
  func trailingPipe() {
    let script = Script([.line("tasks |"), .line("length")])
    let result = StatementReader.read(
      prompt: "> ", continuationPrompt: ". ", isComplete: { !$0.hasSuffix("|") },
      readLine: script.read)
    #expect(result == .line("tasks |\nlength"))
  }
}
