import CCS
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Runs a runbook's ```` ```ccs ```` blocks in order on one engine, so variables and `def`s
/// flow from block to block, recording each step's status, duration and output.
///
/// ```swift
/// let document = try RunbookDocument.load("incident.md")
/// var runner = RunbookRunner(options: RunbookOptions(path: "incident.md"), configuration: configuration)
/// let result = try await runner.run(document)
/// print(RunbookReport.render(document, result))
/// ```
public struct RunbookRunner: Sendable {
  /// What to run and how.
  public var options: RunbookOptions
  /// The engine configuration; the runner adds its own output capture and `dryRunWrites`.
  public var configuration: Engine.Configuration
  /// What is shown while it runs (plain lines by default).
  public var progress: any RunbookProgress
  /// Asked before each step with `--step`: true to run it, false to skip it, nil to stop.
  public var confirm: (@Sendable (_ number: Int, _ total: Int, _ name: String) async -> Bool?)?
  /// Seconds on a monotonic clock (replaceable for reproducible reports).
  public var clock: @Sendable () -> Double
  /// Called with the engine once it exists (the CLI points SIGINT at it).
  public var onEngine: (@Sendable (Engine) -> Void)?

  /// A runner with plain progress lines on the configuration's standard error.
  public init(options: RunbookOptions, configuration: Engine.Configuration) {
    self.options = options
    self.configuration = configuration
    progress = PlainProgress(sink: configuration.standardError)
    clock = {
      let t = ContinuousClock.now - RunbookRunner.epoch
      return Double(t.components.seconds) + Double(t.components.attoseconds) / 1e18
    }
  }

  private static let epoch = ContinuousClock.now

  /// Runs the document's steps.
  ///
  /// - Throws: ``RunbookError`` for problems found before any step runs (parameters, blocks
  ///   that do not parse, an unknown `--from`/`--only` step).
  public func run(_ document: RunbookDocument) async throws(RunbookError) -> RunbookResult {
    let steps = document.steps
    let selection = try selectedSteps(steps)
    let progress = self.progress
    let stdout = StepOutputSink(forwardingTo: configuration.standardOutput) { progress.willWrite() }
    let stderr = StepOutputSink(forwardingTo: configuration.standardError) { progress.willWrite() }
    var configuration = self.configuration
    configuration.standardOutput = stdout
    configuration.standardError = stderr
    configuration.dryRunWrites = configuration.dryRunWrites || options.dryRun
    let report = configuration.onDiagnostic
    configuration.onDiagnostic = { diagnostic in
      progress.willWrite()
      if let report { report(diagnostic) }
    }
    let engine: Engine
    do {
      engine = try await Engine(configuration)
    } catch {
      throw .engineFailed(error.description)
    }
    onEngine?(engine)

    try await defineParameters(document, engine)
    var unparsable = 0
    for step in steps where step.kind == .step {
      let diagnostics = await engine.check(
        source: document.source(of: step), name: document.path, depth: .syntax)
      if !diagnostics.isEmpty { unparsable += 1 }
    }
    if unparsable > 0 {
      // `check` reported them through `onDiagnostic`.
      throw .invalidBlocks(count: unparsable)
    }

    var results: [StepResult] = []
    var stopReason: String?
    var cancelled = false
    let started = clock()
    for (i, step) in steps.enumerated() {
      let number = i + 1
      var skip: String?
      if let stopReason {
        skip = stopReason
      } else if step.kind == .skip {
        skip = "marked skip"
      } else if !selection.contains(i) {
        skip = options.only != nil ? "not --only" : "before --from"
      }
      if skip == nil, options.confirmEachStep, let confirm {
        switch await confirm(number, steps.count, step.name) {
        case true?: break
        case false?: skip = "declined"
        case nil:
          stopReason = "stopped at --step"
          skip = stopReason
        }
      }
      if let skip {
        progress.skipped(number, of: steps.count, name: step.name, reason: skip)
        results.append(
          StepResult(
            number: number, name: step.name, status: .skipped(skip), seconds: 0, output: "",
            errors: ""))
        continue
      }
      progress.started(number, of: steps.count, name: step.name)
      stdout.beginCapture()
      stderr.beginCapture()
      let diagnostics = Locked<[String]>([])
      let t0 = clock()
      let evaluation = await engine.run(source: document.source(of: step), name: document.path) {
        value in
        try await engine.render(value)
      }
      let seconds = clock() - t0
      for d in evaluation.diagnostics { diagnostics.withLock { $0.append(Engine.describe(d)) } }
      let output = stdout.endCapture()
      var errors = stderr.endCapture() + diagnostics.withLock { $0.joined() }
      if evaluation.status == .cancelled { errors += "interrupted\n" }
      let status: StepStatus = evaluation.succeeded ? .passed : .failed
      progress.finished(number, of: steps.count, name: step.name, status: status, seconds: seconds)
      results.append(
        StepResult(
          number: number, name: step.name, status: status,
          seconds: seconds, output: output, errors: errors))
      if evaluation.status == .cancelled {
        cancelled = true
        stopReason = "interrupted"
      } else if !evaluation.succeeded, !options.keepGoing {
        stopReason = "after a failure"
      }
    }
    return RunbookResult(steps: results, cancelled: cancelled, seconds: clock() - started)
  }

