/// OAuth 1.0 PLAINTEXT signing (RFC 5849 §3.4.4, §3.5.1) as Clever Cloud's API accepts it:
/// no nonce, timestamp, signature method or version.
enum OAuth1 {
  /// The PLAINTEXT signature: `encode(consumerSecret) & encode(tokenSecret)`.
  static func plaintextSignature(consumerSecret: String, tokenSecret: String) -> String {
    PercentEncoding.encode(consumerSecret) + "&" + PercentEncoding.encode(tokenSecret)
  }

  /// `OAuth oauth_consumer_key="<ck>", oauth_token="<t>", oauth_signature="<cs>%26<ts>"`, each
  /// parameter value percent-encoded as RFC 5849 §3.5.1 requires (so the signature's `&`
  /// becomes `%26`; secrets made of unreserved characters appear unchanged).
  static func plaintextHeader(
    consumerKey: String, consumerSecret: String, token: String, tokenSecret: String
  ) -> String {
    let signature = plaintextSignature(consumerSecret: consumerSecret, tokenSecret: tokenSecret)
    let parameters = [
      ("oauth_consumer_key", consumerKey),
      ("oauth_token", token),
      ("oauth_signature", signature),
    ]
    let rendered = parameters.map { name, value in
      "\(name)=\"\(PercentEncoding.encode(value))\""
    }
    return "OAuth " + rendered.joined(separator: ", ")
  }
}
