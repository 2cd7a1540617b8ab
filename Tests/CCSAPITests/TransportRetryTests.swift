import Foundation
import Testing

@testable import CCSAPI

@Suite("Transport retries")
struct TransportRetryTests {
  @Test("429 with Retry-After: 1 waits one second, then succeeds")
  func retryAfterSecondsIsHonoured() async throws {
    let sleeper = SleepRecorder()
    try await TestServer.run({ _, index in
      index == 0
        ? .respond(status: 429, headers: [("Retry-After", "1")], body: "slow down")
        : .json(200, #"{"ok":true}"#)
    }) { server in
      let transport = makeTransport(sleeper: sleeper)
      let response = try await transport.send(APIRequest(method: .get, url: server.url("/x")))
      #expect(response.status == 200)
      #expect(response.text == #"{"ok":true}"#)
      #expect(server.requests.count == 2)
      #expect(sleeper.sleeps == [.seconds(1)])
    }
  }

  @Test("a Retry-After longer than the cap waits only the cap")
  func retryAfterIsCapped() async throws {
    let sleeper = SleepRecorder()
    try await TestServer.run({ _, index in
      index == 0 ? .respond(status: 503, headers: [("Retry-After", "3600")]) : .json(200, "{}")
    }) { server in
      let transport = HTTPTransport(
        configuration: .init(
          version: "1", retry: RetryPolicy(maxRetryAfter: .seconds(5), jitter: 0)),
        sleep: sleeper.sleep)
      _ = try await transport.send(APIRequest(method: .get, url: server.url("/x")))
      #expect(sleeper.sleeps == [.seconds(5)])
    }
  }

  @Test("503 without Retry-After is retried for GET with exponential backoff")
  func serviceUnavailableRetriedForGet() async throws {
    let sleeper = SleepRecorder()
    try await TestServer.run({ _, index in
      index < 2 ? .respond(status: 503) : .json(200, "[]")
    }) { server in
      let transport = makeTransport(sleeper: sleeper)
      let response = try await transport.send(APIRequest(method: .get, url: server.url("/x")))
      #expect(response.status == 200)
      #expect(server.requests.count == 3)
      #expect(sleeper.sleeps == [.milliseconds(500), .seconds(1)])
    }
  }

  @Test("POST is never retried, not even on 503 or 429", arguments: [503, 429, 502])
  func postIsNotRetried(status: Int) async throws {
    let sleeper = SleepRecorder()
    try await TestServer.run({ _, _ in
      .respond(status: status, headers: [("Retry-After", "1")])
    }) { server in
      let transport = makeTransport(sleeper: sleeper)
      let request = APIRequest(method: .post, url: server.url("/apps"), body: Array("{}".utf8))
      let error = await #expect(throws: HTTPError.self) { try await transport.send(request) }
      #expect(error?.status == status)
      #expect(server.requests.count == 1)
      #expect(sleeper.sleeps.isEmpty)
    }
  }

  @Test(
    "idempotent methods are retried on 502/503/504, others are not",
    arguments: [
      ("GET", true), ("HEAD", true), ("PUT", true), ("DELETE", true), ("OPTIONS", true),
      ("POST", false), ("PATCH", false),
    ])
  func retriedMethods(method: String, retried: Bool) async throws {
    try await TestServer.run({ _, index in
      index == 0 ? .respond(status: 504) : .respond(status: 204)
    }) { server in
      let transport = makeTransport()
      let request = APIRequest(method: .init(rawValue: method), url: server.url("/r"))
      if retried {
        let response = try await transport.send(request)
        #expect(response.status == 204)
        #expect(server.requests.count == 2)
      } else {
        await #expect(throws: HTTPError.self) { try await transport.send(request) }
        #expect(server.requests.count == 1)
      }
    }
  }

  @Test("max attempts is respected and the last status is the error")
  func maxAttemptsRespected() async throws {
    let sleeper = SleepRecorder()
    try await TestServer.run({ _, _ in .respond(status: 502, body: "bad gateway") }) { server in
      let transport = makeTransport(attempts: 4, sleeper: sleeper)
      let error = await #expect(throws: HTTPError.self) {
        try await transport.send(APIRequest(method: .get, url: server.url("/x")))
      }
      #expect(error?.status == 502)
      #expect(server.requests.count == 4)
      #expect(sleeper.sleeps.count == 3)
    }
  }

