extension StringProtocol {
  /// The text with each `%XX` replaced by the byte it encodes, or nil when a `%` is not followed
  /// by two hex digits or the bytes are not UTF-8.
  public var percentDecoded: String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count)
    var iterator = utf8.makeIterator()
    while let byte = iterator.next() {
      guard byte == UInt8(ascii: "%") else {
        bytes.append(byte)
        continue
      }
      guard let high = iterator.next().flatMap(hexValue),
        let low = iterator.next().flatMap(hexValue)
      else { return nil }
      bytes.append(high << 4 | low)
    }
    return validUTF8(bytes)
  }

  /// ``percentDecoded``, or the text unchanged where it cannot be decoded.
  public var percentDecodedOrSelf: String { percentDecoded ?? String(self) }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
  case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
  case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
  default: nil
  }
}

/// The text of `bytes`, or nil if they are not valid UTF-8.
public func validUTF8(_ bytes: [UInt8]) -> String? {
  var parser = Unicode.UTF8.ForwardParser()
  var iterator = bytes.makeIterator()
  while true {
    switch parser.parseScalar(from: &iterator) {
    case .valid: continue
    case .emptyInput: return String(decoding: bytes, as: UTF8.self)
    case .error: return nil
    }
  }
}
