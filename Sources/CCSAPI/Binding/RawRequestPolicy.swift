#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The safety rules of `http`, the raw request command, matching those of API commands.
///
/// - **Readonly**: a method other than GET, HEAD, OPTIONS is refused before sending when a
///   readonly profile governs the request: the `--profile` flag's profile if given; otherwise
///   the session's (`ccs --profile NAME`); otherwise, for each API, the profile an API command
///   would select, when its base URL covers the request URL (same scheme, host and port, and
///   the base path is a prefix of the request path).
/// - **Destructive**: a DELETE, or a request whose method and path match an operation marked
///   destructive in a built-in or loaded catalog (`POST …/tasks/{id}/stop`), asks for
///   confirmation at a terminal and needs `--yes` in a script.
enum RawRequestPolicy {
  /// The readonly profile that refuses `method` to `url`, if any.
  static func refusingProfile(
    method: APIRequest.Method, url: URL, flagProfile: Profile?, api: APIContext
  ) throws -> Profile? {
    guard !method.isSafe else { return nil }
    if let flagProfile { return flagProfile.readonly ? flagProfile : nil }
    if let name = api.explicitProfile {
      let store = try api.profiles()
      guard
        let profile = store.profile(named: name)
          ?? api.overrides.values.first(where: { $0.name == name })
      else {
        throw ProfileError.unknownProfile(
          name: name, from: "--profile", available: store.profiles.map(\.name))
      }
      return profile.readonly ? profile : nil
    }
    var apis = Set(api.overrides.keys).union(api.documents.keys).union(["clever", "cloudron"])
    if let store = try? api.profiles() { apis.formUnion(store.profiles.map(\.api)) }
    for name in apis.sorted() {
      guard let profile = try? api.profile(for: name), profile.readonly,
        let base = profile.baseURL, covers(base: base, url: url)
      else { continue }
      return profile
    }
    return nil
  }

  /// Whether `url` is under `base`: same scheme, host and port, and a path below its path.
  static func covers(base: URL, url: URL) -> Bool {
    guard let baseScheme = base.scheme?.lowercased(), baseScheme == url.scheme?.lowercased(),
      let baseHost = base.host?.lowercased(), baseHost == url.host?.lowercased(),
      port(base) == port(url)
    else { return false }
    let basePath = base.path.split(separator: "/")
    let path = url.path.split(separator: "/")
    return path.starts(with: basePath)
  }

  private static func port(_ url: URL) -> Int? {
    url.port
      ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
  }

  /// Whether the request needs confirmation.
  static func isDestructive(method: APIRequest.Method, url: URL, api: APIContext) -> Bool {
    if method == .delete { return true }
    guard !method.isSafe else { return false }
    let loaded = api.documents.values.flatMap(\.operations)
    return (BuiltinCatalogs.destructive + loaded).contains { spec in
      spec.destructive && spec.method == method.rawValue
        && matches(template: spec.path, path: url.path)
    }
  }

  /// Whether the last segments of `path` match the template's (`{name}` matches one
  /// non-empty segment, with any literal prefix and suffix around it), so a base URL with a
  /// path prefix does not matter.
  static func matches(template: String, path: String) -> Bool {
    let want = template.split(separator: "/")
    let have = path.split(separator: "/")
    guard have.count >= want.count, !want.isEmpty else { return false }
    for (segment, part) in zip(want, have.suffix(want.count)) {
      guard let open = segment.firstIndex(of: "{"), let close = segment.firstIndex(of: "}"),
        open < close
      else {
        guard segment == part else { return false }
        continue
      }
      let prefix = segment[..<open]
      let suffix = segment[segment.index(after: close)...]
      guard part.count > prefix.count + suffix.count, part.hasPrefix(prefix), part.hasSuffix(suffix)
      else {
        return false
      }
    }
    return true
  }
}

/// The destructive operations of the built-in catalogs, parsed once, on the first raw write.
enum BuiltinCatalogs {
  static let destructive: [OperationSpec] = APIBindings.builtin.flatMap { name, yaml in
    let specs =
      (try? APIBindings.operations(name: name, text: String(decoding: yaml, as: UTF8.self)).specs)
      ?? []
    return specs.filter(\.destructive)
  }
}
