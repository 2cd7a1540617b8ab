import CCS
import CCSRunbook
import Foundation
import Testing

@Suite("ccs runbook: running")
struct RunbookRunTests {
  @Test func variablesAndDefinitionsFlowFromBlockToBlock() async throws {
    let h = RunbookHarness()
    let result = try await h.run(
      """
      # Set up
      ```ccs
      let base = 7
      def triple [n: int] { $n * 3 }
      ```
      # Use
      ```ccs
      print (triple $base)
      ```
      """)
    #expect(result.exitCode == 0)
    #expect(result.steps.map(\.status) == [.passed, .passed])
    #expect(h.stdout.text == "21\n")
    #expect(result.steps[1].output == "21\n")
  }

  @Test func aFailureIsLocatedInTheMarkdownAndStopsTheRest() async throws {
    let h = RunbookHarness()
    let result = try await h.run(
      """
      # Incident

      ## Find the record
      ```ccs
      let r = {a: 1}
      ```

      ## Read a field
      ```ccs
      print "before"
          $r | get missing
      ```

      ## Never reached
      ```ccs
      print "after"
      ```
      """)
    #expect(result.exitCode == 1)
    #expect(result.steps.map(\.status) == [.passed, .failed, .skipped("after a failure")])
    let lines = h.stderr.text.split(separator: "\n").map(String.init)
    let first = try #require(lines.first { $0.hasPrefix("incident.md:") })
    #expect(first.hasPrefix("incident.md:11:"), "\(h.stderr.text)")
    #expect(lines.contains(" 11 |     $r | get missing"))
    #expect(result.steps[1].errors.hasPrefix(first))
    #expect(!h.stdout.text.contains("after"))
  }

  @Test func keepGoingRunsTheStepsAfterAFailure() async throws {
    let h = RunbookHarness()
    let result = try await h.run(
      "# One\n```ccs\n{} | get nope\n```\n# Two\n```ccs\nprint 2\n```\n", { $0.keepGoing = true })
    #expect(result.steps.map(\.status) == [.failed, .passed])
    #expect(result.exitCode == 1)
  }

  @Test func skipBlocksAreShownNotRunAndOtherLanguagesIgnored() async throws {
    let h = RunbookHarness()
    let result = try await h.run(
      """
      # Dangerous
      ```ccs skip
      print "must not run"
      ```
      ```sh
      echo "not ccs either"
      ```
      # Safe
      ```ccs
      print "ran"
      ```
      """)
    #expect(result.steps.map(\.status) == [.skipped("marked skip"), .passed])
    #expect(h.stdout.text == "ran\n")
    #expect(h.stderr.text.contains("--- [1/2] Dangerous: skipped (marked skip)"))
  }

  @Test func fromAndOnlySelectSteps() async throws {
    let markdown =
      "# First\n```ccs\nprint 1\n```\n# Second\n```ccs\nprint 2\n```\n# Third\n```ccs\nprint 3\n```\n"
    let h = RunbookHarness()
    let from = try await h.run(markdown, { $0.from = "second" })
    #expect(from.steps.map(\.status) == [.skipped("before --from"), .passed, .passed])
    #expect(h.stdout.text == "2\n3\n")
    let h2 = RunbookHarness()
    let only = try await h2.run(markdown, { $0.only = "3" })
    #expect(only.steps.map(\.status) == [.skipped("not --only"), .skipped("not --only"), .passed])
    await #expect(throws: RunbookError.unknownStep("Fourth", known: ["First", "Second", "Third"])) {
      _ = try await RunbookHarness().run(markdown, { $0.from = "Fourth" })
    }
  }

  static let parameterized = """
    ---
    title: Restart an app
    params:
      app: ~
      count: 2
      verbose: {default: false, description: "say more"}
    ---
    # Show
    ```ccs
    print "$app x$count $verbose"
    ```
    """

  @Test func parametersComeFromSetAndDefaults() async throws {
    let h = RunbookHarness()
    let result = try await h.run(
      Self.parameterized,
      { $0.parameters = [.init(name: "app", value: "web"), .init(name: "count", value: "5")] })
    #expect(result.exitCode == 0, "\(h.stderr.text)")
    #expect(h.stdout.text == "web x5 false\n")
  }

  @Test func aMissingRequiredParameterStopsBeforeAnyBlock() async throws {
    let h = RunbookHarness()
    await #expect(throws: RunbookError.missingParameters(["app"])) {
      _ = try await h.run(Self.parameterized)
    }
    #expect(h.stdout.text.isEmpty)
  }

  @Test func parameterValuesAreCheckedAgainstTheirDefaults() async throws {
    await #expect(
      throws: RunbookError.invalidParameterValue(name: "count", value: "many", expected: "an int")
    ) {
      _ = try await RunbookHarness().run(
        Self.parameterized,
        { $0.parameters = [.init(name: "app", value: "a"), .init(name: "count", value: "many")] })
    }
    await #expect(
      throws: RunbookError.unknownParameter("ap", declared: ["app", "count", "verbose"])
    ) {
      _ = try await RunbookHarness().run(
        Self.parameterized, { $0.parameters = [.init(name: "ap", value: "a")] })
    }
  }

  @Test func aParamsBlockDeclaresParameters() async throws {
    let markdown =
      "# Params\n```ccs params\n{region: \"par\", app: null}\n```\n# Use\n```ccs\nprint \"$app@$region\"\n```\n"
    await #expect(throws: RunbookError.missingParameters(["app"])) {
      _ = try await RunbookHarness().run(markdown)
    }
    let h = RunbookHarness()
    let result = try await h.run(markdown, { $0.parameters = [.init(name: "app", value: "api")] })
    #expect(result.steps.count == 1)
    #expect(h.stdout.text == "api@par\n")
  }

  @Test func blocksThatDoNotParseStopEverythingBeforeTheFirstStep() async throws {
    let h = RunbookHarness()
    await #expect(throws: RunbookError.invalidBlocks(count: 1)) {
      _ = try await h.run("# A\n```ccs\nprint 1\n```\n# B\n```ccs\nlet x = [1, 2\n```\n")
    }
    #expect(h.stdout.text.isEmpty)
    #expect(h.stderr.text.hasPrefix("incident.md:7:"), "\(h.stderr.text)")
  }

  @Test func dryRunSendsNoWrite() async throws {
    let h = RunbookHarness()
    let result = try await h.run(
      """
      # Read
      ```ccs
      let before = (cloudron tokens list | length)
      ```
      # Write
      ```ccs
      let created = (cloudron tokens create --name "runbook" --scope {"*": "r"})
      if $created.dry_run? == true { print "not created" }
      ```
      """, { $0.dryRun = true }, apis: .all)
    #expect(result.exitCode == 0, "\(h.stderr.text)")
    let requests = try await h.requests()
    #expect(requests.contains("GET /api/v1/tokens"), "\(requests)")
    #expect(requests.allSatisfy { $0.hasPrefix("GET ") }, "\(requests)")
    #expect(h.engine.withLock { $0 }?.unsentWrites.count == 1)
    #expect(h.stdout.text.contains("not created"))
  }
}
