import Testing

@testable import CCSShell

@Suite("Prompt text")
struct PromptTextTests {
  @Test("plain prompts are unchanged")
  func plain() {
    #expect(PromptText.markingEscapes("ccs> ") == "ccs> ")
  }

  @Test("color escapes are wrapped in invisible markers")
  func colors() {
    #expect(
      PromptText.markingEscapes("\u{1B}[1;32mccs\u{1B}[0m> ")
        == "\u{1}\u{1B}[1;32m\u{1}ccs\u{1}\u{1B}[0m\u{1}> ")
  }

  @Test("OSC title sequences are wrapped whole")
  func osc() {
    #expect(
      PromptText.markingEscapes("\u{1B}]0;ccs\u{7}> ") == "\u{1}\u{1B}]0;ccs\u{7}\u{1}> ")
  }

  @Test("prompts already marked are left alone")
  func alreadyMarked() {
    let prompt = "\u{1}\u{1B}[1m\u{1}ccs> "
    #expect(PromptText.markingEscapes(prompt) == prompt)
  }
}
