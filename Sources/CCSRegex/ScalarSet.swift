/// A set of Unicode scalars as the pattern wrote it: ranges, Unicode properties and the set
/// operations of bracket expressions (`[a-z&&[^aeiou]]`, `[\w--[_]]`).
indirect enum ScalarSet: Sendable {
  case ranges([ClosedRange<UInt32>])
  case property(ScalarProperty)
  case union([ScalarSet])
  case intersection(ScalarSet, ScalarSet)
  case subtraction(ScalarSet, ScalarSet)
  case complement(ScalarSet)

  func contains(_ v: UInt32) -> Bool { contains(v, caseless: false) }

  /// Whether `v` is in the set; `caseless` (`(?i)`) closes each member under simple case
  /// mapping before the set operations, so `[^a]` matches neither `a` nor `A`.
  func contains(_ v: UInt32, caseless: Bool) -> Bool {
    switch self {
    case .ranges, .property:
      if leafContains(v) { return true }
      guard caseless else { return false }
      for variant in CaseFolding.variants(of: v) where leafContains(variant) { return true }
      return false
    case .union(let sets):
      for s in sets where s.contains(v, caseless: caseless) { return true }
      return false
    case .intersection(let a, let b):
      return a.contains(v, caseless: caseless) && b.contains(v, caseless: caseless)
    case .subtraction(let a, let b):
      return a.contains(v, caseless: caseless) && !b.contains(v, caseless: caseless)
    case .complement(let s): return !s.contains(v, caseless: caseless)
    }
  }

  private func leafContains(_ v: UInt32) -> Bool {
    switch self {
    case .ranges(let ranges):
      for r in ranges where r.contains(v) { return true }
      return false
    case .property(let p): return p.contains(v)
    default: return contains(v)
    }
  }
}

/// The Unicode properties a pattern can name: `\d`, `\w`, `\s`, `\p{…}`, `[:alpha:]`.
enum ScalarProperty: Sendable {
  /// General categories, as a bit mask of ``categoryBit(_:)``.
  case categories(UInt32)
  case alphabetic, whitespace, uppercase, lowercase, word, any, ascii, assigned
  case horizontalSpace, verticalSpace, hexDigit

  func contains(_ v: UInt32) -> Bool {
    switch self {
    case .any: return true
    case .ascii: return v < 0x80
    case .hexDigit:
      return (0x30...0x39).contains(v) || (0x41...0x46).contains(v) || (0x61...0x66).contains(v)
    case .horizontalSpace:
      return v == 0x09 || Self.categories(Self.bit(.spaceSeparator)).contains(v)
    case .verticalSpace:
      return (0x0A...0x0D).contains(v) || v == 0x85 || v == 0x2028 || v == 0x2029
    default: break
    }
    guard let scalar = Unicode.Scalar(v) else { return false }
    let properties = scalar.properties
    switch self {
    case .categories(let mask): return mask & Self.bit(properties.generalCategory) != 0
    case .alphabetic: return properties.isAlphabetic
    case .whitespace: return properties.isWhitespace
    case .uppercase: return properties.isUppercase
    case .lowercase: return properties.isLowercase
    case .assigned: return properties.generalCategory != .unassigned
    case .word:
      // ICU's \w: alphabetic, marks, decimal digits, connector punctuation, ZWNJ and ZWJ.
      if properties.isAlphabetic || v == 0x200C || v == 0x200D { return true }
      return Self.wordCategories & Self.bit(properties.generalCategory) != 0
    default: return false
    }
  }

  private static let wordCategories =
    bit(.nonspacingMark) | bit(.spacingMark) | bit(.enclosingMark) | bit(.decimalNumber)
    | bit(.connectorPunctuation)

