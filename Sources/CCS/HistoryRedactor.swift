import CCSLanguage
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Replaces secrets in a line with `***` before it is saved to history; the rest of the line
/// is kept, so `cloudron tokens list` stays recallable and `let pw = "hunter2"` is saved as
/// `let pw = "***"`.
///
/// The rule, over the line's tokens (docs/repl.md states it for users):
/// 1. the literal after a flag with a secret-bearing name (`--token X`, `--password=X`);
/// 2. the literal after `name:` with a secret-bearing name (`{password: X}`,
///    `{Authorization: "Bearer X"}`);
/// 3. the literal bound to a secret-bearing variable (`let pw = X`, `$api_key = X`);
/// 4. in any string literal holding an HTTP header line `Authorization: …` (or
///    `Proxy-Authorization`, `Cookie`, `X-Api-Key`…), everything after the colon;
/// 5. anywhere in the line, the text of a value held by a secret-bearing variable of the
///    session (`knownSecrets`, four characters or more).
///
/// A name is secret-bearing when, lowercased without `-` and `_`, it contains `token`,
/// `secret`, `password`, `passwd`, `passphrase`, `apikey`, `privatekey`, `credential`,
/// `authorization` or `cookie`, or is `pw`, `pwd` or `pass`.
public enum HistoryRedactor {
  /// What a secret is replaced with.
  public static let mask = "***"
  static let secretParts = [
    "token", "secret", "password", "passwd", "passphrase", "apikey", "privatekey", "credential",
    "authorization", "cookie",
  ]
  static let secretNames: Set<String> = ["pw", "pwd", "pass"]

  /// Whether a flag, field or variable name holds secrets.
  public static func isSecretName(_ name: String) -> Bool {
    let key = name.lowercased().filter { $0 != "-" && $0 != "_" }
    return secretNames.contains(key) || secretParts.contains { key.contains($0) }
  }

  /// `line` with every secret replaced by `***`.
  public static func redact(_ line: String, knownSecrets: [String] = []) -> String {
    var text = line
    for secret in knownSecrets where secret.count >= 4 {
      text = text.replacing(secret, with: mask)
    }
    let file = SourceFile(name: "<history>", text: text)
    var lexer = Lexer(file: file)
    let tokens = lexer.tokenize()
    var replacements: [(SourceRange, String)] = []
    for (i, token) in tokens.enumerated() {
      if let header = headerReplacement(token) {
        replacements.append((token.range, header))
        continue
      }
      guard isLiteral(token.kind), i > 0 else { continue }
      if secretPosition(tokens, before: i) {
        replacements.append((token.range, masked(token.kind)))
      }
    }
    var bytes = file.bytes
    for (range, replacement) in replacements.sorted(by: { $0.0.start > $1.0.start }) {
      bytes.replaceSubrange(range.start..<range.end, with: Array(replacement.utf8))
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Whether the literal at `index` follows a secret flag, a secret field's colon, or the `=`
  /// of a binding or assignment to a secret variable.
  private static func secretPosition(_ tokens: [Token], before index: Int) -> Bool {
    let previous = tokens[index - 1].kind
    if case .longFlag(let name) = previous { return isSecretName(flagName(name)) }
    if index >= 2, previous == .colon || previous == .op("=") {
      switch tokens[index - 2].kind {
      case .word(let name), .variable(let name): return isSecretName(name)
      case .longFlag(let name): return isSecretName(flagName(name))
      case .string(let parts): return isSecretName(plain(parts))
      case .rawString(let name): return isSecretName(name)
      default: return false
      }
    }
    return false
  }

  /// `"Authorization: ***"` for a string literal that is a header line with a secret name.
  private static func headerReplacement(_ token: Token) -> String? {
    let text: String
    switch token.kind {
    case .string(let parts): text = plain(parts)
    case .rawString(let raw): text = raw
    default: return nil
    }
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let name = String(text[..<colon]).trimmingBlanks()
    guard !name.isEmpty, !name.contains(" "), isSecretName(name) else { return nil }
    return "\"\(name): \(mask)\""
  }

  /// `password` from `password` or `password=`.
  private static func flagName(_ text: String) -> String {
    String(text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
  }

  private static func isLiteral(_ kind: TokenKind) -> Bool {
    switch kind {
    case .word, .string, .rawString, .int: true
    default: false
    }
  }

  private static func masked(_ kind: TokenKind) -> String {
    switch kind {
    case .string: "\"\(mask)\""
    case .rawString: "'\(mask)'"
    default: mask
    }
  }

  private static func plain(_ parts: [StringPart]) -> String {
    parts.map { part in
      if case .text(let t) = part { return t }
      return ""
    }.joined()
  }
}
