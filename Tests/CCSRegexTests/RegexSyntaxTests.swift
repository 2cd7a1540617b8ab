import Testing

@testable import CCSRegex

/// What the parser refuses, and where: every error names the offending part's offset.
@Suite("Regular expressions: syntax")
struct RegexSyntaxTests {
  @Test(
    "malformed patterns are located",
    arguments: [
      ("([a-z", RegexError(.syntax("missing ']'"), at: 1)),
      ("(ab", RegexError(.syntax("missing ')'"), at: 0)),
      ("ab)", RegexError(.syntax("unmatched ')'"), at: 2)),
      ("*", RegexError(.syntax("nothing to repeat"), at: 0)),
      ("a**", RegexError(.syntax("nothing to repeat"), at: 2)),
      ("a{", RegexError(.syntax("'{' needs a count: {n}, {n,} or {n,m}"), at: 1)),
      ("a{,3}", RegexError(.syntax("'{' needs a count: {n}, {n,} or {n,m}"), at: 1)),
      ("x{2,1}", RegexError(.syntax("repetition {2,1} has its bounds reversed"), at: 1)),
      ("[z-a]", RegexError(.syntax("range out of order"), at: 1)),
      ("a\\", RegexError(.syntax("trailing backslash"), at: 1)),
      ("\\y", RegexError(.syntax("unknown escape '\\y'"), at: 0)),
      ("\\p{Nope}", RegexError(.syntax("unknown Unicode property 'Nope'"), at: 0)),
      ("[[:nope:]]", RegexError(.syntax("unknown POSIX class '[:nope:]'"), at: 1)),
      ("(?q)", RegexError(.syntax("unknown group flag 'q'"), at: 2)),
      ("(?<1a>x)", RegexError(.syntax("a group name is letters, digits and '_', then '>'"), at: 0)),
      ("(?<n>a)(?<n>b)", RegexError(.syntax("group name 'n' is used twice"), at: 7)),
      ("\\x{110000}", RegexError(.syntax("not a Unicode scalar value"), at: 0)),
      ("\\u12", RegexError(.syntax("the escape needs 4 hex digits"), at: 0)),
      ("[a-\\d]", RegexError(.syntax("a range must end with a single character"), at: 1)),
    ])
  func malformed(pattern: String, error: RegexError) {
    #expect(throws: error) { try RegularExpression(pattern) }
  }

  @Test(
    "what needs backtracking is refused by name",
    arguments: [
      ("(a)\\1", "backreferences", 3), ("(?<x>a)\\k<x>", "backreferences", 7),
      ("a(?=b)", "lookahead assertions", 1), ("a(?!b)", "lookahead assertions", 1),
      ("(?<=a)b", "lookbehind assertions", 0), ("(?<!a)b", "lookbehind assertions", 0),
      ("(?>a)", "atomic groups", 0), ("a++", "possessive quantifiers", 2),
      ("\\G", "\\G anchors", 0),
    ])
  func unsupported(pattern: String, feature: String, offset: Int) {
    #expect(throws: RegexError(.unsupported(feature), at: offset)) {
      try RegularExpression(pattern)
    }
  }

  @Test("sizes are bounded before anything is allocated for them")
  func bounds() {
    let deep = String(repeating: "(", count: 300) + String(repeating: ")", count: 300)
    #expect(throws: RegexError(.tooLarge("the pattern nests deeper than 200 levels"), at: 200)) {
      try RegularExpression(deep)
    }
    let brackets = String(repeating: "[", count: 300)
    #expect(throws: RegexError(.tooLarge("the pattern nests deeper than 200 levels"), at: 200)) {
      try RegularExpression(brackets)
    }
    #expect(throws: RegexError(.tooLarge("the pattern has a repetition count over 1000"), at: 2)) {
      try RegularExpression("a{1001}")
    }
    #expect(
      throws: RegexError(
        .tooLarge("the pattern compiles to more than 20,000 instructions"), at: 0)
    ) {
      try RegularExpression("((a{1000}){1000}){1000}")
    }
    let groups = String(repeating: "()", count: 1_001)
    #expect(throws: RegexError(.tooLarge("the pattern has more than 1000 groups"), at: 2_000)) {
      try RegularExpression(groups)
    }
  }

  @Test func groupsAndNames() throws {
    let regex = try RegularExpression("(a)(?:b)(?<c>c)(?P<d>d)(?i:e)")
    #expect(regex.groupCount == 3)
    #expect(regex.groupNames == ["c": 2, "d": 3])
  }
}