  static func bit(_ c: Unicode.GeneralCategory) -> UInt32 {
    switch c {
    case .uppercaseLetter: return 1 << 0
    case .lowercaseLetter: return 1 << 1
    case .titlecaseLetter: return 1 << 2
    case .modifierLetter: return 1 << 3
    case .otherLetter: return 1 << 4
    case .nonspacingMark: return 1 << 5
    case .spacingMark: return 1 << 6
    case .enclosingMark: return 1 << 7
    case .decimalNumber: return 1 << 8
    case .letterNumber: return 1 << 9
    case .otherNumber: return 1 << 10
    case .connectorPunctuation: return 1 << 11
    case .dashPunctuation: return 1 << 12
    case .openPunctuation: return 1 << 13
    case .closePunctuation: return 1 << 14
    case .initialPunctuation: return 1 << 15
    case .finalPunctuation: return 1 << 16
    case .otherPunctuation: return 1 << 17
    case .mathSymbol: return 1 << 18
    case .currencySymbol: return 1 << 19
    case .modifierSymbol: return 1 << 20
    case .otherSymbol: return 1 << 21
    case .spaceSeparator: return 1 << 22
    case .lineSeparator: return 1 << 23
    case .paragraphSeparator: return 1 << 24
    case .control: return 1 << 25
    case .format: return 1 << 26
    case .surrogate: return 1 << 27
    case .privateUse: return 1 << 28
    case .unassigned: return 1 << 29
    @unknown default: return 1 << 29
    }
  }

