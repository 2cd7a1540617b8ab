import CCSRuntime
import Foundation
import Testing

@testable import CCSAPI

@Suite("Transport streaming")
struct TransportStreamTests {
  static let sse = [("Content-Type", "text/event-stream")]

  @Test("chunks arrive as the server writes them, not at the end")
  func chunksArriveIncrementally() async throws {
    // The server writes each chunk only once the client has received the previous one: a
    // client that buffered the body would never see the first chunk and the test would time
    // out instead of passing.
    let received = Locked<[String]>([])
    let gateTimedOut = Locked(false)
    try await TestServer.run({ _, _ in
      .gatedStream(
        headers: Self.sse, chunks: ["data: one\n\n", "data: two\n\n", "data: three\n\n"],
        gate: { index in
          let deadline = ContinuousClock.now + .seconds(10)
          while received.withLock({ $0.joined() }).components(separatedBy: "\n\n").count <= index {
            if ContinuousClock.now >= deadline {
              gateTimedOut.withLock { $0 = true }
              return
            }
            try? await Task.sleep(for: .milliseconds(10))
          }
        })
    }) { server in
      let response = try await makeTransport().stream(
        APIRequest(
          method: .get, url: server.url("/logs"), headers: ["Accept": "text/event-stream"]))
      #expect(response.status == 200)
      #expect(response.mediaType == "text/event-stream")
      for try await chunk in response.body {
        received.withLock { $0.append(String(decoding: chunk, as: UTF8.self)) }
      }
      #expect(received.withLock { $0 } == ["data: one\n\n", "data: two\n\n", "data: three\n\n"])
      #expect(!gateTimedOut.withLock { $0 }, "a gate timed out: chunks were held back")
    }
  }

  @Test("cancelling the consuming task closes the connection")
  func cancellationClosesConnection() async throws {
    try await TestServer.run({ _, _ in
      .stream(headers: Self.sse, chunks: [(.zero, "data: first\n\n")], endless: true)
    }) { server in
      let transport = makeTransport()
      let firstChunk = AsyncStream<Void>.makeStream()
      let consumer = Task {
        let response = try await transport.stream(APIRequest(method: .get, url: server.url("/s")))
        var count = 0
        for try await _ in response.body {
          count += 1
          if count == 1 { firstChunk.continuation.yield() }
        }
        return count
      }
      var signals = firstChunk.stream.makeAsyncIterator()
      await signals.next()
      consumer.cancel()
      await #expect(throws: CancellationError.self) { try await consumer.value }
      try await waitUntil { server.streamsClosedByClient == 1 }
      #expect(server.streamsClosedByClient == 1)
    }
  }

  @Test("close() ends the body and closes the connection")
  func closeEndsStream() async throws {
    try await TestServer.run({ _, _ in
      .stream(headers: Self.sse, chunks: [(.zero, "data: first\n\n")], endless: true)
    }) { server in
      let response = try await makeTransport().stream(
        APIRequest(method: .get, url: server.url("/s")))
      var iterator = response.body.makeAsyncIterator()
      let first = try await iterator.next()
      #expect(first.map { String(decoding: $0, as: UTF8.self) } == "data: first\n\n")
      response.close()
      response.close()
      var rest = 0
      while try await iterator.next() != nil { rest += 1 }
      #expect(rest == 0)
      try await waitUntil { server.streamsClosedByClient == 1 }
    }
  }

  @Test("dropping the response closes the connection")
  func droppingClosesConnection() async throws {
    try await TestServer.run({ _, _ in
      .stream(headers: Self.sse, chunks: [(.zero, "data: first\n\n")], endless: true)
    }) { server in
      do {
        let response = try await makeTransport().stream(
          APIRequest(method: .get, url: server.url("/s")))
        var iterator = response.body.makeAsyncIterator()
        _ = try await iterator.next()
      }
      try await waitUntil { server.streamsClosedByClient == 1 }
    }
  }

  @Test("a connection dropped mid-body ends the stream with a transport error")
  func droppedMidBody() async throws {
    try await TestServer.run({ _, _ in
      .brokenStream(headers: Self.sse, chunks: ["data: one\n\n"])
    }) { server in
      var request = APIRequest(method: .get, url: server.url("/s"))
      Credentials.queryToken(token: "mid-body-token").apply(to: &request)
      let response = try await makeTransport().stream(request)
      var chunks: [String] = []
      let error = await #expect(throws: TransportError.self) {
        for try await chunk in response.body {
          chunks.append(String(decoding: chunk, as: UTF8.self))
        }
      }
      #expect(chunks == ["data: one\n\n"])
      #expect(error?.url.contains("mid-body-token") == false)
      #expect(error?.kind == .connectionClosed, "\(String(describing: error))")
    }
  }

  @Test("a non-2xx stream answer is an HTTPError; 503 is retried first")
  func streamErrors() async throws {
    let sleeper = SleepRecorder()
    try await TestServer.run({ _, index in
      index == 0
        ? .respond(status: 503, headers: [("Retry-After", "2")])
        : .json(400, #"{"status":"Bad Request","message":"This API call requires EventStream"}"#)
    }) { server in
      let transport = makeTransport(sleeper: sleeper)
      let error = await #expect(throws: HTTPError.self) {
        try await transport.stream(APIRequest(method: .get, url: server.url("/logstream")))
      }
      #expect(error?.message == "This API call requires EventStream")
      #expect(server.requests.count == 2)
      #expect(sleeper.sleeps == [.seconds(2)])
    }
  }
}

/// Polls `condition` every 20 ms for up to `timeout`; fails the test if it never holds.
/// The timeout is only an upper bound (a passing test returns as soon as the condition holds),
/// so it is generous: the whole suite runs in parallel on two cores.
func waitUntil(
  timeout: Duration = .seconds(15), _ condition: @Sendable () -> Bool,
  sourceLocation: SourceLocation = #_sourceLocation
) async throws {
  let deadline = ContinuousClock.now + timeout
  while !condition() {
    guard ContinuousClock.now < deadline else {
      Issue.record("condition not met within \(timeout)", sourceLocation: sourceLocation)
      return
    }
    try await Task.sleep(for: .milliseconds(20))
  }
}
