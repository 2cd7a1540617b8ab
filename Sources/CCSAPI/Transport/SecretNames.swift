/// The rule that decides, from a name alone, whether a value is a secret: JSON member keys
/// of request bodies, query parameter names and header names all go through it, wherever a
/// request is rendered (dry runs, `--verbose`, error messages).
///
/// A name is *normalized* by lowercasing it and dropping every character that is not a
/// letter or a digit (`Private-Key`, `private_key` and `privateKey` all become `privatekey`).
/// It is secret-bearing when the normalized name
/// - contains one of ``fragments`` (`password`, `passwd`, `passphrase`, `secret`, `token`,
///   `credential`, `signature`, `authorization`, `cookie`, `privatekey`, `apikey`), or
/// - ends with `key` (`sshKey`, `accessKey`, `consumer_key`, `key` itself), or
/// - is one of ``exactNames`` (`pin`, `otp`, `auth`),
/// and does not end with `id` or `ids` (`tokenId` names a token without revealing it).
///
/// ```swift
/// SecretNames.isSecret("newPassword")   // true
/// SecretNames.isSecret("private_key")   // true
/// SecretNames.isSecret("X-Api-Key")     // true
/// SecretNames.isSecret("keys")          // false: a plural is a collection, not a key
/// SecretNames.isSecret("author")        // false
/// ```
public enum SecretNames {
  /// Normalized fragments that make any name containing them secret-bearing.
  public static let fragments = [
    "password", "passwd", "passphrase", "secret", "token", "credential", "signature",
    "authorization", "cookie", "privatekey", "apikey",
  ]
  /// Normalized names that are secret-bearing on their own.
  public static let exactNames: Set<String> = ["pin", "otp", "auth"]

  /// Whether a value under `name` is masked.
  public static func isSecret(_ name: some StringProtocol) -> Bool {
    let normalized = normalize(name)
    // An identifier of a secret (`tokenId`, `keyIds`) names it without revealing it.
    guard !normalized.isEmpty, !normalized.hasSuffix("id"), !normalized.hasSuffix("ids") else {
      return false
    }
    if exactNames.contains(normalized) || normalized.hasSuffix("key") { return true }
    return fragments.contains { normalized.contains($0) }
  }

  /// `name` lowercased, with only ASCII letters and digits kept.
  static func normalize(_ name: some StringProtocol) -> String {
    var out = ""
    for scalar in name.unicodeScalars {
      switch scalar {
      case "a"..."z", "0"..."9": out.unicodeScalars.append(scalar)
      case "A"..."Z": out.unicodeScalars.append(Unicode.Scalar(scalar.value + 32) ?? scalar)
      default: continue
      }
    }
    return out
  }
}
