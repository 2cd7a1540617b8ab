import Testing

@testable import CCSRegex

/// Matching and replacing, checked against what Perl-style engines (ICU, PCRE, Python's `re`)
/// give on the same pattern and text; the differential runs behind these cases are described
/// in docs/decisions.md ("Our own regex engine").
@Suite("Regular expressions: matching")
struct RegexMatchingTests {
  /// `text` with each match replaced by `<$0|$1|$2>`.
  private func marked(_ pattern: String, _ text: String) throws -> String {
    let regex = try RegularExpression(pattern)
    return try regex.replacing(in: text, with: RegexTemplate("<$0|$1|$2>", for: regex))
  }

  @Test(
    "whether a pattern matches somewhere",
    arguments: [
      ("[0-9]+", "deploy-42", true), ("^dep", "deploy", true), ("^ploy", "deploy", false),
      ("(?i)error", "ERROR: x", true), ("ERROR", "an ERROR here", true), ("ERROR", "error", false),
      ("a.c", "a\nc", false), ("(?s)a.c", "a\nc", true), ("^b", "a\nb", false),
      ("(?m)^b", "a\nb", true), ("a$", "a\n", true), ("a$", "a\nb", false),
      ("a\\z", "a\n", false), ("\\bcat\\b", "a cat!", true), ("\\bcat\\b", "concat", false),
      ("\\Bcat", "concat", true), ("^\\w+$", "héllo_1", true), ("^\\d$", "٣", true),
      ("(?i)é", "É", true), ("(?i)[^a]", "A", false), ("(?i)K", "\u{212A}", true),
      ("[[:alpha:]]+", "abc", true), ("[a-z&&[^aeiou]]", "e", false),
      ("[a-z&&[^aeiou]]", "x", true), ("[\\w--[_]]", "_", false), ("\\p{Lu}", "aB", true),
      ("\\P{L}", "abc", false), ("\\x{1F600}", "😀", true), ("\\u00e9", "é", true),
      ("\\Qa.b\\E", "a.b", true), ("\\Qa.b\\E", "axb", false), ("(?x) a  b # c", "ab", true),
      ("", "", true), ("x*", "", true), ("a{2,3}", "a", false), ("a{2,3}", "aa", true),
      ("(?#comment)a", "a", true), ("[]]", "]", true), ("[^]]", "]", false), ("[a-]", "-", true),
    ])
  func matches(pattern: String, text: String, expected: Bool) throws {
    #expect(try RegularExpression(pattern).matches(text) == expected)
  }

  @Test(
    "replacements and captures are leftmost-first, like backtracking engines",
    arguments: [
      ("[0-9]", "v1.2.3", "v<1||>.<2||>.<3||>"),
      ("(\\d+)-(\\d+)", "10-20 3-4", "<10-20|10|20> <3-4|3|4>"),
      ("a*", "baaac", "<||>b<aaa||><||>c<||>"),
      ("a*", "aaa", "<aaa||><||>"),
      ("x*", "abc", "<||>a<||>b<||>c<||>"),
      ("a|ab", "ab", "<a||>b"),  // leftmost-first, not longest
      ("(a|ab)(c|bcd)", "abcd", "<abcd|a|bcd>"),
      ("a+?", "aaa", "<a||><a||><a||>"),
      ("(a)|b", "ab", "<a|a|><b||>"),  // a group that did not take part is empty
      ("(?:(a)|b)+", "ab", "<ab|a|>"),  // a capture keeps its last value
      ("(a*)*", "b", "<||>b<||>"),
      ("(a|b|)+c", "abc", "<abc|b|>"),
      // Backtracking engines leave $1 empty here (a last, empty iteration); a Pike VM keeps
      // the last iteration that consumed something. The match itself is the same.
      ("(a|)+", "aa", "<aa|a|><||>"),
      ("\\b", "hé wö", "<||>hé<||> <||>wö<||>"),
      ("$", "ab\ncd\n", "ab\ncd<||>\n<||>"),
      ("(?m)^", "ab\ncd\n", "<||>ab\n<||>cd\n"),
      ("(?m)$", "a\r\nb", "a<||>\r\nb<||>"),  // never between CR and LF
      ("\\Z", "a\r\n", "a<||>\r\n<||>"),
      ("é+", "aééb", "a<éé||>b"),
      ("", "ab", "<||>a<||>b<||>"),
    ])
  func replacements(pattern: String, text: String, expected: String) throws {
    #expect(try marked(pattern, text) == expected)
  }

  @Test func templates() throws {
    let regex = try RegularExpression("(?<year>\\d+)-(\\d+)")
    func apply(_ template: String) throws -> String {
      try regex.replacing(in: "2026-12", with: RegexTemplate(template, for: regex))
    }
    #expect(try apply("$2/${year}") == "12/2026")
    #expect(try apply("${2}.${0}") == "12.2026-12")
    #expect(try apply("$20") == "120")  // $2 then "0": there is no group 20
    #expect(try apply("\\$1 costs $") == "$1 costs $")
    #expect(try apply("$9") == "")  // no such group: empty, as ICU did
    #expect(throws: RegexError(.syntax("the pattern has no group 'month'"), at: 0)) {
      try apply("${month}")
    }
    #expect(throws: RegexError(.syntax("'${' needs a group name or number and '}'"), at: 1)) {
      try apply("x${1")
    }
  }

  @Test("catastrophic patterns for backtracking engines are linear here")
  func linearTime() throws {
    let text = String(repeating: "x", count: 20_000)
    #expect(try RegularExpression("(x+x+)+y").matches(text) == false)
    #expect(
      try RegularExpression("(a|aa)*b").matches(String(repeating: "a", count: 20_000)) == false)
    #expect(try RegularExpression("(x*)*\\d").matches(text) == false)
  }

  @Test("a cancelled task stops a long search")
  func cancellation() async throws {
    let text = String(repeating: "ab", count: 200_000)
    let regex = try RegularExpression("(a|b)*c")
    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return try regex.matches(text)
    }
    await #expect(throws: CancellationError.self) { try await task.value }
    let replacing = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return try regex.replacing(in: text, with: RegexTemplate("-", for: regex))
    }
    await #expect(throws: CancellationError.self) { try await replacing.value }
  }
}
