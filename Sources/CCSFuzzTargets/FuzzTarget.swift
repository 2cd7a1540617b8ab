import CCSLanguage
import CCSRuntime
import Dispatch

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The fuzz targets: each takes arbitrary bytes and must return without a trap, a hang or a
/// broken invariant. `Fuzz/` links them into a libFuzzer binary; the regression tests run
/// saved crashers and seeds through the same functions.
///
/// ```swift
/// try FuzzTarget.json.run(Array("[1, {\"a\": null}]".utf8))
/// ```
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// The lexer and parser on source text, diagnostics rendered.
  case parse
  /// The evaluator on programs that parse, under a time budget, API commands answered by an
  /// in-process sandbox and host I/O refused.
  case eval
  case json
  case yaml
  case csv
  case ndjson
  case sse
  /// The OpenAPI catalog loader (JSON or YAML document → operations → command signatures).
  case catalog
  /// The sandbox's request handling, in process: `METHOD TARGET`, header lines, a blank line,
  /// the body.
  case sandbox
  /// The configuration file's TOML reader and the `default_profile` edit of `profile use`.
  case config
  /// The regex engine: a pattern line, then the text to match.
  case regex

  /// Runs one input through the target.
  /// - Throws: ``FuzzViolation`` when an invariant of the target does not hold.
  public func run(_ bytes: [UInt8]) throws(FuzzViolation) {
    switch self {
    case .parse: try LanguageTargets.parse(bytes)
    case .eval: try LanguageTargets.evaluate(bytes)
    case .json: try ReaderTargets.json(bytes)
    case .yaml: try ReaderTargets.yaml(bytes)
    case .csv: try ReaderTargets.csv(bytes)
    case .ndjson: try ReaderTargets.ndjson(bytes)
    case .sse: try ReaderTargets.sse(bytes)
    case .catalog: try CatalogTarget.run(bytes)
    case .sandbox: try SandboxTarget.run(bytes)
    case .config: try ConfigTarget.run(bytes)
    case .regex: try RegexTarget.run(bytes)
    }
  }
}

/// An invariant a fuzz target checks that did not hold (a trap or a hang is caught by the
/// fuzzer itself, not reported here).
public enum FuzzViolation: Error, Sendable, Equatable, CustomStringConvertible {
  /// Text written by a writer did not read back as the same value.
  case roundTrip(format: String, detail: String)
  /// A diagnostic points outside its source text.
  case diagnosticOutOfRange(start: Int, end: Int, length: Int)
  /// The sandbox answered a status outside 100…599, or a 5xx with no fault configured.
  case sandboxStatus(Int, target: String)
  /// The evaluator did not stop within its budget after being cancelled.
  case evaluatorOverBudget(milliseconds: Int)

  public var description: String {
    switch self {
    case .roundTrip(let format, let detail): "\(format) round trip failed: \(detail)"
    case .diagnosticOutOfRange(let start, let end, let length):
      "diagnostic range \(start)..<\(end) outside a source of \(length) bytes"
    case .sandboxStatus(let status, let target): "sandbox answered \(status) to \(target)"
    case .evaluatorOverBudget(let ms): "the evaluator ran \(ms) ms past cancellation"
    }
  }
}

/// Runs async work to completion from synchronous code (the libFuzzer callback).
enum Blocking {
  static func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Task.detached {
      box.value = await body()
      done.signal()
    }
    done.wait()
    guard let value = box.value else {
      preconditionFailure("the blocking task ended without a value")
    }
    return value
  }

  /// Written once by the task before the semaphore is signalled, read after the wait.
  private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
  }
}