  @Test("non-retryable statuses fail at once", arguments: [400, 401, 403, 404, 409, 500])
  func clientErrorsAreNotRetried(status: Int) async throws {
    try await TestServer.run({ _, _ in .respond(status: status) }) { server in
      let transport = makeTransport()
      await #expect(throws: HTTPError.self) {
        try await transport.send(APIRequest(method: .get, url: server.url("/x")))
      }
      #expect(server.requests.count == 1)
    }
  }

  @Test("connection refused is retried for GET, then reported with the attempts")
  func connectionRefusedRetriedThenError() async throws {
    let sleeper = SleepRecorder()
    let transport = makeTransport(attempts: 3, sleeper: sleeper)
    let url = URL(string: "http://127.0.0.1:1/api/v1/tasks")!
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(APIRequest(method: .get, url: url))
    }
    #expect(error?.kind == .connectionRefused)
    #expect(error?.attempts == 3)
    #expect(sleeper.sleeps == [.milliseconds(500), .seconds(1)])
    #expect(
      error?.description
        == "GET http://127.0.0.1:1/api/v1/tasks: connection refused (after 3 attempts)")
  }

  @Test("connection refused is not retried for POST")
  func connectionRefusedNotRetriedForPost() async throws {
    let sleeper = SleepRecorder()
    let transport = makeTransport(sleeper: sleeper)
    let url = URL(string: "http://127.0.0.1:1/api/v1/apps")!
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(APIRequest(method: .post, url: url))
    }
    #expect(error?.attempts == 1)
    #expect(sleeper.sleeps.isEmpty)
  }

  @Test("cancelling the task interrupts a backoff wait promptly")
  func cancellationInterruptsBackoff() async throws {
    try await TestServer.run({ _, _ in .respond(status: 503, headers: [("Retry-After", "30")]) }) {
      server in
      let transport = HTTPTransport(configuration: .init(version: "1"))
      let task = Task {
        try await transport.send(APIRequest(method: .get, url: server.url("/x")))
      }
      while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
      try await Task.sleep(for: .milliseconds(50))
      let start = ContinuousClock.now
      task.cancel()
      await #expect(throws: CancellationError.self) { try await task.value }
      // Far below the 30 s wait it cut short, with room for a loaded machine.
      #expect(ContinuousClock.now - start < .seconds(10))
      #expect(server.requests.count == 1)
    }
  }

  @Test("cancelling the task cancels a slow in-flight request")
  func cancellationInterruptsRequest() async throws {
    try await TestServer.run({ _, _ in
      try? await Task.sleep(for: .seconds(30))
      return .respond(status: 200)
    }) { server in
      let transport = makeTransport()
      let task = Task {
        try await transport.send(APIRequest(method: .get, url: server.url("/slow")))
      }
      while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
      let start = ContinuousClock.now
      task.cancel()
      await #expect(throws: CancellationError.self) { try await task.value }
      // Far below the 30 s the server takes, with room for a loaded machine.
      #expect(ContinuousClock.now - start < .seconds(10))
    }
  }

  @Test(
    "Retry-After values",
    arguments: [
      ("1", Duration.seconds(1)), ("0", .zero), (" 120 ", .seconds(120)),
      ("Wed, 21 Oct 2015 07:28:30 GMT", .seconds(30)),
      ("Wednesday, 21-Oct-15 07:28:10 GMT", .seconds(10)),
      ("Wed Oct 21 07:29:00 2015", .seconds(60)),
      ("Wed, 21 Oct 2015 07:20:00 GMT", .zero),
    ])
  func retryAfterParsing(value: String, expected: Duration) {
    let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
    #expect(RetryAfter.parse(value, now: now) == expected)
  }

  @Test("invalid Retry-After values are ignored", arguments: ["soon", "-1", "", "1.5"])
  func retryAfterInvalid(value: String) {
    #expect(RetryAfter.parse(value, now: Date()) == nil)
  }

  @Test("backoff doubles, is capped, and jitter only shortens it")
  func backoffShape() {
    let policy = RetryPolicy(
      initialBackoff: .milliseconds(100), maxBackoff: .seconds(1), jitter: 0.5)
    #expect(policy.backoff(retry: 1, random: 0) == .milliseconds(100))
    #expect(policy.backoff(retry: 2, random: 0) == .milliseconds(200))
    #expect(policy.backoff(retry: 5, random: 0) == .seconds(1))
    #expect(policy.backoff(retry: 3, random: 1) == .milliseconds(200))
    #expect(policy.backoff(retry: 40, random: 0) == .seconds(1))
  }
}
