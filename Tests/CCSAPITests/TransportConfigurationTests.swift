import Foundation
import Testing

@testable import CCSAPI

@Suite("Transport configuration")
struct TransportConfigurationTests {
  @Test("verbose log shows each attempt, its outcome and the retry wait")
  func verboseRetryLog() async throws {
    let log = LogRecorder()
    try await TestServer.run({ _, index in
      index == 0 ? .respond(status: 503) : .json(200, "{}")
    }) { server in
      let transport = makeTransport(log: log)
      _ = try await transport.send(
        APIRequest(method: .get, url: server.url("/api/v1/tasks?page=1")))
      let lines = log.lines.map {
        $0.replacingOccurrences(of: #"\(\d+ ms\)"#, with: "(N ms)", options: .regularExpression)
      }
      let url = "http://127.0.0.1:\(server.port)/api/v1/tasks?page=1"
      #expect(
        lines == [
          "> GET \(url)",
          "< 503 Service Unavailable (N ms)",
          "! 503 Service Unavailable; retrying in 500 ms (attempt 2 of 3)",
          "> GET \(url)",
          "< 200 OK (N ms)",
        ])
    }
  }

  @Test("an explicit User-Agent is kept; otherwise ccs/VERSION is sent")
  func userAgent() async throws {
    try await TestServer.run({ _, _ in .respond(status: 204) }) { server in
      let transport = makeTransport()
      _ = try await transport.send(APIRequest(method: .get, url: server.url("/a")))
      _ = try await transport.send(
        APIRequest(method: .get, url: server.url("/b"), headers: ["User-Agent": "custom/1"]))
      #expect(server.requests.map { $0.header("User-Agent") } == ["ccs/9.9.9", "custom/1"])
    }
  }

  @Test("an insecure transport still talks plain HTTP and sends bodies")
  func insecureClient() async throws {
    try await TestServer.run({ request, _ in
      .respond(status: 201, body: String(decoding: request.body, as: UTF8.self))
    }) { server in
      let transport = HTTPTransport(configuration: .init(version: "1", insecure: true))
      let response = try await transport.send(
        APIRequest(
          method: .post, url: server.url("/echo"), headers: ["Content-Type": "application/json"],
          body: Array(#"{"a":1}"#.utf8)))
      #expect(response.status == 201)
      #expect(response.text == #"{"a":1}"#)
      #expect(server.requests.first?.header("Content-Type") == "application/json")
    }
  }

  @Test("the per-request timeout bounds the wait for a response")
  func requestTimeout() async throws {
    try await TestServer.run({ _, _ in
      try? await Task.sleep(for: .seconds(2))
      return .respond(status: 200)
    }) { server in
      let transport = makeTransport(attempts: 1)
      let error = await #expect(throws: TransportError.self) {
        try await transport.send(
          APIRequest(method: .get, url: server.url("/slow"), timeout: .milliseconds(200)))
      }
      #expect(error?.kind == .deadlineExceeded)
    }
  }
}
