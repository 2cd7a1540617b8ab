import Testing

@testable import CCSAPI

/// The name rule of docs/profiles.md ("What is masked"), and the structural JSON masking.
@Suite("Secret-bearing names")
struct SecretNamesTests {
  @Test(
    "secret-bearing names",
    arguments: [
      "password", "newPassword", "db_password", "PASSWD", "passphrase", "ssh-passphrase",
      "secret", "client_secret", "clientSecret", "token", "access_token", "totpToken",
      "X-Auth-Token", "credentials", "oauth_signature", "Authorization", "Cookie",
      "private_key", "privateKey", "Private-Key", "apiKey", "api_key", "X-Api-Key", "sshKey",
      "consumer_key", "key", "signing.key", "pin", "OTP", "auth",
    ])
  func secret(name: String) {
    #expect(SecretNames.isSecret(name))
  }

  @Test(
    "ordinary names",
    arguments: [
      "name", "id", "keys", "keyboard", "author", "authority", "page", "per_page", "email",
      "username", "description", "tokenId", "keyIds", "Content-Type", "User-Agent", "Sozu-Id", "",
      "-_-", "spin",
    ])
  func ordinary(name: String) {
    #expect(!SecretNames.isSecret(name))
  }

  @Test(
    "JSON masking replaces whole values at any depth and keeps the rest",
    arguments: [
      (#"{"a": 1, "password": "x"}"#, #"{"a": 1, "password": "[REDACTED]"}"#),
      (#"{"pin": 1234, "b": true}"#, #"{"pin": "[REDACTED]", "b": true}"#),
      (
        #"{"k": {"private_key": {"pem": "P", "n": [1, 2]}, "ok": "y"}}"#,
        #"{"k": {"private_key": "[REDACTED]", "ok": "y"}}"#
      ),
      (
        #"[{"token": null}, {"tokens": ["a"]}]"#,
        #"[{"token": "[REDACTED]"}, {"tokens": "[REDACTED]"}]"#
      ),
      (
        #"{"note": "password: not a key", "secret": "s\"q"}"#,
        #"{"note": "password: not a key", "secret": "[REDACTED]"}"#
      ),
      (#"{"list": ["secret", "token"]}"#, #"{"list": ["secret", "token"]}"#),
    ])
  func jsonMasking(input: String, expected: String) {
    #expect(JSONSecretMasker.mask(input) == expected)
  }

  @Test("the text redactor masks string members by the same rule")
  func textRule() {
    let redactor = Redactor()
    #expect(
      redactor.redact(#"{"signing_key":"abc","name":"n"}"#)
        == #"{"signing_key":"[REDACTED]","name":"n"}"#)
    #expect(
      redactor.redact("GET /x?ssh_passphrase=abc&page=2")
        == "GET /x?ssh_passphrase=[REDACTED]&page=2")
  }
}
