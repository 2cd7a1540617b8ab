/// Reads a pattern in the common Perl/ICU syntax into a ``RegexNode``. Everything a
/// linear-time engine can run is accepted; what it cannot (backreferences, lookaround, atomic
/// groups, possessive quantifiers) is refused by name. Every error carries the offset, in
/// Unicode scalars, of the part it is about.
struct RegexParser {
  /// Nesting of groups and bracket expressions, bounded so hostile patterns cannot exhaust the
  /// stack.
  static let maxDepth = 200
  static let maxGroups = 1_000
  /// The largest count in `{n,m}`.
  static let maxCount = 1_000

  private let s: [UInt32]
  private var i = 0
  private var flags = RegexFlags()
  private var depth = 0
  private(set) var groupCount = 0
  private(set) var groupNames: [String: Int] = [:]

  init(_ pattern: String) {
    s = pattern.unicodeScalars.map(\.value)
  }

  mutating func parse() throws(RegexError) -> RegexNode {
    let node = try parseAlternation()
    if i < s.count {
      // parseAlternation stops only at the end or at a `)` no group opened.
      throw RegexError(.syntax("unmatched ')'"), at: i)
    }
    return node
  }

  // MARK: Structure

  private var peek: UInt32? { i < s.count ? s[i] : nil }

  private func peek(_ ahead: Int) -> UInt32? { i + ahead < s.count ? s[i + ahead] : nil }

