import Foundation
import Testing

@testable import CCSAPI

@Suite("HTTP errors")
struct TransportErrorTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var status: Int
    var contentType: String
    var body: String
    var headers: [(String, String)] = []
    var message: String?
    var code: String?
    var requestId: String?
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "Cloudron {status, message}", status: 400, contentType: "application/json",
      body: #"{"status":"Bad Request","message":"lines must be a valid number"}"#,
      message: "lines must be a valid number"),
    Case(
      name: "Clever v2 {id, message, type}", status: 404, contentType: "application/json",
      body: #"{"id":4004,"message":"Application not found","type":"error"}"#,
      headers: [("Sozu-Id", "a1b2-c3d4")],
      message: "Application not found", code: "4004", requestId: "a1b2-c3d4"),
    Case(
      name: "Clever v4 {error, context}", status: 400, contentType: "application/json",
      body: #"{"error":"Invalid field","context":{"OVDErrorFieldContext":{"fieldValue":"x"}}}"#,
      headers: [("X-Request-Id", "req-9")],
      message: "Invalid field", code: "OVDErrorFieldContext", requestId: "req-9"),
    Case(
      name: "api-tokens {message, code}", status: 401, contentType: "application/json",
      body: #"{"message":"Bad credentials","code":"invalid-credential"}"#,
      message: "Bad credentials", code: "invalid-credential"),
    Case(
      name: "nested {error: {message, code}}", status: 409, contentType: "application/json",
      body: #"{"error":{"message":"task is not running","code":"conflict"}}"#,
      message: "task is not running", code: "conflict"),
    Case(
      name: "plain text", status: 500, contentType: "text/plain",
      body: "upstream exploded\n", message: "upstream exploded"),
    Case(
      name: "HTML error page", status: 502, contentType: "text/html",
      body: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
      message: "502 Bad Gateway"),
    Case(name: "empty body", status: 403, contentType: "application/json", body: ""),
  ]

  @Test("the API's message, code and request id are parsed", arguments: cases)
  func parsesErrorShapes(_ testCase: Case) async throws {
    try await TestServer.run({ _, _ in
      .respond(
        status: testCase.status,
        headers: [("Content-Type", testCase.contentType)] + testCase.headers,
        body: testCase.body)
    }) { server in
      let transport = makeTransport(attempts: 1)
      let error = await #expect(throws: HTTPError.self) {
        try await transport.send(APIRequest(method: .get, url: server.url("/api/v1/x?y=1")))
      }
      let httpError = try #require(error)
      #expect(httpError.status == testCase.status)
      #expect(httpError.method == "GET")
      #expect(httpError.url == "http://127.0.0.1:\(server.port)/api/v1/x?y=1")
      #expect(httpError.message == testCase.message)
      #expect(httpError.code == testCase.code)
      #expect(httpError.requestId == testCase.requestId)
      #expect(String(decoding: httpError.body, as: UTF8.self) == testCase.body)
    }
  }

  @Test("the description reads as one line with everything useful")
  func description() {
    let error = HTTPError(
      status: 404, method: "GET", url: "https://api.example.com/v2/self",
      message: "Application not found", code: "4004", requestId: "a1b2")
    #expect(
      error.description
        == "GET https://api.example.com/v2/self: 404 Not Found: Application not found "
        + "(code: 4004; request id: a1b2)")
    let bare = HTTPError(status: 503, method: "POST", url: "https://h/x")
    #expect(bare.description == "POST https://h/x: 503 Service Unavailable")
  }

  @Test("an invalid URL is a transport error, not a crash")
  func invalidURL() async throws {
    let error = await #expect(throws: TransportError.self) {
      try await makeTransport().send(
        APIRequest(method: .get, url: URL(string: "file:///etc/passwd")!))
    }
    #expect(error?.kind == .invalidURL)
  }

  @Test("a server slower than the read timeout is a read-timeout error")
  func readTimeout() async throws {
    try await TestServer.run({ _, _ in
      try? await Task.sleep(for: .seconds(2))
      return .respond(status: 200)
    }) { server in
      let transport = HTTPTransport(
        configuration: .init(version: "1", readTimeout: .milliseconds(200), retry: .never))
      let error = await #expect(throws: TransportError.self) {
        try await transport.send(APIRequest(method: .get, url: server.url("/slow")))
      }
      #expect(error?.kind == .readTimeout)
    }
  }

  @Test("redirects are not followed: credentials never go to another host")
  func redirectsNotFollowed() async throws {
    try await TestServer.run({ _, _ in
      .respond(status: 302, headers: [("Location", "https://elsewhere.example.com/x")])
    }) { server in
      var request = APIRequest(method: .get, url: server.url("/moved"))
      Credentials.bearer(token: "redirect-token").apply(to: &request)
      let error = await #expect(throws: HTTPError.self) {
        try await makeTransport().send(request)
      }
      #expect(error?.status == 302)
      #expect(error?.message == "redirect to https://elsewhere.example.com/x not followed")
      #expect(server.requests.count == 1)
    }
  }

  @Test("an unknown host is reported as such, without retries")
  func unknownHost() async throws {
    let sleeper = SleepRecorder()
    let error = await #expect(throws: TransportError.self) {
      try await makeTransport(sleeper: sleeper).send(
        APIRequest(method: .get, url: URL(string: "http://no-such-host.invalid/x")!))
    }
    #expect(error?.kind == .hostNotFound)
    #expect(error?.description == "GET http://no-such-host.invalid/x: host not found")
    #expect(sleeper.sleeps.isEmpty)
  }

  @Test("a response larger than the limit is refused")
  func responseTooLarge() async throws {
    try await TestServer.run({ _, _ in
      .respond(status: 200, body: String(repeating: "x", count: 5000))
    }) {
      server in
      let transport = HTTPTransport(configuration: .init(version: "1", maxResponseBytes: 1000))
      let error = await #expect(throws: TransportError.self) {
        try await transport.send(APIRequest(method: .get, url: server.url("/big")))
      }
      #expect(error?.kind == .responseTooLarge)
    }
  }
}
