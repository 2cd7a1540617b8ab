import Testing

@testable import CCSRuntime

@Suite("Output at a terminal")
struct OutputRendererTests {
  static func render(_ value: Value, terminal: Bool) async throws -> String {
    let registry = CommandRegistry()
    registry.register(FormatCommands.all)
    let out = BufferSink()
    let context = RuntimeContext(
      stdout: out, stderr: BufferSink(), environment: [:], currentDirectory: "/tmp",
      isTerminal: terminal)
    let interpreter = Interpreter(registry: registry, context: context)
    try await OutputRenderer(format: .auto, interpreter: interpreter).emit(value)
    return out.text
  }

  static func tokens(inLists: Bool = false) -> Value {
    var items: [Value] = [
      .record(
        Record([
          ("name", .string("ci")), ("accessToken", .string("tok-123")),
          ("scope", .record(Record([("client_secret", .string("s3")), ("n", .int(1))]))),
        ])),
      .record(Record([("name", .string("empty")), ("accessToken", .string(""))])),
    ]
    if inLists { items = items.map { Value.list([$0]) } }
    var index = 0
    return .stream(
      ValueStream(next: {
        defer { index += 1 }
        return index < items.count ? items[index] : nil
      }))
  }

  @Test("streamed records mask secret fields at a terminal, at any depth, as tables do")
  func streamedSecretsAreMaskedAtATerminal() async throws {
    let text = try await Self.render(Self.tokens(), terminal: true)
    #expect(!text.contains("tok-123") && !text.contains("s3\""))
    #expect(text.contains(#""accessToken":"••••••""#))
    #expect(text.contains(#""client_secret":"••••••""#))
    #expect(text.contains(#""accessToken":"""#), "an empty secret stays empty")
  }

  @Test("in a pipe the stream is data: nothing is masked")
  func pipedSecretsAreKept() async throws {
    let text = try await Self.render(Self.tokens(), terminal: false)
    #expect(text.contains(#""accessToken":"tok-123""#))
  }

  @Test("streamed lists are masked at a terminal and kept in a pipe, like records")
  func streamedLists() async throws {
    let atTerminal = try await Self.render(Self.tokens(inLists: true), terminal: true)
    #expect(!atTerminal.contains("tok-123") && atTerminal.contains(#""accessToken":"••••••""#))
    let piped = try await Self.render(Self.tokens(inLists: true), terminal: false)
    #expect(piped.contains(#""accessToken":"tok-123""#))
  }
}
