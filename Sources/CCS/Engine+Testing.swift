import CCSAPI
import CCSLanguage
import CCSRuntime

// Package-only entry points for this package's tests, which drive the runtime and the API
// layer below the facade. Not public API.
extension Engine {
  /// An engine over a prepared runtime context (an `APIContext` already attached is kept).
  package convenience init(context: RuntimeContext, loadPrelude: Bool = true) async throws {
    var configuration = Configuration()
    configuration.standardOutput = context.stdout
    configuration.standardError = context.stderr
    configuration.environment = context.environment
    configuration.workingDirectory = context.currentDirectory
    configuration.loadPrelude = loadPrelude
    try await self.init(configuration, context: context)
  }

  /// The interpreter, for tests that inspect it.
  package var runtime: Interpreter { interpreter }

  /// The API layer's state (profiles, overrides, dry-run switch).
  package var apiContext: APIContext? { api }

  /// Evaluates source and returns the value of its last statement, rethrowing the error the
  /// interpreter threw (tests match error types and payloads).
  @discardableResult
  package func evaluate(_ source: String, name: String = "<eval>") async throws -> Value {
    let thrown = Locked<(any Error)?>(nil)
    let result = await exclusive { interpreter in
      do {
        return Evaluation(
          value: try await interpreter.evaluate(source, name: name), diagnostics: [],
          status: .succeeded)
      } catch {
        thrown.withLock { $0 = error }
        throw error
      }
    }
    if let error = thrown.withLock({ $0 }) { throw error }
    if result.status == .cancelled { throw CancellationError() }
    return result.value
  }
}