  private mutating func parseAlternation() throws(RegexError) -> RegexNode {
    var branches = [try parseConcatenation()]
    while peek == ascii("|") {
      i += 1
      branches.append(try parseConcatenation())
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  private mutating func parseConcatenation() throws(RegexError) -> RegexNode {
    var items: [RegexNode] = []
    while true {
      skipExtendedSpace()
      guard let c = peek, c != ascii("|"), c != ascii(")") else { break }
      guard let atom = try parseAtom() else { continue }
      items.append(try parseQuantifiers(atom))
    }
    switch items.count {
    case 0: return .empty
    case 1: return items[0]
    default: return .concatenation(items)
    }
  }

  /// In `(?x)` mode, skips whitespace and `#` comments between tokens.
  private mutating func skipExtendedSpace() {
    guard flags.extended else { return }
    while let c = peek {
      if c == 0x20 || (0x09...0x0D).contains(c) {
        i += 1
      } else if c == ascii("#") {
        while let d = peek, d != 0x0A { i += 1 }
      } else {
        return
      }
    }
  }

  private mutating func parseQuantifiers(_ atom: RegexNode) throws(RegexError) -> RegexNode {
    skipExtendedSpace()
    guard let c = peek else { return atom }
    let minimum: Int
    let maximum: Int?
    switch c {
    case ascii("*"): (minimum, maximum) = (0, nil)
    case ascii("+"): (minimum, maximum) = (1, nil)
    case ascii("?"): (minimum, maximum) = (0, 1)
    case ascii("{"): (minimum, maximum) = try parseInterval()
    default: return atom
    }
    if c != ascii("{") { i += 1 }
    var greedy = true
    if peek == ascii("?") {
      greedy = false
      i += 1
    } else if peek == ascii("+") {
      throw RegexError(.unsupported("possessive quantifiers"), at: i)
    }
    skipExtendedSpace()
    if let next = peek, [ascii("*"), ascii("+"), ascii("?"), ascii("{")].contains(next) {
      throw RegexError(.syntax("nothing to repeat"), at: i)
    }
    return .repetition(atom, min: minimum, max: maximum, greedy: greedy)
  }

  /// `{n}`, `{n,}`, `{n,m}`, with `i` at the `{`; leaves `i` after the `}`.
  private mutating func parseInterval() throws(RegexError) -> (Int, Int?) {
    let open = i
    i += 1
    guard let minimum = try parseCount() else {
      throw RegexError(.syntax("'{' needs a count: {n}, {n,} or {n,m}"), at: open)
    }
    var maximum: Int? = minimum
    if peek == ascii(",") {
      i += 1
      maximum = try parseCount()
    }
    guard peek == ascii("}") else {
      throw RegexError(.syntax("'{' needs a count: {n}, {n,} or {n,m}"), at: open)
    }
    i += 1
    if let maximum, maximum < minimum {
      throw RegexError(
        .syntax("repetition {\(minimum),\(maximum)} has its bounds reversed"), at: open)
    }
    return (minimum, maximum)
  }

  private mutating func parseCount() throws(RegexError) -> Int? {
    let start = i
    var n = 0
    while let c = peek, let d = digit(c, radix: 10) {
      n = n * 10 + d
      if n > Self.maxCount {
        throw RegexError(
          .tooLarge("the pattern has a repetition count over \(Self.maxCount)"), at: start)
      }
      i += 1
    }
    return i == start ? nil : n
  }

  /// One atom; nil for what only changes flags or is a comment.
  private mutating func parseAtom() throws(RegexError) -> RegexNode? {
    let c = s[i]
    switch c {
    case ascii("("): return try parseGroup()
    case ascii("["):
      let set = try parseBracket()
      return .set(set, caseless: flags.caseless)
    case ascii("."):
      i += 1
      return .dot(matchesLineTerminators: flags.dotMatchesLineTerminators)
    case ascii("^"):
      i += 1
      return .assertion(flags.multiline ? .startOfLine : .startOfText)
    case ascii("$"):
      i += 1
      return .assertion(flags.multiline ? .endOfLine : .endOfTextOrFinalTerminator)
    case ascii("*"), ascii("+"), ascii("?"), ascii("{"):
      throw RegexError(.syntax("nothing to repeat"), at: i)
    case ascii("\\"):
      switch try parseEscape(inBracket: false) {
      case .scalar(let v): return .scalar(v, caseless: flags.caseless)
      case .set(let set): return .set(set, caseless: flags.caseless)
      case .assertion(let a): return .assertion(a)
      case .quoted(let scalars):
        let nodes = scalars.map { RegexNode.scalar($0, caseless: flags.caseless) }
        return nodes.isEmpty ? nil : nodes.count == 1 ? nodes[0] : .concatenation(nodes)
      }
    default:
      i += 1
      return .scalar(c, caseless: flags.caseless)
    }
  }

  // MARK: Groups

  private mutating func enter(at offset: Int) throws(RegexError) {
    depth += 1
    if depth > Self.maxDepth {
      throw RegexError(
        .tooLarge("the pattern nests deeper than \(Self.maxDepth) levels"), at: offset)
    }
  }

  /// A group, with `i` at its `(`.
  private mutating func parseGroup() throws(RegexError) -> RegexNode? {
    let open = i
    i += 1
    var capture: Int?
    var scopedFlags: RegexFlags?
    if peek == ascii("?") {
      i += 1
      guard let kind = peek else { throw RegexError(.syntax("missing ')'"), at: open) }
      switch kind {
      case ascii(":"):
        i += 1
      case ascii("#"):
        while let d = peek, d != ascii(")") { i += 1 }
        guard peek != nil else { throw RegexError(.syntax("missing ')'"), at: open) }
        i += 1
        return nil
      case ascii("="), ascii("!"):
        throw RegexError(.unsupported("lookahead assertions"), at: open)
      case ascii(">"):
        throw RegexError(.unsupported("atomic groups"), at: open)
      case ascii("|"):
        throw RegexError(.unsupported("branch-reset groups"), at: open)
      case ascii("<") where peek(1) == ascii("=") || peek(1) == ascii("!"):
        throw RegexError(.unsupported("lookbehind assertions"), at: open)
      case ascii("<"), ascii("P"):
        if kind == ascii("P") {
          i += 1
          guard peek == ascii("<") else {
            throw RegexError(.syntax("unknown group syntax '(?P'"), at: open)
          }
        }
        i += 1
        let name = try parseGroupName(open: open)
        capture = try newGroup(at: open)
        if groupNames[name] != nil {
          throw RegexError(.syntax("group name '\(name)' is used twice"), at: open)
        }
        groupNames[name] = capture
      default:
        // Flags: (?i) for the rest of the enclosing group, (?i:...) for this group.
        var on = flags
        var negate = false
        while let f = peek, f != ascii(")"), f != ascii(":") {
          switch f {
          case ascii("-") where !negate: negate = true
          case ascii("i"): on.caseless = !negate
          case ascii("m"): on.multiline = !negate
          case ascii("s"): on.dotMatchesLineTerminators = !negate
          case ascii("x"): on.extended = !negate
          // ICU's UWORD and Unicode flags: its \b and \w are Unicode already, as ours are.
          case ascii("u"), ascii("w"): break
          default:
            throw RegexError(.syntax("unknown group flag '\(text(f))'"), at: i)
          }
          i += 1
        }
        guard let end = peek else { throw RegexError(.syntax("missing ')'"), at: open) }
        i += 1
        if end == ascii(")") {
          flags = on
          return nil
        }
        scopedFlags = on
      }
    } else {
      capture = try newGroup(at: open)
    }
    try enter(at: open)
    let saved = flags
    if let scopedFlags { flags = scopedFlags }
    let body = try parseAlternation()
    flags = saved
    depth -= 1
    guard peek == ascii(")") else { throw RegexError(.syntax("missing ')'"), at: open) }
    i += 1
    if let capture { return .capture(capture, body) }
    return body
  }

  private mutating func newGroup(at offset: Int) throws(RegexError) -> Int {
    groupCount += 1
    if groupCount > Self.maxGroups {
      throw RegexError(.tooLarge("the pattern has more than \(Self.maxGroups) groups"), at: offset)
    }
    return groupCount
  }

  /// A group name up to its `>`, with `i` after the `<`.
  private mutating func parseGroupName(open: Int) throws(RegexError) -> String {
    let start = i
    while let c = peek, isWordASCII(c) { i += 1 }
    guard peek == ascii(">"), i > start, digit(s[start], radix: 10) == nil else {
      throw RegexError(.syntax("a group name is letters, digits and '_', then '>'"), at: open)
    }
    let name = String(String.UnicodeScalarView(s[start..<i].compactMap(Unicode.Scalar.init)))
    i += 1
    return name
  }

  // MARK: Bracket expressions

  /// `[...]`, with `i` at its `[`: ranges, escapes, POSIX classes, nested brackets (union),
  /// `&&` (intersection) and `--[...]` (difference).
  private mutating func parseBracket() throws(RegexError) -> ScalarSet {
    let open = i
    try enter(at: open)
    i += 1
    var negated = false
    if peek == ascii("^") {
      negated = true
      i += 1
    }
    let set = try parseBracketBody(open: open, allowLeadingBracket: true)
    depth -= 1
    return negated ? .complement(set) : set
  }

  /// The members up to and including the closing `]`.
  private mutating func parseBracketBody(
    open: Int, allowLeadingBracket: Bool
  ) throws(RegexError) -> ScalarSet {
    var members: [ScalarSet] = []
    var ranges: [ClosedRange<UInt32>] = []
    var first = allowLeadingBracket
    func collected() -> ScalarSet {
      var all = members
      if !ranges.isEmpty { all.append(.ranges(ranges)) }
      return all.count == 1 ? all[0] : .union(all)
    }
    while true {
      guard let c = peek else { throw RegexError(.syntax("missing ']'"), at: open) }
      defer { first = false }
      if c == ascii("]") && !first {
        i += 1
        return collected()
      }
      if c == ascii("[") {
        if peek(1) == ascii(":"), let posix = try parsePosixClass() {
          members.append(posix)
        } else {
          members.append(try parseBracket())
        }
        continue
      }
      if c == ascii("&") && peek(1) == ascii("&") {
        i += 2
        let right = try parseBracketBody(open: open, allowLeadingBracket: false)
        return .intersection(collected(), right)
      }
      if c == ascii("-") && peek(1) == ascii("-") && peek(2) == ascii("[") {
        i += 2
        let right = try parseBracketBody(open: open, allowLeadingBracket: false)
        return .subtraction(collected(), right)
      }
      let itemStart = i
      let low: UInt32
      switch try parseBracketMember() {
      case .set(let set):
        members.append(set)
        continue
      case .scalars(let scalars):
        // \Q...\E inside brackets: each scalar is a member.
        for v in scalars { ranges.append(v...v) }
        continue
      case .scalar(let v): low = v
      }
      if peek == ascii("-"), let after = peek(1), after != ascii("]") {
        i += 1
        guard case .scalar(let high) = try parseBracketMember() else {
          throw RegexError(.syntax("a range must end with a single character"), at: itemStart)
        }
        guard low <= high else {
          throw RegexError(.syntax("range out of order"), at: itemStart)
        }
        ranges.append(low...high)
      } else {
        ranges.append(low...low)
      }
    }
  }

  private enum BracketMember {
    case scalar(UInt32)
    case scalars([UInt32])
    case set(ScalarSet)
  }

  private mutating func parseBracketMember() throws(RegexError) -> BracketMember {
    let c = s[i]
    guard c == ascii("\\") else {
      i += 1
      return .scalar(c)
    }
    let start = i
    switch try parseEscape(inBracket: true) {
    case .scalar(let v): return .scalar(v)
    case .set(let set): return .set(set)
    case .quoted(let scalars): return .scalars(scalars)
    case .assertion: throw RegexError(.syntax("an assertion cannot be in brackets"), at: start)
    }
  }

  /// `[:name:]` with `i` at its `[`; nil (and `i` unchanged) when it is not one.
  private mutating func parsePosixClass() throws(RegexError) -> ScalarSet? {
    var j = i + 2
    var negated = false
    if j < s.count && s[j] == ascii("^") {
      negated = true
      j += 1
    }
    let nameStart = j
    while j < s.count, (ascii("a")...ascii("z")).contains(s[j]) { j += 1 }
    guard j + 1 < s.count, s[j] == ascii(":"), s[j + 1] == ascii("]"), j > nameStart else {
      return nil
    }
    let name = String(String.UnicodeScalarView(s[nameStart..<j].compactMap(Unicode.Scalar.init)))
    guard let set = ScalarProperty.posix(name) else {
      throw RegexError(.syntax("unknown POSIX class '[:\(name):]'"), at: i)
    }
    i = j + 2
    return negated ? .complement(set) : set
  }

  // MARK: Escapes

  private enum Escape {
    case scalar(UInt32)
    case set(ScalarSet)
    case assertion(Assertion)
    case quoted([UInt32])
  }

  /// An escape, with `i` at its backslash.
  private mutating func parseEscape(inBracket: Bool) throws(RegexError) -> Escape {
    let start = i
    i += 1
    guard let c = peek else { throw RegexError(.syntax("trailing backslash"), at: start) }
    i += 1
    let digitCategory = ScalarProperty.categories(ScalarProperty.bit(.decimalNumber))
    switch c {
    case ascii("d"): return .set(.property(digitCategory))
    case ascii("D"): return .set(.complement(.property(digitCategory)))
    case ascii("w"): return .set(.property(.word))
    case ascii("W"): return .set(.complement(.property(.word)))
    case ascii("s"): return .set(.property(.whitespace))
    case ascii("S"): return .set(.complement(.property(.whitespace)))
    case ascii("h"): return .set(.property(.horizontalSpace))
    case ascii("H"): return .set(.complement(.property(.horizontalSpace)))
    case ascii("v"): return .set(.property(.verticalSpace))
    case ascii("V"): return .set(.complement(.property(.verticalSpace)))
    case ascii("p"), ascii("P"):
      let property = try parsePropertyName(escapeStart: start)
      return .set(c == ascii("p") ? .property(property) : .complement(.property(property)))
    case ascii("b"): return inBracket ? .scalar(0x08) : .assertion(.wordBoundary)
    case ascii("B"): return .assertion(.notWordBoundary)
    case ascii("A"): return .assertion(.startOfText)
    case ascii("z"): return .assertion(.endOfText)
    case ascii("Z"): return .assertion(.endOfTextOrFinalTerminator)
    case ascii("G"): throw RegexError(.unsupported("\\G anchors"), at: start)
    case ascii("t"): return .scalar(0x09)
    case ascii("n"): return .scalar(0x0A)
    case ascii("r"): return .scalar(0x0D)
    case ascii("f"): return .scalar(0x0C)
    case ascii("a"): return .scalar(0x07)
    case ascii("e"): return .scalar(0x1B)
    case ascii("0"):
      // Up to three more octal digits.
      var v: UInt32 = 0
      var n = 0
      while n < 3, let o = peek, let d = digit(o, radix: 8) {
        v = v * 8 + UInt32(d)
        i += 1
        n += 1
      }
      return .scalar(v)
    case ascii("1")...ascii("9"):
      throw RegexError(.unsupported("backreferences"), at: start)
    case ascii("k"):
      throw RegexError(.unsupported("backreferences"), at: start)
    case ascii("x"):
      if peek == ascii("{") {
        i += 1
        let v = try parseHex(maxDigits: 8, exact: false, escapeStart: start)
        guard peek == ascii("}") else {
          throw RegexError(.syntax("'\\x{' needs hex digits and '}'"), at: start)
        }
        i += 1
        return .scalar(v)
      }
      return .scalar(try parseHex(maxDigits: 2, exact: true, escapeStart: start))
    case ascii("u"): return .scalar(try parseHex(maxDigits: 4, exact: true, escapeStart: start))
    case ascii("U"): return .scalar(try parseHex(maxDigits: 8, exact: true, escapeStart: start))
    case ascii("c"):
      guard let letter = peek, letter < 0x80 else {
        throw RegexError(.syntax("'\\c' needs an ASCII character"), at: start)
      }
      i += 1
      return .scalar(letter ^ 0x40)
    case ascii("N"): throw RegexError(.unsupported("named characters (\\N{...})"), at: start)
    case ascii("Q"):
      var scalars: [UInt32] = []
      while let d = peek {
        if d == ascii("\\") && peek(1) == ascii("E") {
          i += 2
          return .quoted(scalars)
        }
        scalars.append(d)
        i += 1
      }
      return .quoted(scalars)
    case ascii("E"): return .quoted([])
    default:
      if c < 0x80 && isWordASCII(c) {
        throw RegexError(.syntax("unknown escape '\\\(text(c))'"), at: start)
      }
      return .scalar(c)
    }
  }

  /// `{Name}` or a one-letter name after `\p`.
  private mutating func parsePropertyName(escapeStart: Int) throws(RegexError) -> ScalarProperty {
    var name: String
    if peek == ascii("{") {
      i += 1
      let start = i
      while let c = peek, c != ascii("}") { i += 1 }
      guard peek == ascii("}") else {
        throw RegexError(.syntax("'\\p{' needs a name and '}'"), at: escapeStart)
      }
      name = String(String.UnicodeScalarView(s[start..<i].compactMap(Unicode.Scalar.init)))
      i += 1
    } else {
      guard let c = peek, let scalar = Unicode.Scalar(c) else {
        throw RegexError(.syntax("'\\p' needs a property name"), at: escapeStart)
      }
      name = String(Character(scalar))
      i += 1
    }
    var negated = false
    if name.hasPrefix("^") {
      negated = true
      name.removeFirst()
    }
    guard let property = ScalarProperty.named(name) else {
      throw RegexError(.syntax("unknown Unicode property '\(name)'"), at: escapeStart)
    }
    if negated {
      throw RegexError(.syntax("write \\P{\(name)} for the complement"), at: escapeStart)
    }
    return property
  }

  private mutating func parseHex(
    maxDigits: Int, exact: Bool, escapeStart: Int
  ) throws(RegexError) -> UInt32 {
    var v: UInt32 = 0
    var n = 0
    while n < maxDigits, let c = peek, let d = digit(c, radix: 16) {
      v = v << 4 | UInt32(d)
      i += 1
      n += 1
    }
    guard n > 0, !exact || n == maxDigits else {
      throw RegexError(.syntax("the escape needs \(maxDigits) hex digits"), at: escapeStart)
    }
    guard Unicode.Scalar(v) != nil else {
      throw RegexError(.syntax("not a Unicode scalar value"), at: escapeStart)
    }
    return v
  }
}

@inline(__always) func ascii(_ c: Unicode.Scalar) -> UInt32 { c.value }

func digit(_ c: UInt32, radix: UInt32) -> Int? {
  let d: UInt32
  switch c {
  case 0x30...0x39: d = c - 0x30
  case 0x41...0x5A: d = c - 0x41 + 10
  case 0x61...0x7A: d = c - 0x61 + 10
  default: return nil
  }
  return d < radix ? Int(d) : nil
}

/// One scalar as text, for messages.
func text(_ c: UInt32) -> String {
  Unicode.Scalar(c).map { String(Character($0)) } ?? "?"
}

func isWordASCII(_ c: UInt32) -> Bool {
  (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F
}
