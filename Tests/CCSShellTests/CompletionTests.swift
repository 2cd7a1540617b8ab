import CCS
import Testing

@testable import CCSShell

@Suite("Completion")
struct CompletionTests {
  static let words = ["cloudron", "clever", "tasks", "tokens"]

  @Test(
    "words completes the word before the cursor",
    arguments: [
      ("cl", 2, 0..<2, ["cloudron", "clever"]),
      ("cloud", 5, 0..<5, ["cloudron"]),
      ("x clo", 5, 2..<5, ["cloudron"]),
      ("t", 1, 0..<1, ["tasks", "tokens"]),
      ("", 0, 0..<0, ["cloudron", "clever", "tasks", "tokens"]),
      ("zz", 2, 0..<2, []),
      ("cl tasks", 2, 0..<2, ["cloudron", "clever"]),
    ])
  func words(line: String, cursor: Int, range: Range<Int>, expected: [String]) {
    let completion = Completion.words(Self.words, line: line, cursor: cursor)
    #expect(completion.replacing == range)
    #expect(completion.candidates == expected)
  }

  @Test("offsets are UTF-8 bytes")
  func utf8Offsets() {
    let completion = Completion.words(["été"], line: "à é", cursor: 5)
    #expect(completion.replacing == 3..<5)
    #expect(completion.candidates == ["été"])
  }

  @Test("a unique candidate replaces the word and adds a space")
  func unique() {
    let completion = Completion(replacing: 0..<5, candidates: ["cloudron"])
    let action = CompletionAction(completion: completion, line: "cloud", isRepeatedTab: false)
    #expect(action == .replace(0..<5, with: "cloudron "))
  }

  @Test("a unique candidate can skip the space")
  func uniqueWithoutSpace() {
    let completion = Completion(
      replacing: 0..<3, candidates: ["src/"], appendsSpaceWhenUnique: false)
    let action = CompletionAction(completion: completion, line: "src", isRepeatedTab: false)
    #expect(action == .replace(0..<3, with: "src/"))
  }

  @Test("several candidates extend the word to their common prefix")
  func commonPrefix() {
    let completion = Completion(replacing: 0..<1, candidates: ["cloudron", "clever"])
    let action = CompletionAction(completion: completion, line: "c", isRepeatedTab: false)
    #expect(action == .replace(0..<1, with: "cl"))
  }

  @Test("first Tab without progress beeps, the second lists sorted candidates")
  func doubleTab() {
    let completion = Completion(replacing: 0..<2, candidates: ["cloudron", "clever", "clever"])
    #expect(CompletionAction(completion: completion, line: "cl", isRepeatedTab: false) == .beep)
    #expect(
      CompletionAction(completion: completion, line: "cl", isRepeatedTab: true)
        == .list(["clever", "cloudron"]))
  }

  @Test("no candidates beep")
  func noCandidates() {
    #expect(CompletionAction(completion: .none, line: "zz", isRepeatedTab: true) == .beep)
  }

  @Test("a range past the line is clamped")
  func clampedRange() {
    let completion = Completion(replacing: 1..<99, candidates: ["abc"])
    let action = CompletionAction(completion: completion, line: "xa", isRepeatedTab: false)
    #expect(action == .replace(1..<2, with: "abc "))
  }

  @Test(
    "longest common prefix",
    arguments: [
      (["cloudron", "clever"], "cl"),
      (["tasks", "tokens"], "t"),
      (["same", "same"], "same"),
      (["abc"], "abc"),
      ([], ""),
      (["été", "étage"], "ét"),
      (["x", "y"], ""),
    ])
  func longestCommonPrefix(strings: [String], expected: String) {
    #expect(CompletionAction.longestCommonPrefix(strings) == expected)
  }
}

@Suite("Candidate columns")
struct CandidateColumnsTests {
  @Test("candidates fill columns top to bottom")
  func columns() {
    let rows = CandidateColumns(
      candidates: ["a", "bb", "ccc", "d", "e"], width: 12
    ).rows
    // Column width 5 (widest 3 + gap 2): (12 + 2) / 5 = 2 columns, 3 rows.
    #expect(rows == ["a    d", "bb   e", "ccc"])
  }

  @Test("a narrow terminal gives one column")
  func narrow() {
    #expect(
      CandidateColumns(candidates: ["cloudron", "clever"], width: 5).rows
        == ["cloudron", "clever"])
  }

  @Test("a wide terminal gives one row")
  func wide() {
    #expect(
      CandidateColumns(candidates: ["clever", "cloudron"], width: 80).rows
        == ["clever    cloudron"])
  }

  @Test("no candidates, no rows")
  func empty() {
    #expect(CandidateColumns(candidates: [], width: 80).rows.isEmpty)
  }
}
