import CCSRunbook
import Testing

@Suite("runbook documents")
struct RunbookDocumentTests {
  static let text = """
    ---
    params:
      app: ~
    ---
    # Incident

    Intro text.

    ```sh
    echo "not ccs"
    ```

    ## Look around ##

    ```ccs
    let a = 1
    ```

    ~~~ccs
    let b = 2
    ~~~

    ## Fix it

    ```ccs skip
    cloudron system reboot --yes
    ```

    ````ccs params
    {region: "par"}
    ````

      ```ccs
      print "indented"
      ```
    """

  @Test func blocksHaveStepNamesKindsAndLines() {
    let doc = RunbookDocument(path: "incident.md", text: Self.text)
    #expect(doc.frontMatter?.text == "params:\n  app: ~")
    #expect(doc.blocks.map(\.kind) == [.step, .step, .skip, .params, .step])
    #expect(doc.steps.map(\.name) == ["Look around", "Look around (2)", "Fix it", "Fix it (2)"])
    #expect(doc.steps.map(\.fenceLine) == [15, 19, 25, 33])
    #expect(doc.blocks[0].code == "let a = 1")
    #expect(doc.blocks[4].code == "print \"indented\"")
  }

  @Test("a document with CRLF line ends reads as the same document")
  func crlfDocumentsReadTheSame() {
    let lf = RunbookDocument(path: "incident.md", text: Self.text)
    let crlf = RunbookDocument(
      path: "incident.md", text: Self.text.replacingOccurrences(of: "\n", with: "\r\n"))
    #expect(crlf.frontMatter?.text == lf.frontMatter?.text)
    #expect(crlf.blocks.map(\.kind) == lf.blocks.map(\.kind))
    #expect(crlf.steps.map(\.name) == lf.steps.map(\.name))
    #expect(crlf.steps.map(\.fenceLine) == lf.steps.map(\.fenceLine))
    #expect(crlf.blocks.map(\.code) == lf.blocks.map(\.code))
  }

  @Test func blockSourceKeepsTheMarkdownLineNumbers() {
    let doc = RunbookDocument(path: "incident.md", text: Self.text)
    let lines = doc.source(of: doc.steps[1]).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[19] == "let b = 2")
    #expect(lines.count == 21, "the document up to the block's last line, and a final newline")
    #expect(lines.enumerated().allSatisfy { $0.offset == 19 || $0.element.isEmpty })
  }

  @Test func blocksWithoutHeadingsAreNumbered() {
    let doc = RunbookDocument(path: "x.md", text: "```ccs\n1\n```\n\n```ccs\n2\n```\n")
    #expect(doc.steps.map(\.name) == ["step 1", "step 2"])
  }

  @Test func anUnclosedFenceRunsToTheEnd() {
    let doc = RunbookDocument(path: "x.md", text: "# A\n```ccs\nlet x = 1\nlet y = 2\n")
    #expect(doc.steps.first?.code == "let x = 1\nlet y = 2")
  }

  @Test(arguments: [
    (["a.md", "--from", "2", "--set", "app=web", "--dry-run"], "a.md"),
    (["--list", "b.md"], "b.md"),
  ])
  func optionsParse(arguments: [String], path: String) throws {
    let options = try RunbookOptions.parse(arguments)
    #expect(options.path == path)
  }

  @Test(arguments: [
    ([], "runbook needs a Markdown file: ccs runbook FILE.md"),
    (["a.md", "--from"], "--from needs a value"),
    (["a.md", "--set", "novalue"], "--set expects NAME=VALUE, found 'novalue'"),
    (["a.md", "--bogus"], "unknown runbook option '--bogus'"),
    (["a.md", "--from", "1", "--only", "2"], "--from and --only cannot be combined"),
  ])
  func badOptionsAreUsageErrors(arguments: [String], message: String) {
    #expect(throws: RunbookError.usage(message)) { try RunbookOptions.parse(arguments) }
  }
}
