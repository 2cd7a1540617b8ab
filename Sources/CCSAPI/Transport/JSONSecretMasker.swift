/// Masks the values of secret-bearing members (``SecretNames``) in JSON text without parsing
/// it into objects, so key order and spelling stay as sent. The whole value is replaced —
/// a string, a number, `true`, or an object or array with everything in it — by
/// `"[REDACTED]"`, at any depth.
///
/// ```swift
/// JSONSecretMasker.mask(#"{"user": "ann", "private_key": {"pem": "…"}, "pin": 1234}"#)
/// // {"user": "ann", "private_key": "[REDACTED]", "pin": "[REDACTED]"}
/// ```
enum JSONSecretMasker {
  /// `text` with secret members masked; text that is not well-formed JSON is returned as is
  /// past the point where it stops making sense.
  static func mask(_ text: String) -> String {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    // For each open container: whether it is an object, and whether the next string in it
    // is a key.
    var stack: [(isObject: Bool, expectKey: Bool)] = []
    var pendingSecret = false
    /// Copies a string, number or literal value, or the mask when it belongs to a secret key.
    func emitScalar(_ range: Range<Int>) {
      if pendingSecret {
        out += Array("\"\(Redactor.mask)\"".utf8)
        pendingSecret = false
      } else {
        out += bytes[range]
      }
    }
    while i < bytes.count {
      let byte = bytes[i]
      switch byte {
      case UInt8(ascii: "\""):
        let end = stringEnd(bytes, from: i)
        if let top = stack.last, top.isObject, top.expectKey {
          let key = String(decoding: bytes[(i + 1)..<max(i + 1, end - 1)], as: UTF8.self)
          pendingSecret = SecretNames.isSecret(key)
          stack[stack.count - 1].expectKey = false
          out += bytes[i..<end]
          i = end
          continue
        }
        emitScalar(i..<end)
        i = end
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        if pendingSecret {
          out += Array("\"\(Redactor.mask)\"".utf8)
          pendingSecret = false
          i = containerEnd(bytes, from: i)
          continue
        }
        stack.append((byte == UInt8(ascii: "{"), byte == UInt8(ascii: "{")))
        out.append(byte)
        i += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        if !stack.isEmpty { stack.removeLast() }
        out.append(byte)
        i += 1
      case UInt8(ascii: ","):
        if let top = stack.last, top.isObject { stack[stack.count - 1].expectKey = true }
        out.append(byte)
        i += 1
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "a")...UInt8(ascii: "z"):
        // A number or a literal: up to the next delimiter.
        var end = i
        while end < bytes.count, !isDelimiter(bytes[end]) { end += 1 }
        emitScalar(i..<end)
        i = end
      default:
        out.append(byte)
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "),
      UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: ":"):
      return true
    default:
      return false
    }
  }

  /// The index just past the string starting at `start` (an opening quote).
  private static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int {
    var i = start + 1
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "\\") {
        i += 2
        continue
      }
      if bytes[i] == UInt8(ascii: "\"") { return i + 1 }
      i += 1
    }
    return bytes.count
  }

  /// The index just past the object or array starting at `start`.
  private static func containerEnd(_ bytes: [UInt8], from start: Int) -> Int {
    var depth = 0
    var i = start
    while i < bytes.count {
      switch bytes[i] {
      case UInt8(ascii: "\""):
        i = stringEnd(bytes, from: i)
        continue
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        depth += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        depth -= 1
        if depth == 0 { return i + 1 }
      default:
        break
      }
      i += 1
    }
    return bytes.count
  }
}
