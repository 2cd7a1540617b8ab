import Foundation
import Testing

@testable import CCSAPI

@Suite("Dry-run rendering")
struct TransportRenderingTests {
  @Test("a prepared request renders with credentials redacted and JSON pretty-printed")
  func rendersPreparedRequest() {
    let token = "cloudron-token-123456"
    let transport = HTTPTransport(configuration: .init(version: "0.1.0"))
    var request = APIRequest(
      method: .post, url: URL(string: "https://my.example.com/api/v1/apps/a1/configure")!,
      headers: ["Content-Type": "application/json"],
      body: Array(#"{"memoryLimit":536870912,"env":{"B":"2","A":"1"},"tags":[],"x":{}}"#.utf8))
    Credentials.queryToken(token: token).apply(to: &request)
    Credentials.bearer(token: token).apply(to: &request)
    let text = transport.prepared(request).rendered(redactor: Redactor(secrets: [token]))
    #expect(
      text == """
        POST https://my.example.com/api/v1/apps/a1/configure?access_token=[REDACTED]
        Content-Type: application/json
        Authorization: Bearer [REDACTED]
        User-Agent: ccs/0.1.0

        {
          "memoryLimit": 536870912,
          "env": {
            "B": "2",
            "A": "1"
          },
          "tags": [],
          "x": {}
        }
        """)
  }

  @Test("JSON members that name a secret are masked in dry runs")
  func rendersBodySecretsMasked() {
    let request = APIRequest(
      method: .post, url: URL(string: "https://h/api/v1/users/u1/password")!,
      headers: ["Content-Type": "application/json"],
      body: Array(#"{"password":"hunter2!","tokenId":"tid-1","user":{"apiKey":"k\"q"}}"#.utf8))
    #expect(
      request.rendered(redactor: Redactor())
        == """
        POST https://h/api/v1/users/u1/password
        Content-Type: application/json

        {
          "password": "[REDACTED]",
          "tokenId": "tid-1",
          "user": {
            "apiKey": "[REDACTED]"
          }
        }
        """)
  }

  @Test("OAuth1 headers render without any secret part")
  func rendersOAuth() {
    var request = APIRequest(
      method: .delete, url: URL(string: "https://api.clever-cloud.com/v2/x")!)
    Credentials.oauth1(
      consumerKey: "ckey1", consumerSecret: "csec1", token: "tok1", tokenSecret: "tsec1"
    )
    .apply(to: &request)
    #expect(
      request.rendered(redactor: Redactor())
        == "DELETE https://api.clever-cloud.com/v2/x\nAuthorization: OAuth [REDACTED]")
  }

  @Test(
    "bodies render by content type",
    arguments: [
      ("text/plain", Array("hello world".utf8), "hello world"),
      ("application/octet-stream", [0, 159, 146, 150], "<4 bytes of application/octet-stream>"),
      ("application/json", Array(#"[1, "a\"b" ,true]"#.utf8), "[\n  1,\n  \"a\\\"b\",\n  true\n]"),
      ("application/json", Array("not json".utf8), "not json"),
    ] as [(String, [UInt8], String)])
  func bodies(contentType: String, body: [UInt8], expected: String) {
    let request = APIRequest(
      method: .put, url: URL(string: "https://h/x")!, headers: ["Content-Type": contentType],
      body: body)
    #expect(
      request.rendered(redactor: Redactor())
        == "PUT https://h/x\nContent-Type: \(contentType)\n\n\(expected)")
  }

  @Test("query values are percent-encoded when appended")
  func appendQuery() {
    var request = APIRequest(method: .get, url: URL(string: "https://h/api/v1/eventlog?page=1")!)
    request.appendQuery("actions", "volume.add,volume.remove")
    request.appendQuery("search", "a b&c=d+e")
    #expect(
      request.url.absoluteString
        == "https://h/api/v1/eventlog?page=1&actions=volume.add%2Cvolume.remove"
        + "&search=a%20b%26c%3Dd%2Be"
    )
  }

  @Test("headers keep order and look up case-insensitively")
  func headers() {
    var headers: APIHeaders = ["Accept": "a", "X-Two": "1"]
    headers.add("x-two", "2")
    #expect(headers.values(for: "X-TWO") == ["1", "2"])
    headers.set("X-Two", "3")
    #expect(headers.fields.map(\.name) == ["Accept", "X-Two"])
    #expect(headers["x-two"] == "3")
    headers.remove("ACCEPT")
    #expect(!headers.contains("Accept"))
  }
}
