extension String {
  /// The text's non-empty lines, without their line ends (LF or CRLF).
  ///
  /// Split as Unicode scalars: a `Character` holds "\r\n" as one cluster, so splitting
  /// Characters at "\n" (`split(separator:)`, `components(separatedBy:)`) leaves a CRLF text
  /// as one line.
  public var nonEmptyLines: [String] {
    unicodeScalars.split(separator: "\n").compactMap { line in
      let content = line.last == "\r" ? line.dropLast() : line
      return content.isEmpty ? nil : String(content)
    }
  }
}
