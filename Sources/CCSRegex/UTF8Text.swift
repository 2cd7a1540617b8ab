#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading the UTF-8 of a Swift string (valid by construction) scalar by scalar.
enum UTF8Text {
  @inline(__always)
  static func decode(_ t: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
    let b0 = UInt32(t[i])
    if b0 < 0x80 { return (b0, 1) }
    if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(t[i + 1] & 0x3F), 2) }
    if b0 < 0xF0 {
      return ((b0 & 0x0F) << 12 | UInt32(t[i + 1] & 0x3F) << 6 | UInt32(t[i + 2] & 0x3F), 3)
    }
    let v =
      (b0 & 0x07) << 18 | UInt32(t[i + 1] & 0x3F) << 12 | UInt32(t[i + 2] & 0x3F) << 6
      | UInt32(t[i + 3] & 0x3F)
    return (v, 4)
  }

  /// The scalar that ends at byte offset `i`, if any.
  static func scalar(before i: Int, _ t: UnsafeBufferPointer<UInt8>) -> UInt32? {
    guard i > 0 else { return nil }
    var j = i - 1
    while j > 0 && t[j] & 0xC0 == 0x80 { j -= 1 }
    return decode(t, at: j).0
  }

  /// The byte length of the scalar starting with `lead`.
  static func width(_ lead: UInt8) -> Int {
    lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
  }

  /// ICU's line terminators: `\n`, VT, FF, `\r`, NEL, LS, PS.
  static func isLineTerminator(_ v: UInt32) -> Bool {
    (0x0A...0x0D).contains(v) || v == 0x85 || v == 0x2028 || v == 0x2029
  }

  static func isWord(_ v: UInt32) -> Bool {
    v < 0x80 ? isWordASCII(v) : ScalarProperty.word.contains(v)
  }

  static func holds(_ a: Assertion, at i: Int, _ t: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = t.count
    switch a {
    case .startOfText: return i == 0
    case .endOfText: return i == n
    case .endOfTextOrFinalTerminator:
      if i == n { return true }
      let (c, w) = decode(t, at: i)
      if c == 0x0D && i + w < n && t[i + w] == 0x0A { return i + w + 1 == n }
      // Not between the two halves of a final CRLF.
      if c == 0x0A && scalar(before: i, t) == 0x0D { return false }
      return isLineTerminator(c) && i + w == n
    case .startOfLine:
      if i == 0 { return true }
      guard i < n, let p = scalar(before: i, t), isLineTerminator(p) else { return false }
      return !(p == 0x0D && t[i] == 0x0A)
    case .endOfLine:
      if i == n { return true }
      let c = decode(t, at: i).0
      guard isLineTerminator(c) else { return false }
      return !(c == 0x0A && scalar(before: i, t) == 0x0D)
    case .wordBoundary, .notWordBoundary:
      let left = scalar(before: i, t).map(isWord) ?? false
      let right = i < n ? isWord(decode(t, at: i).0) : false
      return (left != right) == (a == .wordBoundary)
    }
  }
}

/// Substring search over bytes.
enum ByteSearch {
  /// The offset of the first `needle` in `t` at or after `start`.
  static func find(_ needle: [UInt8], in t: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard start <= t.count else { return nil }
    if needle.isEmpty { return start }
    guard let base = t.baseAddress else { return nil }
    let first = Int32(needle[0])
    let last = t.count - needle.count
    var i = start
    while i <= last {
      // memchr for the first byte, then compare the rest.
      guard let hit = memchr(base + i, first, last - i + 1) else { return nil }
      let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
      if memcmp(base + at, needle, needle.count) == 0 { return at }
      i = at + 1
    }
    return nil
  }
}
