/// Turns ccs source bytes into tokens.
///
/// The lexer is context-free except for two rules that keep shell-like arguments natural:
/// a `-`, `/` or `*` directly after an operand (no space) is an operator, and after a
/// `$var.` path dot only an integer index is read (so `$x.0.1` is two indices, not `0.1`).
/// Errors (unterminated strings, stray characters) become diagnostics; lexing goes on.
public struct Lexer {
  let file: SourceFile
  let bytes: [UInt8]
  var pos: Int
  let end: Int
  private var tokens: [Token] = []
  /// Where the last double-quoted string that spans several lines starts: when a later
  /// string is unterminated, that one probably lost its closing quote.
  private var lastMultilineString: Int?
  /// Problems found so far.
  public internal(set) var diagnostics: [Diagnostic] = []
  /// Whether the input ends inside a quoted string (the REPL then reads another line).
  public internal(set) var endsInsideString = false

  /// Creates a lexer over `range` of `file` (the whole file by default).
  public init(file: SourceFile, range: SourceRange? = nil) {
    self.file = file
    self.bytes = file.bytes
    self.pos = range?.start ?? 0
    self.end = min(range?.end ?? file.bytes.count, file.bytes.count)
  }

  /// Lexes everything, ending with an `.eof` token.
  public mutating func tokenize() -> [Token] {
    if pos == 0, end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    if pos == 0, end >= 2, bytes[0] == UInt8(ascii: "#"), bytes[1] == UInt8(ascii: "!") {
      skipToLineEnd()
    }
    var space = true
    while true {
      let skipped = skipSpaceAndComments()
      space = space || skipped
      guard pos < end else { break }
      let start = pos
      if let kind = lexOne(spaceBefore: space) {
        tokens.append(Token(kind, SourceRange(start, pos), spaceBefore: space))
        space = false
        if kind == .newline { space = true }
      } else {
        space = true
      }
    }
    tokens.append(Token(.eof, SourceRange(end, end), spaceBefore: true))
    return tokens
  }

  // MARK: - Character classes

  private func peek(_ offset: Int = 0) -> UInt8 {
    let i = pos + offset
    return i < end ? bytes[i] : 0
  }

