extension StringProtocol {
  /// The text without leading and trailing whitespace: spaces, tabs, other Unicode space
  /// separators and line breaks.
  public func trimmingWhitespace() -> String {
    trimming { $0.isBlank || $0.isLineBreak }
  }

  /// The text without leading and trailing blanks: spaces, tabs and other Unicode space
  /// separators (line breaks stay).
  public func trimmingBlanks() -> String {
    trimming(\.isBlank)
  }

  /// The text without the leading and trailing scalars `drop` accepts.
  public func trimming(_ drop: (Unicode.Scalar) -> Bool) -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !drop($0) }) else { return "" }
    guard let last = scalars.lastIndex(where: { !drop($0) }) else { return "" }
    return String(String.UnicodeScalarView(scalars[first...last]))
  }
}

extension Unicode.Scalar {
  /// A tab or a space separator (`Zs`).
  public var isBlank: Bool {
    self == "\t" || properties.generalCategory == .spaceSeparator
  }

  /// LF, VT, FF, CR, NEL, LS or PS.
  public var isLineBreak: Bool {
    (0x0A...0x0D).contains(value) || value == 0x85 || value == 0x2028 || value == 0x2029
  }
}

extension StringProtocol {
  /// The text cut or padded with spaces to `length` characters.
  public func padded(toLength length: Int) -> String {
    let count = self.count
    if count >= length { return String(prefix(length)) }
    return String(self) + String(repeating: " ", count: length - count)
  }
}

extension StringProtocol {
  /// Whether the text contains `other`, ignoring case (both compared case-folded).
  public func containsIgnoringCase(_ other: some StringProtocol) -> Bool {
    uppercased().lowercased().contains(other.uppercased().lowercased())
  }

  /// The first range of `needle` (ASCII letters compared without case), searching from
  /// `start`.
  public func firstRangeIgnoringASCIICase(
    of needle: String, from start: Index? = nil
  ) -> Range<Index>? {
    let target = Array(needle.utf8).map(asciiLowercase)
    guard !target.isEmpty else { return nil }
    var index = start ?? startIndex
    while index < endIndex {
      var candidate = index
      var matched = 0
      while matched < target.count, candidate < endIndex,
        asciiLowercase(utf8[candidate]) == target[matched]
      {
        candidate = utf8.index(after: candidate)
        matched += 1
      }
      if matched == target.count { return index..<candidate }
      index = utf8.index(after: index)
    }
    return nil
  }
}

private func asciiLowercase(_ byte: UInt8) -> UInt8 {
  byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
}
