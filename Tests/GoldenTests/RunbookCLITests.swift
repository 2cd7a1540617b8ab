import Foundation
import Testing

/// `ccs runbook` through the executable: listing, exit statuses, locations, reports.
@Suite("ccs runbook (executable)")
struct RunbookCLITests {
  static func write(_ text: String, name: String = "incident.md") throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ccs-runbook-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    return dir
  }

  static let incident = """
    # Incident

    ## Gather
    ```ccs
    let n = 41
    ```

    ## Compute
    ```ccs
    print ($n + 1)
    ```

    ## Break
    ```ccs
    let r = {}
    print $r.missing.field
    ```
    """

  @Test func listShowsTheSteps() async throws {
    let dir = try Self.write(Self.incident)
    let r = try await CCSBinary.run(["runbook", "incident.md", "--list"], directory: dir)
    #expect(r.status == 0)
    #expect(
      r.stdout
        == "1. Gather  [incident.md:4]\n2. Compute  [incident.md:9]\n3. Break  [incident.md:14]\n")
  }

  @Test func aFailingStepIsLocatedInTheMarkdownAndSetsTheExitStatus() async throws {
    let dir = try Self.write(Self.incident)
    let r = try await CCSBinary.run(
      ["runbook", "incident.md", "--report", "out.md"], directory: dir)
    #expect(r.status == 1)
    #expect(r.stdout == "42\n")
    #expect(r.stderr.contains("==> [1/3] Gather\n"))
    #expect(r.stderr.contains("incident.md:16:"), "\(r.stderr)")
    #expect(r.stderr.contains(" 16 | print $r.missing.field"))
    #expect(r.stderr.contains("incident.md: 2 passed, 1 failed, 0 skipped in "))
    let report = try String(contentsOf: dir.appendingPathComponent("out.md"), encoding: .utf8)
    #expect(report.contains("> **Step 3: failed**"))
    #expect(report.contains("| 2 | Compute | passed |"))
  }

  @Test func usageAndParameterErrorsExitWithTwo() async throws {
    let dir = try Self.write("---\nparams:\n  app: ~\n---\n# A\n```ccs\nprint $app\n```\n")
    let missing = try await CCSBinary.run(["runbook", "incident.md"], directory: dir)
    #expect(missing.status == 2)
    #expect(
      missing.stderr == "ccs runbook: missing required parameter: app (set with --set NAME=VALUE)\n"
    )
    let set = try await CCSBinary.run(
      ["runbook", "incident.md", "--set", "app=web"], directory: dir)
    #expect(set.status == 0)
    #expect(set.stdout == "web\n")
    let absent = try await CCSBinary.run(["runbook", "nothere.md"], directory: dir)
    #expect(absent.status == 2)
    #expect(absent.stderr == "ccs runbook: cannot read 'nothere.md': no such file\n")
    let bad = try await CCSBinary.run(["runbook", "incident.md", "--frm", "x"], directory: dir)
    #expect(bad.status == 2)
    #expect(bad.stderr == "ccs runbook: unknown runbook option '--frm'\n")
  }
}