  private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
  private static func isLetter(_ c: UInt8) -> Bool {
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0x80
  }
  static func isIdentChar(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) }
  private static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 13 }

  /// Characters that end a bare word.
  private static func isWordChar(_ c: UInt8) -> Bool {
    switch c {
    case 0, 32, 9, 13, 10, UInt8(ascii: "|"), UInt8(ascii: ";"), UInt8(ascii: "("),
      UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
      UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "'"),
      UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "$"),
      UInt8(ascii: "#"), UInt8(ascii: ":"):
      return false
    default:
      return true
    }
  }

  private var previousIsOperand: Bool {
    guard let last = tokens.last else { return false }
    switch last.kind {
    case .variable, .int, .float, .duration, .size, .datetime, .string, .rawString, .rparen,
      .rbracket,
      .rbrace, .word:
      return last.range.end == pos
    default:
      return false
    }
  }

  private var afterPathDot: Bool {
    guard tokens.count >= 2, tokens[tokens.count - 1].kind == .dot else { return false }
    return tokens[tokens.count - 1].range.end == pos
  }

  // MARK: - Skipping

  private mutating func skipToLineEnd() {
    while pos < end, bytes[pos] != 10 { pos += 1 }
  }

  /// Skips blanks, comments and `\` line continuations; true if anything was skipped.
  private mutating func skipSpaceAndComments() -> Bool {
    var skipped = false
    while pos < end {
      let c = bytes[pos]
      if Self.isSpace(c) {
        pos += 1
        skipped = true
      } else if c == UInt8(ascii: "#"),
        skipped || pos == 0 || tokens.isEmpty
          || tokens.last?.kind == .newline || tokens.last?.range.end != pos
      {
        skipToLineEnd()
        skipped = true
      } else if c == UInt8(ascii: "\\"), peek(1) == 10 {
        pos += 2
        skipped = true
      } else {
        break
      }
    }
    return skipped
  }

  // MARK: - Tokens

  private mutating func lexOne(spaceBefore: Bool) -> TokenKind? {
    let c = bytes[pos]
    let start = pos
    switch c {
    case 10:
      pos += 1
      return .newline
    case UInt8(ascii: "|"):
      pos += 1
      if peek() == UInt8(ascii: "|") {
        pos += 1
        return .op("||")
      }
      return .pipe
    case UInt8(ascii: ";"): pos += 1; return .semicolon
    case UInt8(ascii: ","): pos += 1; return .comma
    case UInt8(ascii: "("): pos += 1; return .lparen
    case UInt8(ascii: ")"): pos += 1; return .rparen
    case UInt8(ascii: "["): pos += 1; return .lbracket
    case UInt8(ascii: "]"): pos += 1; return .rbracket
    case UInt8(ascii: "{"): pos += 1; return .lbrace
    case UInt8(ascii: "}"): pos += 1; return .rbrace
    case UInt8(ascii: ":"): pos += 1; return .colon
    case UInt8(ascii: "\""): return lexDoubleString()
    case UInt8(ascii: "'"): return lexRawString()
    case UInt8(ascii: "$"):
      if Self.isLetter(peek(1)) {
        pos += 1
        while pos < end, Self.isIdentChar(bytes[pos]) { pos += 1 }
        return .variable(String(decoding: bytes[(start + 1)..<pos], as: UTF8.self))
      }
      pos += 1
      diagnostics.append(
        Diagnostic(
          "expected a variable name after '$'", at: SourceRange(start, pos), in: file,
          notes: ["variable names start with a letter or '_', as in $name"]))
      // A nameless variable keeps the parser from reporting the same mistake again.
      return .variable("")
    case UInt8(ascii: "."):
      if peek(1) == UInt8(ascii: "."),
        !Self.isWordChar(peek(2)) || Self.isDigit(peek(2))
          || peek(2) == UInt8(ascii: "$") || peek(2) == UInt8(ascii: "(")
      {
        pos += 2
        return .op("..")
      }
      if previousIsOperand,
        Self.isIdentChar(peek(1)) || peek(1) == UInt8(ascii: "\"")
          || (peek(1) == UInt8(ascii: "-") && Self.isDigit(peek(2)))
      {
        pos += 1
        return .dot
      }
      return lexWord()
    default:
      break
    }
    if Self.isDigit(c) {
      if !afterPathDot, let datetime = lexDatetime() { return datetime }
      return lexNumber()
    }
    if c == UInt8(ascii: "-") {
      if peek(1) == UInt8(ascii: "-"), Self.isLetter(peek(2)) {
        pos += 2
        while pos < end, Self.isIdentChar(bytes[pos]) || bytes[pos] == UInt8(ascii: "-") {
          pos += 1
        }
        return .longFlag(String(decoding: bytes[(start + 2)..<pos], as: UTF8.self))
      }
      if peek(1) == UInt8(ascii: "=") {
        pos += 2
        return .op("-=")
      }
      if !previousIsOperand, Self.isDigit(peek(1)) {
        pos += 1
        let kind = lexNumber()
        switch kind {
        case .int(let i): return .int(-i)
        case .float(let f): return .float(-f)
        case .duration(let d): return .duration(-d)
        case .size(let s): return .size(-s)
        default: return kind
        }
      }
      if spaceBefore, Self.isLetter(peek(1)), !previousIsOperand {
        pos += 1
        while pos < end, Self.isIdentChar(bytes[pos]) { pos += 1 }
        return .shortFlag(String(decoding: bytes[(start + 1)..<pos], as: UTF8.self))
      }
      pos += 1
      return .op("-")
    }
    if let op = lexOperator() { return op }
    if Self.isWordChar(c) { return lexWord() }
    pos += 1
    diagnostics.append(
      Diagnostic(
        "unexpected character '\(String(decoding: [c], as: UTF8.self))'",
        at: SourceRange(start, pos), in: file))
    return nil
  }

  private mutating func lexOperator() -> TokenKind? {
    let c = bytes[pos]
    let n = peek(1)
    let two = String(decoding: [c, n], as: UTF8.self)
    switch two {
    case "==", "!=", "<=", ">=", "=~", "!~", "+=", "*=", "&&", "**":
      pos += 2
      return .op(two)
    default: break
    }
    switch c {
    case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "+"),
      UInt8(ascii: "%"):
      pos += 1
      return .op(String(decoding: [c], as: UTF8.self))
    case UInt8(ascii: "!"):
      pos += 1
      return .op("!")
    case UInt8(ascii: "*"), UInt8(ascii: "/"):
      // An operator when spaced (`a * b`) or glued to an operand (`$a/2`); else a word (`*.json`).
      if previousIsOperand || Self.isSpace(n) || n == 10 || n == 0 {
        pos += 1
        return .op(String(decoding: [c], as: UTF8.self))
      }
      return nil
    default:
      return nil
    }
  }

  private mutating func lexWord() -> TokenKind {
    let start = pos
    var sawScheme = false
    while pos < end {
      let c = bytes[pos]
      if c == UInt8(ascii: ":") {
        if peek(1) == UInt8(ascii: "/"), peek(2) == UInt8(ascii: "/") {
          sawScheme = true
          pos += 3
          continue
        }
        if sawScheme, Self.isWordChar(peek(1)) {
          pos += 1
          continue
        }
        break
      }
      if c == UInt8(ascii: "=") && sawScheme {
        pos += 1
        continue
      }
      // A '#' inside a word is part of it (`a#b`, `http://x/#top`); only a '#' after a blank
      // starts a comment.
      if c == UInt8(ascii: "#"), pos > start {
        pos += 1
        continue
      }
      guard Self.isWordChar(c) else { break }
      pos += 1
    }
    if pos == start { pos += 1 }
    return .word(String(decoding: bytes[start..<pos], as: UTF8.self))
  }

  private static let durationUnits: [(String, Int)] = [
    ("ns", 1), ("us", 1_000), ("ms", 1_000_000), ("sec", 1_000_000_000),
    ("min", 60_000_000_000), ("hr", 3_600_000_000_000), ("day", 86_400_000_000_000),
    ("wk", 604_800_000_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000),
    ("h", 3_600_000_000_000), ("d", 86_400_000_000_000),
  ]
  private static let sizeUnits: [(String, Int)] = [
    ("b", 1), ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000),
    ("tb", 1_000_000_000_000), ("kib", 1_024), ("mib", 1_048_576), ("gib", 1_073_741_824),
    ("tib", 1_099_511_627_776),
  ]

  private mutating func lexNumber() -> TokenKind {
    let start = pos
    let afterPathDot = self.afterPathDot
    var isFloat = false
    if peek() == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "x"), Self.isHexDigit(peek(2)) {
      pos += 2
      while pos < end, Self.isHexDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") { pos += 1 }
      let digits = String(decoding: bytes[(start + 2)..<pos], as: UTF8.self)
        .replacingUnderscores()
      return .int(Int(digits, radix: 16) ?? overflow(start))
    }
    while pos < end, Self.isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") { pos += 1 }
    if !afterPathDot, peek() == UInt8(ascii: "."), Self.isDigit(peek(1)) {
      isFloat = true
      pos += 1
      while pos < end, Self.isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") { pos += 1 }
      // `1.2.3.4` (an IP address, a version) is a word, not a float with a path.
      if peek() == UInt8(ascii: "."), Self.isDigit(peek(1)) {
        pos = start
        return lexWord()
      }
    }
    if !afterPathDot, peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E"),
      Self.isDigit(peek(1))
        || ((peek(1) == UInt8(ascii: "-") || peek(1) == UInt8(ascii: "+")) && Self.isDigit(peek(2)))
    {
      isFloat = true
      pos += 2
      while pos < end, Self.isDigit(bytes[pos]) { pos += 1 }
    }
    let numberText = String(decoding: bytes[start..<pos], as: UTF8.self).replacingUnderscores()
    // A unit suffix makes a duration or size; any other letters make the whole thing a word.
    let suffixStart = pos
    while pos < end, Self.isLetter(bytes[pos]) { pos += 1 }
    if pos > suffixStart {
      let suffix = String(decoding: bytes[suffixStart..<pos], as: UTF8.self).lowercased()
      let continuesAsWord =
        pos < end && Self.isWordChar(bytes[pos]) && bytes[pos] != UInt8(ascii: ".")
        && bytes[pos] != UInt8(ascii: "-") || (pos < end && Self.isDigit(bytes[pos]))
      if !continuesAsWord, let value = Double(numberText) {
        if let unit = Self.durationUnits.first(where: { $0.0 == suffix }) {
          return .duration(unitOverflow(value, unit.1, "duration", start))
        }
        if let unit = Self.sizeUnits.first(where: { $0.0 == suffix }) {
          return .size(unitOverflow(value, unit.1, "filesize", start))
        }
      }
      pos = start
      return lexWord()
    }
    if pos < end, Self.isWordChar(bytes[pos]), bytes[pos] != UInt8(ascii: "."),
      bytes[pos] != UInt8(ascii: "-"), bytes[pos] != UInt8(ascii: "*"),
      bytes[pos] != UInt8(ascii: "/"), bytes[pos] != UInt8(ascii: "+"),
      bytes[pos] != UInt8(ascii: "%"), bytes[pos] != UInt8(ascii: "!")
    {
      pos = start
      return lexWord()
    }
    if isFloat { return .float(Double(numberText) ?? 0) }
    if let i = Int(numberText) { return .int(i) }
    return .int(overflow(start))
  }

  private static func isHexDigit(_ c: UInt8) -> Bool {
    isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
  }

  /// `value` units of `scale` (nanoseconds or bytes), or a diagnostic when that does not fit
  /// in an int.
  private mutating func unitOverflow(
    _ value: Double, _ scale: Int, _ kind: String, _ start: Int
  )
    -> Int
  {
    // `Int(exactly:)` is nil out of range, where `Int(_:)` traps.
    if let n = Int(exactly: (value * Double(scale)).rounded(.towardZero)) { return n }
    let largest = kind == "duration" ? "about 292 years" : "about 9.2 exabytes"
    diagnostics.append(
      Diagnostic(
        "\(kind) literal is too large (the largest is \(largest))", at: SourceRange(start, pos),
        in: file))
    return 0
  }

  private mutating func overflow(_ start: Int) -> Int {
    diagnostics.append(
      Diagnostic(
        "integer literal is too large (the largest is \(Int.max))", at: SourceRange(start, pos),
        in: file))
    return 0
  }

  // MARK: - Strings

  private mutating func lexRawString() -> TokenKind {
    let start = pos
    pos += 1
    while pos < end, bytes[pos] != UInt8(ascii: "'") { pos += 1 }
    guard pos < end else {
      endsInsideString = true
      diagnostics.append(
        Diagnostic(
          "unterminated string: expected a closing \"'\"", at: SourceRange(start, start + 1),
          in: file))
      return .rawString(String(decoding: bytes[(start + 1)..<pos], as: UTF8.self))
    }
    pos += 1
    return .rawString(String(decoding: bytes[(start + 1)..<(pos - 1)], as: UTF8.self))
  }

  private mutating func lexDoubleString() -> TokenKind {
    let start = pos
    pos += 1
    var parts: [StringPart] = []
    var text: [UInt8] = []
    func flush() {
      if !text.isEmpty {
        parts.append(.text(String(decoding: text, as: UTF8.self)))
        text.removeAll()
      }
    }
    while pos < end, bytes[pos] != UInt8(ascii: "\"") {
      let c = bytes[pos]
      if c == UInt8(ascii: "\\") {
        pos += 1
        guard pos < end else { break }
        let e = bytes[pos]
        pos += 1
        switch e {
        case UInt8(ascii: "n"): text.append(10)
        case UInt8(ascii: "t"): text.append(9)
        case UInt8(ascii: "r"): text.append(13)
        case UInt8(ascii: "0"): text.append(0)
        case UInt8(ascii: "e"): text.append(27)
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"), UInt8(ascii: "'"),
          UInt8(ascii: "/"):
          text.append(e)
        case UInt8(ascii: "u"):
          if let scalar = lexUnicodeEscape(escapeStart: pos - 2) {
            text.append(contentsOf: Array(String(Character(scalar)).utf8))
          }
        default:
          diagnostics.append(
            Diagnostic(
              "unknown escape sequence '\\\(String(decoding: [e], as: UTF8.self))'",
              at: SourceRange(pos - 2, pos), in: file,
              notes: ["valid escapes: \\n \\t \\r \\0 \\e \\\" \\\\ \\$ \\u{…}"]))
        }
      } else if c == UInt8(ascii: "$"), Self.isLetter(peek(1)) {
        flush()
        let nameStart = pos + 1
        pos += 1
        while pos < end, Self.isIdentChar(bytes[pos]) { pos += 1 }
        parts.append(
          .variable(
            String(decoding: bytes[nameStart..<pos], as: UTF8.self),
            SourceRange(nameStart - 1, pos)))
      } else if c == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "(") {
        flush()
        let innerStart = pos + 2
        pos += 2
        var depth = 1
        var quote: UInt8 = 0
        while pos < end {
          let d = bytes[pos]
          if quote != 0 {
            if d == UInt8(ascii: "\\"), quote == UInt8(ascii: "\""), pos + 1 < end {
              // The escaped byte is skipped, never past the end: a `\` ending the input
              // would put the string's range one byte beyond the source.
              pos += 1
            } else if d == quote {
              quote = 0
            }
          } else if d == UInt8(ascii: "\"") || d == UInt8(ascii: "'") {
            quote = d
          } else if d == UInt8(ascii: "(") {
            depth += 1
          } else if d == UInt8(ascii: ")") {
            depth -= 1
            if depth == 0 { break }
          }
          pos += 1
        }
        guard pos < end else {
          endsInsideString = true
          diagnostics.append(
            Diagnostic(
              "unterminated '$(' in string: expected ')'",
              at: SourceRange(innerStart - 2, innerStart),
              in: file))
          return .string(parts)
        }
        parts.append(.subexpression(SourceRange(innerStart, pos)))
        pos += 1
      } else {
        text.append(c)
        pos += 1
      }
    }
    flush()
    if pos >= end {
      endsInsideString = true
      var notes: [String] = []
      if let earlier = lastMultilineString {
        let (line, _) = file.location(of: earlier)
        notes.append(
          "the string opened at line \(line) runs over several lines: is its closing '\"' missing?")
      }
      diagnostics.append(
        Diagnostic(
          "unterminated string: expected a closing '\"'", at: SourceRange(start, start + 1),
          in: file, notes: notes))
      return .string(parts)
    }
    if bytes[start..<pos].contains(10) { lastMultilineString = start }
    pos += 1
    return .string(parts)
  }

  private mutating func lexUnicodeEscape(escapeStart: Int) -> Unicode.Scalar? {
    guard peek() == UInt8(ascii: "{") else {
      diagnostics.append(
        Diagnostic("expected '{' after '\\u'", at: SourceRange(escapeStart, pos), in: file))
      return nil
    }
    pos += 1
    let hexStart = pos
    while pos < end, Self.isHexDigit(bytes[pos]) { pos += 1 }
    let hex = String(decoding: bytes[hexStart..<pos], as: UTF8.self)
    guard peek() == UInt8(ascii: "}"), let v = UInt32(hex, radix: 16),
      let scalar = Unicode.Scalar(v)
    else {
      diagnostics.append(
        Diagnostic(
          "invalid unicode escape: expected '\\u{' hex digits '}'",
          at: SourceRange(escapeStart, pos), in: file))
      return nil
    }
    pos += 1
    return scalar
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String {
    contains("_") ? String(filter { $0 != "_" }) : self
  }
}
