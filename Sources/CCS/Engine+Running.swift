import CCSLanguage
import CCSRuntime
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Engine {
  /// Parses and runs a program in the engine's global scope: `let`s and `def`s stay for the
  /// next evaluation.
  ///
  /// - Parameters:
  ///   - source: ccs source text.
  ///   - name: the file name diagnostics show (`deploy.ccs:3:9: error: …`).
  ///   - onValue: receives the value of each top-level pipeline as it is produced (the `ccs`
  ///     executable renders them there). Without it, the last value is returned and the
  ///     finite streams of the others are consumed, so their requests happen.
  /// - Returns: the value and diagnostics; errors are never thrown.
  public func run(
    source: String, name: String = "<source>",
    onValue: (@Sendable (Value) async throws -> Void)? = nil
  ) async -> Evaluation {
    await exclusive { interpreter in
      let file = SourceFile(name: name, text: source)
      let (program, diagnostics) = Parser.parse(file, config: interpreter.parserConfig)
      if !diagnostics.isEmpty {
        return Evaluation(value: .null, diagnostics: diagnostics, status: .rejected)
      }
      let last = ValueBox<Value>()
      try await interpreter.run(program) { value in
        if let onValue {
          try await onValue(value)
        } else {
          if case .stream(let s)? = last.value, !s.isLive { _ = try await s.collect() }
          last.value = value
        }
      }
      return Evaluation(value: last.value ?? .null, diagnostics: [], status: .succeeded)
    }
  }

  /// Reads and runs a `.ccs` file (see ``run(source:name:onValue:)``); an unreadable file is
  /// a ``Evaluation/Status/rejected`` evaluation.
  public func run(
    file path: String, onValue: (@Sendable (Value) async throws -> Void)? = nil
  )
    async -> Evaluation
  {
    let resolved =
      path.hasPrefix("/")
      ? path : PathName.join(configuration.workingDirectory, path)
    guard let data = FileManager.default.contents(atPath: resolved) else {
      let d = Diagnostic("cannot read '\(path)': no such file", at: .none, in: nil)
      configuration.onDiagnostic?(d)
      return Evaluation(value: .null, diagnostics: [d], status: .rejected)
    }
    return await run(source: String(decoding: data, as: UTF8.self), name: path, onValue: onValue)
  }

  /// Calls one command by name with values, as if written `name ARG… --flag VALUE…`: the
  /// arguments are checked against its signature like any call.
  ///
  /// ```swift
  /// let apps = await engine.call(command: "cloudron apps list")
  /// let names = await engine.call(command: "get", arguments: [.string("id")], input: apps.value)
  /// ```
  public func call(
    command name: String, arguments: [Value] = [], flags: [String: Value] = [:],
    input: Value = .null
  ) async -> Evaluation {
    let words = name.split(separator: " ").map(String.init)
    let isWord: (String) -> Bool = { w in
      !w.isEmpty && w.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }
    guard !words.isEmpty, words.allSatisfy(isWord), flags.keys.allSatisfy(isWord) else {
      let d = Diagnostic(
        "'\(name)' is not a command name", at: .none, in: nil,
        notes: ["a command name is words of letters, digits, '-' and '_'"])
      configuration.onDiagnostic?(d)
      return Evaluation(value: .null, diagnostics: [d], status: .rejected)
    }
    return await exclusive { interpreter in
      guard
        interpreter.registry.command(named: name) != nil
          || interpreter.globals.command(named: name) != nil
      else {
        return Evaluation(
          value: .null,
          diagnostics: [Diagnostic("unknown command '\(name)'", at: .none, in: nil)],
          status: .rejected)
      }
      // The call runs as generated source binding each argument to a variable; `parts` says
      // which bytes of it stand for which argument, to locate errors for the caller.
      var bindings: [String: Value] = [:]
      var text = words.joined(separator: " ")
      var parts: [(bytes: Range<Int>, what: String)] = []
      for (i, argument) in arguments.enumerated() {
        bindings["__call_argument_\(i)"] = argument
        let start = text.utf8.count + 1
        text += " $__call_argument_\(i)"
        parts.append((start..<text.utf8.count, "argument \(i + 1)"))
      }
      for (i, (flag, value)) in flags.sorted(by: { $0.key < $1.key }).enumerated() {
        bindings["__call_flag_\(i)"] = value
        let start = text.utf8.count + 1
        text += " --\(flag) $__call_flag_\(i)"
        parts.append((start..<text.utf8.count, "flag --\(flag)"))
      }
      let file = "<call \(name)>"
      do {
        let value = try await interpreter.evaluate(
          text, name: file, bindings: bindings, input: input)
        return Evaluation(value: value, diagnostics: [], status: .succeeded)
      } catch {
        var failure = Engine.evaluation(for: error)
        failure.diagnostics = failure.diagnostics.map { d in
          guard d.file?.name == file else { return d }
          let part = parts.first { $0.bytes.contains(d.range.start) }?.what
          let place = part.map { "\($0) of the call of '\(name)'" } ?? "the call of '\(name)'"
          var located = d
          located.file = nil
          located.range = .none
          located.notes.insert("in \(place)", at: 0)
          return located
        }
        return failure
      }
    }
  }

  /// How much ``check(source:name:depth:)`` checks.
  public enum CheckDepth: Sendable {
    /// Syntax only: what can be known of a fragment whose commands come from elsewhere (a
    /// runbook block using a `def` of an earlier block).
    case syntax
    /// Syntax, then command names, flags and argument counts against the commands known now
    /// (the check every run makes first).
    case commands
  }

  /// The problems in `source` found without running it, as diagnostics: parse errors, then
  /// (with `depth` `.commands`) unknown commands, flags and wrong argument counts.
  public func check(
    source: String, name: String = "<source>", depth: CheckDepth = .commands
  ) async
    -> [Diagnostic]
  {
    let result = await exclusive { interpreter in
      let (program, diagnostics) = Parser.parse(
        SourceFile(name: name, text: source), config: interpreter.parserConfig)
      if !diagnostics.isEmpty {
        return Evaluation(value: .null, diagnostics: diagnostics, status: .rejected)
      }
      if depth == .syntax { return Evaluation(value: .null, diagnostics: [], status: .succeeded) }
      do throws(ProgramRefused) {
        try interpreter.check(program)
      } catch {
        return Evaluation(value: .null, diagnostics: error.diagnostics, status: .rejected)
      }
      return Evaluation(value: .null, diagnostics: [], status: .succeeded)
    }
    return result.diagnostics
  }

  /// Writes a value to the configured standard output in `format` (the configured format by
  /// default): a table at a terminal, JSON for structures elsewhere, streams item by item.
  ///
  /// Call it from an `onValue` handler, or after an evaluation returned.
  public func render(_ value: Value, format: OutputFormat? = nil) async throws {
    let renderer = OutputRenderer(
      format: format ?? configuration.outputFormat, interpreter: interpreter)
    if Engine.runningEngine == ObjectIdentifier(self) {
      try await renderer.emit(value)
      return
    }
    let result = await exclusive { _ in
      try await renderer.emit(value)
      return Evaluation(value: .null, diagnostics: [], status: .succeeded)
    }
    if result.status == .cancelled { throw CancellationError() }
    if let d = result.diagnostics.first, result.status != .succeeded { throw d }
  }

  /// Renders a diagnostic the way the `ccs` executable prints it: `file:line:col: error: …`,
  /// the source line and a caret.
  public static func describe(_ diagnostic: Diagnostic, color: Bool = false) -> String {
    DiagnosticRenderer(color: color).render(diagnostic)
  }

  // MARK: - One evaluation at a time

  /// The engine whose evaluation the current task is part of.
  @TaskLocal static var runningEngine: ObjectIdentifier?

  /// Runs `body` as this engine's only evaluation, in a task the cancellation handle (and the
  /// caller's cancellation) can cancel, turning thrown errors into diagnostics.
  func exclusive(
    _ body: @escaping @Sendable (Interpreter) async throws -> Evaluation
  ) async
    -> Evaluation
  {
    if Engine.runningEngine == ObjectIdentifier(self) {
      let d = Diagnostic(
        "this engine is already running an evaluation in this task", at: .none, in: nil,
        notes: ["a host command cannot run source on the engine that called it"])
      configuration.onDiagnostic?(d)
      return Evaluation(value: .null, diagnostics: [d], status: .rejected)
    }
    guard await gate.acquire() else {
      return Evaluation(value: .null, diagnostics: [], status: .cancelled)
    }
    defer { gate.release() }
    let interpreter = self.interpreter
    let id = ObjectIdentifier(self)
    let outcome = ValueBox<Evaluation>()
    let onDiagnostic = configuration.onDiagnostic
    // Before the task exists: it may print (and be interrupted) before `attach` runs.
    cancellation.begin()
    let task = Task(executorPreference: configuration.taskExecutor) {
      await Engine.$runningEngine.withValue(id) {
        let result: Evaluation
        do {
          result = try await body(interpreter)
        } catch {
          result = Engine.evaluation(for: error)
        }
        for d in result.diagnostics { onDiagnostic?(d) }
        outcome.value = result
      }
    }
    cancellation.attach(task)
    await withTaskCancellationHandler {
      await task.value
    } onCancel: {
      task.cancel()
    }
    cancellation.end()
    // Cancellation often surfaces as some other error (a closed stream, an aborted request).
    if task.isCancelled { return Evaluation(value: .null, diagnostics: [], status: .cancelled) }
    return outcome.value ?? Evaluation(value: .null, diagnostics: [], status: .cancelled)
  }

  /// An error thrown by an evaluation, as diagnostics and a status.
  static func evaluation(for error: any Error) -> Evaluation {
    switch error {
    case let e as RuntimeError:
      return Evaluation(value: .null, diagnostics: [e.diagnostic], status: .failed)
    case let list as DiagnosticList:
      return Evaluation(value: .null, diagnostics: list.diagnostics, status: .rejected)
    case let refused as ProgramRefused:
      return Evaluation(value: .null, diagnostics: refused.diagnostics, status: .rejected)
    case let usage as UsageError:
      return Evaluation(value: .null, diagnostics: [usage.diagnostic], status: .rejected)
    case let d as Diagnostic:
      return Evaluation(value: .null, diagnostics: [d], status: .failed)
    case is CancellationError:
      return Evaluation(value: .null, diagnostics: [], status: .cancelled)
    default:
      return Evaluation(
        value: .null, diagnostics: [Diagnostic("\(error)", at: .none, in: nil)], status: .failed)
    }
  }
}

/// A value written by the evaluation task and read by the caller after awaiting it.
///
final class ValueBox<T: Sendable>: Sendable {
  private let storage = Locked<T?>(nil)
  var value: T? {
    get { storage.withLock { $0 } }
    set { storage.withLock { $0 = newValue } }
  }
}
