import CCSRuntime
import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension APIContext {
  /// A profile by name: the session's own (the sandbox's `sandbox-cloudron`), then the
  /// configured and environment ones.
  public func namedProfile(_ name: String) throws -> Profile? {
    if let p = overrideStore.withLock({ $0.values.first { $0.name == name } }) { return p }
    return try profiles().profile(named: name)
  }

  /// Where the commands of a document bound with `api load` send their requests.
  public enum LoadedAPIProfile: Sendable, Equatable {
    /// `--profile P` (its credentials, its base URL unless `--base-url` is given).
    case profile(String)
    /// `--base-url URL` alone: no credentials.
    case baseURL(String)
    /// The sandbox serves the document's paths: they go to the sandbox of `api`.
    case sandbox(api: String)
    /// The document's `servers` (or nothing: commands then say how to set a profile).
    case servers
  }

  /// Chooses and records the profile of the loaded API `name` (see ``LoadedAPIProfile``).
  @discardableResult
  func bindLoadedProfile(
    name: String, document: LoadedDocument, profile: String?, baseURL: String?,
    builtinDocument: (String) -> LoadedDocument?
  ) throws -> LoadedAPIProfile {
    let url = try baseURL.map { text -> URL in
      guard let u = ProfileStore.normalizedBaseURL(text) else {
        throw LoadedAPIError.invalidBaseURL(text)
      }
      return u
    }
    if let profile {
      guard var p = try namedProfile(profile) else { throw LoadedAPIError.unknownProfile(profile) }
      p.api = name
      if let url { p.baseURL = url }
      setOverride(p, for: name)
      return .profile(profile)
    }
    if let url, let baseURL {
      setOverride(
        Profile(name: name, api: name, baseURL: url, auth: .none, origin: .program), for: name)
      return .baseURL(baseURL)
    }
    let paths = Set(document.operations.map { Self.shape($0.method, $0.path) })
    let sandboxes = overrideStore.withLock {
      $0.filter { $0.value.name.hasPrefix("sandbox-") && $0.key != name }
    }
    for (api, sandbox) in sandboxes.sorted(by: { $0.key < $1.key }) {
      guard !paths.isEmpty, let builtin = builtinDocument(api) else { continue }
      let served = Set(builtin.operations.map { Self.shape($0.method, $0.path) })
      guard paths.isSubset(of: served) else { continue }
      var p = sandbox
      p.api = name
      p.name = "sandbox-\(name)"
      setOverride(p, for: name)
      return .sandbox(api: api)
    }
    overrideStore.withLock { _ = $0.removeValue(forKey: name) }
    return .servers
  }

  private func setOverride(_ profile: Profile, for name: String) {
    overrideStore.withLock { $0[name] = profile }
  }

  /// `GET /tasks/{}`: a path with its parameter names dropped, to compare documents.
  static func shape(_ method: String, _ path: String) -> String {
    var shape = ""
    var inParameter = false
    for character in path {
      if inParameter {
        if character == "}" {
          shape += "{}"
          inParameter = false
        }
      } else if character == "{" {
        inParameter = true
      } else {
        shape.append(character)
      }
    }
    if inParameter { shape += "{" }
    return method.uppercased() + " " + shape
  }
}

/// Why `api load` cannot give a document the profile asked for.
enum LoadedAPIError: Error, CustomStringConvertible {
  case unknownProfile(String)
  case invalidBaseURL(String)

  var description: String {
    switch self {
    case .unknownProfile(let name): "no profile named '\(name)'"
    case .invalidBaseURL(let text): "--base-url must be an absolute http(s) URL, not '\(text)'"
    }
  }
}