  /// The property `\p{name}` names: general categories by short or long name, a few binary
  /// properties. Names compare ignoring case, spaces, `_` and `-`, as in UTS #18.
  static func named(_ name: String) -> ScalarProperty? {
    let key = String(
      name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" })
    let stripped = key.hasPrefix("is") ? String(key.dropFirst(2)) : key
    return namedProperties[key] ?? namedProperties[stripped]
  }

  private static let namedProperties: [String: ScalarProperty] = {
    let letter =
      bit(.uppercaseLetter) | bit(.lowercaseLetter) | bit(.titlecaseLetter)
      | bit(.modifierLetter) | bit(.otherLetter)
    let mark = bit(.nonspacingMark) | bit(.spacingMark) | bit(.enclosingMark)
    let number = bit(.decimalNumber) | bit(.letterNumber) | bit(.otherNumber)
    let punctuation =
      bit(.connectorPunctuation) | bit(.dashPunctuation) | bit(.openPunctuation)
      | bit(.closePunctuation) | bit(.initialPunctuation) | bit(.finalPunctuation)
      | bit(.otherPunctuation)
    let symbol = bit(.mathSymbol) | bit(.currencySymbol) | bit(.modifierSymbol) | bit(.otherSymbol)
    let separator = bit(.spaceSeparator) | bit(.lineSeparator) | bit(.paragraphSeparator)
    let other =
      bit(.control) | bit(.format) | bit(.surrogate) | bit(.privateUse) | bit(.unassigned)
    let categories: [(String, String, UInt32)] = [
      ("l", "letter", letter), ("lu", "uppercaseletter", bit(.uppercaseLetter)),
      ("ll", "lowercaseletter", bit(.lowercaseLetter)),
      ("lt", "titlecaseletter", bit(.titlecaseLetter)),
      ("lm", "modifierletter", bit(.modifierLetter)), ("lo", "otherletter", bit(.otherLetter)),
      ("lc", "casedletter", bit(.uppercaseLetter) | bit(.lowercaseLetter) | bit(.titlecaseLetter)),
      ("m", "mark", mark), ("mn", "nonspacingmark", bit(.nonspacingMark)),
      ("mc", "spacingmark", bit(.spacingMark)), ("me", "enclosingmark", bit(.enclosingMark)),
      ("n", "number", number), ("nd", "decimalnumber", bit(.decimalNumber)),
      ("nl", "letternumber", bit(.letterNumber)), ("no", "othernumber", bit(.otherNumber)),
      ("p", "punctuation", punctuation),
      ("pc", "connectorpunctuation", bit(.connectorPunctuation)),
      ("pd", "dashpunctuation", bit(.dashPunctuation)),
      ("ps", "openpunctuation", bit(.openPunctuation)),
      ("pe", "closepunctuation", bit(.closePunctuation)),
      ("pi", "initialpunctuation", bit(.initialPunctuation)),
      ("pf", "finalpunctuation", bit(.finalPunctuation)),
      ("po", "otherpunctuation", bit(.otherPunctuation)),
      ("s", "symbol", symbol), ("sm", "mathsymbol", bit(.mathSymbol)),
      ("sc", "currencysymbol", bit(.currencySymbol)),
      ("sk", "modifiersymbol", bit(.modifierSymbol)), ("so", "othersymbol", bit(.otherSymbol)),
      ("z", "separator", separator), ("zs", "spaceseparator", bit(.spaceSeparator)),
      ("zl", "lineseparator", bit(.lineSeparator)),
      ("zp", "paragraphseparator", bit(.paragraphSeparator)),
      ("c", "other", other), ("cc", "control", bit(.control)), ("cf", "format", bit(.format)),
      ("cs", "surrogate", bit(.surrogate)), ("co", "privateuse", bit(.privateUse)),
      ("cn", "unassigned", bit(.unassigned)),
    ]
    var table: [String: ScalarProperty] = [
      "alphabetic": .alphabetic, "alpha": .alphabetic, "whitespace": .whitespace,
      "space": .whitespace, "wspace": .whitespace, "uppercase": .uppercase, "upper": .uppercase,
      "lowercase": .lowercase, "lower": .lowercase, "any": .any, "ascii": .ascii,
      "assigned": .assigned, "word": .word, "hexdigit": .hexDigit, "xdigit": .hexDigit,
      "digit": .categories(bit(.decimalNumber)),
    ]
    for (short, long, mask) in categories {
      table[short] = .categories(mask)
      table[long] = .categories(mask)
    }
    return table
  }()

  /// The POSIX class `[:name:]` names, with ICU's Unicode meanings.
  static func posix(_ name: String) -> ScalarSet? {
    switch name {
    case "alpha": return .property(.alphabetic)
    case "digit": return .property(.categories(bit(.decimalNumber)))
    case "alnum":
      return .union([.property(.alphabetic), .property(.categories(bit(.decimalNumber)))])
    case "upper": return .property(.uppercase)
    case "lower": return .property(.lowercase)
    case "space": return .property(.whitespace)
    case "blank": return .property(.horizontalSpace)
    case "punct":
      return named("p").map { .property($0) }
    case "cntrl": return .property(.categories(bit(.control)))
    case "xdigit": return .property(.hexDigit)
    case "word": return .property(.word)
    case "ascii": return .property(.ascii)
    case "graph":
      return .complement(
        .union([
          .property(.whitespace),
          .property(.categories(bit(.control) | bit(.surrogate) | bit(.unassigned))),
        ]))
    case "print":
      return .complement(
        .property(.categories(bit(.control) | bit(.surrogate) | bit(.unassigned))))
    default: return nil
    }
  }
}

/// Simple (one scalar to one scalar) case mapping, for `(?i)`.
enum CaseFolding {
  /// The scalar `v` compares as under `(?i)`: its lowercase of its uppercase, when both
  /// mappings are single scalars (`ſ` and `s`, `K` (Kelvin) and `k` fold together).
  static func fold(_ v: UInt32) -> UInt32 {
    if v < 0x80 {
      return (0x41...0x5A).contains(v) ? v + 0x20 : v
    }
    guard let scalar = Unicode.Scalar(v) else { return v }
    let upper = single(scalar.properties.uppercaseMapping) ?? v
    guard let upperScalar = Unicode.Scalar(upper) else { return v }
    return single(upperScalar.properties.lowercaseMapping) ?? v
  }

  /// The other scalars `v` matches under `(?i)`: its simple lower, upper and title case.
  static func variants(of v: UInt32) -> [UInt32] {
    if v < 0x80 {
      if (0x41...0x5A).contains(v) { return [v + 0x20] }
      if (0x61...0x7A).contains(v) { return [v - 0x20] }
      return []
    }
    guard let scalar = Unicode.Scalar(v) else { return [] }
    let p = scalar.properties
    var out: [UInt32] = []
    for mapping in [p.lowercaseMapping, p.uppercaseMapping, p.titlecaseMapping] {
      if let m = single(mapping), m != v, !out.contains(m) { out.append(m) }
    }
    let folded = fold(v)
    if folded != v, !out.contains(folded) { out.append(folded) }
    return out
  }

  private static func single(_ s: String) -> UInt32? {
    var it = s.unicodeScalars.makeIterator()
    guard let first = it.next(), it.next() == nil else { return nil }
    return first.value
  }
}