  /// The indices of the steps `--from` / `--only` select (all by default).
  func selectedSteps(_ steps: [RunbookDocument.Block]) throws(RunbookError) -> Set<Int> {
    func index(of wanted: String) throws(RunbookError) -> Int {
      if let n = Int(wanted), n >= 1, n <= steps.count { return n - 1 }
      if let i = steps.firstIndex(where: { $0.name.lowercased() == wanted.lowercased() }) {
        return i
      }
      throw .unknownStep(wanted, known: steps.map(\.name))
    }
    if let only = options.only { return [try index(of: only)] }
    if let from = options.from { return Set(try index(of: from)..<steps.count) }
    return Set(steps.indices)
  }

  /// Declares the parameters (front matter, params blocks) and defines them as variables.
  func defineParameters(_ document: RunbookDocument, _ engine: Engine) async throws(RunbookError) {
    var parameters = RunbookParameters()
    if let frontMatter = document.frontMatter {
      let (yaml, line) = (frontMatter.text, frontMatter.line)
      let parsed = await engine.call(command: "from yaml", input: .string(yaml))
      guard parsed.succeeded else {
        throw .invalidFrontMatter(
          path: document.path, line: line, reason: parsed.diagnostics.first?.message ?? "not YAML")
      }
      if case .record(let fields) = parsed.value, let params = fields["params"] {
        guard case .record(let declarations) = params else {
          throw .invalidFrontMatter(
            path: document.path, line: line,
            reason: "'params' must be a mapping of names to defaults")
        }
        parameters.declare(from: declarations)
      }
    }
    for block in document.blocks where block.kind == .params {
      let evaluation = await engine.run(source: document.source(of: block), name: document.path)
      guard evaluation.succeeded else {
        throw .invalidParamsBlock(
          path: document.path, line: block.fenceLine,
          reason: evaluation.diagnostics.first?.message ?? "it failed")
      }
      guard case .record(let declarations) = evaluation.value else {
        throw .invalidParamsBlock(
          path: document.path, line: block.fenceLine,
          reason: "expected a record of names to defaults (null for required)")
      }
      parameters.declare(from: declarations)
    }
    for (name, value) in try parameters.resolve(options.parameters) {
      guard await engine.setVariable(name, to: value) else {
        throw .usage("'\(name)' is not a variable name")
      }
    }
  }
}

extension RunbookDocument {
  /// Reads a runbook from a file.
  public static func load(
    _ path: String, workingDirectory: String = FileManager.default.currentDirectoryPath
  )
    throws(RunbookError) -> RunbookDocument
  {
    let resolved =
      path.hasPrefix("/") ? path : PathName.join(workingDirectory, path)
    guard let data = FileManager.default.contents(atPath: resolved) else {
      throw .unreadable(path: path)
    }
    return RunbookDocument(path: path, text: String(decoding: data, as: UTF8.self))
  }
}
