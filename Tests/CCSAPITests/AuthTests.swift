import Foundation
import Testing

@testable import CCSAPI

@Suite("Authentication")
struct AuthTests {
  static let token = "tok-3f9a0c1d2e4b5a69"

  @Test("bearer credentials arrive as an Authorization header")
  func bearerHeader() async throws {
    try await TestServer.run({ _, _ in .json(200, "{}") }) { server in
      var request = APIRequest(method: .get, url: server.url("/api/v1/tasks?page=1"))
      Credentials.bearer(token: Self.token).apply(to: &request)
      _ = try await makeTransport().send(request)
      let received = try #require(server.requests.first)
      #expect(received.header("Authorization") == "Bearer \(Self.token)")
      #expect(received.uri == "/api/v1/tasks?page=1")
      #expect(received.header("User-Agent") == "ccs/9.9.9")
    }
  }

  @Test("query credentials arrive as ?access_token= and no Authorization header")
  func queryToken() async throws {
    try await TestServer.run({ _, _ in .json(200, "{}") }) { server in
      for path in ["/api/v1/tasks", "/api/v1/tasks?page=2"] {
        var request = APIRequest(method: .get, url: server.url(path))
        Credentials.queryToken(token: Self.token).apply(to: &request)
        _ = try await makeTransport().send(request)
      }
      let requests = server.requests
      #expect(requests.map { $0.queryValue("access_token") } == [Self.token, Self.token])
      #expect(requests[1].queryValue("page") == "2")
      #expect(requests.allSatisfy { $0.header("Authorization") == nil })
    }
  }

  @Test("Clever OAuth1 PLAINTEXT header is exactly the documented form")
  func oauth1Header() async throws {
    try await TestServer.run({ _, _ in .json(200, "{}") }) { server in
      var request = APIRequest(method: .get, url: server.url("/v2/self"))
      let credentials = Credentials.oauth1(
        consumerKey: "ck123", consumerSecret: "cs456", token: "t789", tokenSecret: "ts000")
      credentials.apply(to: &request)
      _ = try await makeTransport().send(request)
      #expect(
        server.requests.first?.header("Authorization")
          == #"OAuth oauth_consumer_key="ck123", oauth_token="t789", "#
          + #"oauth_signature="cs456%26ts000""#
      )
    }
  }

  @Test(
    "OAuth1 parameter values are percent-encoded per RFC 5849",
    arguments: [
      ("a&b", "c d", #"oauth_signature="a%2526b%26c%2520d""#),
      ("x~y_z.-", "plain", #"oauth_signature="x~y_z.-%26plain""#),
      ("é", "k=", #"oauth_signature="%25C3%25A9%26k%253D""#),
    ])
  func oauth1Encoding(consumerSecret: String, tokenSecret: String, expected: String) {
    let header = Credentials.oauth1(
      consumerKey: "key", consumerSecret: consumerSecret, token: "tok", tokenSecret: tokenSecret
    ).authorizationHeader
    #expect(header?.hasSuffix(expected) == true)
  }

  @Test("applying credentials replaces an existing Authorization header")
  func replacesAuthorization() {
    var request = APIRequest(
      method: .get, url: URL(string: "https://h/x")!, headers: ["authorization": "Basic old"])
    Credentials.bearer(token: "new-token").apply(to: &request)
    #expect(request.headers.values(for: "Authorization") == ["Bearer new-token"])
  }

  @Test("credentials never print their secrets")
  func credentialsDescription() {
    let all: [Credentials] = [
      .bearer(token: Self.token), .queryToken(token: Self.token),
      .oauth1(
        consumerKey: "ck", consumerSecret: "cs-secret", token: Self.token,
        tokenSecret: "ts-secret"),
    ]
    for credentials in all {
      var dumped = ""
      dump(credentials, to: &dumped)
      for text in [String(describing: credentials), String(reflecting: credentials), dumped] {
        #expect(!text.contains(Self.token))
        #expect(!text.contains("secret"))
      }
    }
  }

  @Test("verbose log and errors contain no token, even when the server echoes it")
  func redactionInLogsAndErrors() async throws {
    let log = LogRecorder()
    try await TestServer.run({ request, _ in
      let echoed = request.queryValue("access_token") ?? request.header("Authorization") ?? ""
      return .json(
        401, #"{"status":"Unauthorized","message":"invalid token \#(echoed)"}"#,
        headers: [("Sozu-Id", "sozu-42")])
    }) { server in
      let transport = makeTransport(log: log, logHeaders: true, secrets: [Self.token])
      for credentials in [Credentials.queryToken(token: Self.token), .bearer(token: Self.token)] {
        var request = APIRequest(method: .get, url: server.url("/api/v1/profile?page=1"))
        credentials.apply(to: &request)
        let error = await #expect(throws: HTTPError.self) { try await transport.send(request) }
        let error2 = try #require(error)
        #expect(!error2.description.contains(Self.token))
        #expect(!error2.url.contains(Self.token))
        #expect(error2.message?.contains(Redactor.mask) == true)
        #expect(error2.requestId == "sozu-42")
        #expect(!request.rendered(redactor: transport.redactor).contains(Self.token))
      }
      let lines = log.lines
      #expect(
        lines.contains {
          $0.hasPrefix(
            "> GET http://127.0.0.1:\(server.port)/api/v1/profile?page=1&access_token=[REDACTED]")
        })
      #expect(lines.contains("> Authorization: Bearer [REDACTED]"))
      #expect(lines.contains { $0.hasPrefix("< 401 Unauthorized (") && $0.hasSuffix(" ms)") })
      #expect(lines.allSatisfy { !$0.contains(Self.token) })
    }
  }

  @Test("transport errors carry the redacted URL")
  func transportErrorRedacted() async throws {
    let transport = makeTransport(attempts: 1)
    var request = APIRequest(method: .get, url: URL(string: "http://127.0.0.1:1/api/v1/tasks")!)
    Credentials.queryToken(token: Self.token).apply(to: &request)
    let error = await #expect(throws: TransportError.self) { try await transport.send(request) }
    #expect(error.map { !String(describing: $0).contains(Self.token) } == true)
    #expect(error?.url == "http://127.0.0.1:1/api/v1/tasks?access_token=[REDACTED]")
  }

  @Test(
    "the redactor masks secrets wherever they appear",
    arguments: [
      ("token tok-3f9a0c1d2e4b5a69 in text", "token [REDACTED] in text"),
      (
        "https://h/x?a=1&access_token=unknownvalue&b=2",
        "https://h/x?a=1&access_token=[REDACTED]&b=2"
      ),
      ("Authorization: Bearer whatever-it-is", "Authorization: Bearer [REDACTED]"),
      ("authorization: OAuth oauth_consumer_key=\"k\"", "authorization: OAuth [REDACTED]"),
      (
        #"oauth_token="abc", oauth_signature="x%26y""#,
        #"oauth_token="[REDACTED]", oauth_signature="[REDACTED]""#
      ),
      ("percent tok-3f9a0c1d2e4b5a69%21 form", "percent [REDACTED]%21 form"),
      ("cli_token=visible", "cli_token=[REDACTED]"),  // a secret-bearing name, by the documented rule
    ])
  func redactorMasks(input: String, expected: String) {
    let redactor = Redactor(secrets: [Self.token, "ab"])
    #expect(redactor.redact(input) == expected)
  }
}
