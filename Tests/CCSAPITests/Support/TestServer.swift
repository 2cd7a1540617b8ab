import CCSRuntime
import Foundation
import Hummingbird
import Logging
import NIOCore

@testable import CCSAPI

/// A request as the loopback test server received it.
struct RecordedRequest: Sendable {
  var method: String
  /// Path and query as sent (`/api/v1/tasks?page=1`).
  var uri: String
  var path: String
  var query: String?
  /// Header fields, names lowercased.
  var headers: [(name: String, value: String)]
  var body: [UInt8]

  func header(_ name: String) -> String? {
    headers.first { $0.name == name.lowercased() }?.value
  }

  /// The decoded value of query parameter `name`.
  func queryValue(_ name: String) -> String? {
    URLComponents(string: "http://x\(uri)")?.queryItems?.first { $0.name == name }?.value
  }
}

/// What the test server answers.
enum Reply: Sendable {
  /// A complete response.
  case respond(status: Int, headers: [(String, String)] = [], body: String = "")
  /// A streaming response: each chunk is written after its delay; then, if `endless`, a
  /// heartbeat chunk every 50 ms until writing fails (the client went away).
  case stream(
    headers: [(String, String)] = [], chunks: [(delay: Duration, text: String)], endless: Bool)

  /// A streaming response that writes chunk `i` only after `gate(i)` returns, so a test can
  /// hold the server until the client has seen the previous chunks.
  case gatedStream(
    headers: [(String, String)] = [], chunks: [String], gate: @Sendable (Int) async -> Void)

  /// A streaming response that writes `chunks`, then drops the connection mid-body.
  case brokenStream(headers: [(String, String)] = [], chunks: [String])

  static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Reply {
    .respond(status: status, headers: [("Content-Type", "application/json")] + headers, body: body)
  }
}

/// A Hummingbird server on 127.0.0.1 with an OS-assigned port that records every request and
/// answers through a closure.
final class TestServer: Sendable {
  typealias Handler = @Sendable (RecordedRequest, Int) async -> Reply

  let port: Int
  private let state: Locked<State>

  private struct State {
    var requests: [RecordedRequest] = []
    var streamsClosedByClient = 0
  }

  private init(port: Int, state: Locked<State>) {
    self.port = port
    self.state = state
  }

  var baseURL: URL {
    URL(string: "http://127.0.0.1:\(port)")!
  }

  func url(_ pathAndQuery: String) -> URL {
    URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)")!
  }

  /// Every request received so far, in order.
  var requests: [RecordedRequest] {
    state.withLock { $0.requests }
  }

  /// How many endless streams saw the client close the connection.
  var streamsClosedByClient: Int {
    state.withLock { $0.streamsClosedByClient }
  }

  /// Runs `body` with a new server answering through `handler` (given the request and its
  /// 0-based index).
  static func run<Result: Sendable>(
    _ handler: @escaping Handler,
    _ body: (TestServer) async throws -> Result
  ) async throws -> Result {
    let state = Locked(State())
    let port = AsyncStream<Int>.makeStream()
    let responder = CallbackResponder<BasicRequestContext> { request, _ in
      var request = request
      let bytes = try await request.collectBody(upTo: 1 << 20)
      let recorded = RecordedRequest(
        method: request.method.rawValue, uri: request.uri.string, path: request.uri.path,
        query: request.uri.query,
        headers: request.headers.map { (name: $0.name.canonicalName, value: $0.value) },
        body: Array(bytes.readableBytesView))
      let index = state.withLock { state in
        state.requests.append(recorded)
        return state.requests.count - 1
      }
      return TestServer.response(await handler(recorded, index), state: state)
    }
    var logger = Logger(label: "ccs-test-server")
    logger.logLevel = .critical
    let app = Application(
      responder: responder,
      configuration: .init(address: .hostname("127.0.0.1", port: 0)),
      onServerRunning: { channel in
        port.continuation.yield(channel.localAddress?.port ?? 0)
        port.continuation.finish()
      },
      logger: logger)
    // The server is deliberately never shut down: Hummingbird/NIO abort the process
    // ("Deinited NIOAsyncWriter without calling finish()") when a connection the client pool
    // opened speculatively arrives while the server stops. Each test's server idles until the
    // test process exits.
    Task { try await app.runService(gracefulShutdownSignals: []) }
    var ports = port.stream.makeAsyncIterator()
    guard let bound = await ports.next(), bound > 0 else {
      throw CancellationError()
    }
    return try await body(TestServer(port: bound, state: state))
  }

  private static func fields(_ headers: [(String, String)]) -> HTTPFields {
    var fields = HTTPFields()
    for (name, value) in headers {
      if let name = HTTPFields.Element.Name(name) {
        fields.append(HTTPFields.Element(name: name, value: value))
      }
    }
    return fields
  }

  private static func response(_ reply: Reply, state: Locked<State>) -> Response {
    switch reply {
    case .respond(let status, let headers, let body):
      let fields = Self.fields(headers)
      return Response(
        status: .init(code: status), headers: fields,
        body: .init(byteBuffer: ByteBuffer(string: body)))
    case .stream(let headers, let chunks, let endless):
      let fields = Self.fields(headers)
      let body = ResponseBody { writer in
        do {
          for chunk in chunks {
            try await Task.sleep(for: chunk.delay)
            try await writer.write(ByteBuffer(string: chunk.text))
          }
          guard endless else {
            try await writer.finish(nil)
            return
          }
          // Write until the client goes away (bounded, so a broken test cannot hang forever).
          for _ in 0..<200 {
            try await Task.sleep(for: .milliseconds(50))
            try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
          }
          try await writer.finish(nil)
        } catch {
          state.withLock { $0.streamsClosedByClient += 1 }
          throw error
        }
      }
      return Response(status: .ok, headers: fields, body: body)
    case .brokenStream(let headers, let chunks):
      let body = ResponseBody { writer in
        for chunk in chunks {
          try await writer.write(ByteBuffer(string: chunk))
        }
        try await Task.sleep(for: .milliseconds(50))
        throw CancellationError()
      }
      return Response(status: .ok, headers: Self.fields(headers), body: body)
    case .gatedStream(let headers, let chunks, let gate):
      let body = ResponseBody { writer in
        for (index, chunk) in chunks.enumerated() {
          await gate(index)
          try await writer.write(ByteBuffer(string: chunk))
        }
        try await writer.finish(nil)
      }
      return Response(status: .ok, headers: Self.fields(headers), body: body)
    }
  }
}
