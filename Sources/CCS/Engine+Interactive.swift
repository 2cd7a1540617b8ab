import CCSAPI
import CCSRuntime

// What an interactive front end in this package needs beyond running source: reading the
// session between statements (completion, history) and where each API points (the prompt).
// Package API, not public: embedders use the public surface.

extension Engine {
  /// Runs `body` on the engine's interpreter if no evaluation is running, holding the
  /// evaluation gate for the whole call so none can start meanwhile; nil when one is running.
  ///
  /// The shell calls it from the line editor's thread (completion, the history redactor) while
  /// it waits for a line, so the gate is normally free; a completion never waits for a
  /// running statement.
  package func whileIdle<T>(_ body: (Interpreter) throws -> T) rethrows -> T? {
    guard gate.tryAcquire() else { return nil }
    defer { gate.release() }
    return try body(interpreter)
  }

  /// Where requests of an API go: the profile it uses, or the engine's sandbox. With `api`
  /// nil (no API used yet), the explicit profile or the sandbox, if either is set up.
  public func connectionPlace(of api: String?) -> ConnectionPlace? {
    guard let context = self.api else { return nil }
    let sandbox = ConnectionPlace(name: "sandbox", isSandbox: true)
    guard let api else {
      if let explicit = context.explicitProfile {
        return ConnectionPlace(name: explicit, isSandbox: false)
      }
      return sandbox.onlyIf(self.sandbox != nil)
    }
    if context.explicitProfile == nil, self.sandbox != nil, context.overrides[api] != nil {
      return sandbox
    }
    guard let profile = try? context.profile(for: api) else { return nil }
    return ConnectionPlace(name: profile.name, isSandbox: false)
  }
}

/// Where an API's requests go: a profile by name, or the sandbox.
public struct ConnectionPlace: Sendable, Equatable {
  /// The profile's name, or `sandbox`.
  public var name: String
  /// Whether it is the engine's built-in sandbox.
  public var isSandbox: Bool

  /// Creates a place.
  public init(name: String, isSandbox: Bool) {
    self.name = name
    self.isSandbox = isSandbox
  }

  fileprivate func onlyIf(_ condition: Bool) -> ConnectionPlace? { condition ? self : nil }
}
