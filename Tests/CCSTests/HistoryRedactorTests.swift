import CCS
import Testing

@Suite("Secrets in history")
struct HistoryRedactorTests {
  @Test(
    "secrets are replaced by *** and the rest of the line is kept",
    arguments: [
      ("let pw = \"hunter2\"", "let pw = \"***\""),
      ("let api_key = 'abc123'", "let api_key = '***'"),
      ("mut token = abc", "mut token = ***"),
      ("$password = \"x1\"", "$password = \"***\""),
      (
        "cloudron tokens create --name ci --token s3cr3t",
        "cloudron tokens create --name ci --token ***"
      ),
      ("login --password=\"p w\"", "login --password=\"***\""),
      (
        "http get /x --header {Authorization: \"Bearer abc\"}",
        "http get /x --header {Authorization: \"***\"}"
      ),
      (
        "http get /x --header \"Authorization: Bearer abc\"",
        "http get /x --header \"Authorization: ***\""
      ),
      ("{user: bob, accessToken: xyz} | to json", "{user: bob, accessToken: ***} | to json"),
      ("cloudron tokens list", "cloudron tokens list"),
      ("let name = \"hunter2\"", "let name = \"hunter2\""),
      ("print \"the token is missing\"", "print \"the token is missing\""),
    ])
  func rule(line: String, expected: String) {
    #expect(HistoryRedactor.redact(line) == expected)
  }

  @Test("the value of a secret-bearing variable is masked wherever it appears")
  func knownSecrets() {
    let line = "http get /v2/self --header {X: \"tok-123456\"} | where id == tok-123456"
    #expect(
      HistoryRedactor.redact(line, knownSecrets: ["tok-123456", "ab"])
        == "http get /v2/self --header {X: \"***\"} | where id == ***")
  }

  @Test(
    "secret-bearing names",
    arguments: [
      ("token", true), ("accessToken", true), ("api-key", true), ("PRIVATE_KEY", true),
      ("pw", true), ("passphrase", true), ("name", false), ("owner", false), ("keys", false),
    ])
  func names(name: String, expected: Bool) {
    #expect(HistoryRedactor.isSecretName(name) == expected)
  }
}
