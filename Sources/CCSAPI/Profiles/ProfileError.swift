/// A problem with the configuration file, a profile, or a profile's secrets.
///
/// Descriptions name the file (and line when known) and never contain a secret.
public enum ProfileError: Error, Sendable, Hashable {
  /// The file is not valid TOML.
  case syntax(path: String, line: Int?, column: Int?, message: String)
  /// The file is valid TOML but a value is wrong (`readonly = "yes"`, unknown `auth`).
  case invalid(path: String, line: Int?, message: String)
  /// The file could not be read or written.
  case io(path: String, message: String)
  /// No profile has this name; `from` says where the name came from (`--profile`,
  /// `CCS_PROFILE`, `default_profile`).
  case unknownProfile(name: String, from: String, available: [String])
  /// The named profile is for another API than the command needs.
  case apiMismatch(profile: String, profileAPI: String, requestedAPI: String)
  /// A secret could not be obtained (unset variable, failing or slow `token_command`, missing
  /// OAuth consumer).
  case secretUnavailable(profile: String, field: String, reason: String)
  /// No profile applies to `api`; `hint` says how to configure one.
  case noProfile(api: String, hint: String)
  /// A readonly profile was asked to send a method other than GET, HEAD or OPTIONS.
  case readonly(profile: String, method: String)
}

extension ProfileError: CustomStringConvertible {
  /// A one-line, lowercase message: `~/.config/ccs/config.toml:4:9: error: …`.
  public var description: String {
    switch self {
    case .syntax(let path, let line, let column, let message):
      return "\(Self.location(path, line, column)): error: \(message)"
    case .invalid(let path, let line, let message):
      return "\(Self.location(path, line, nil)): error: \(message)"
    case .io(let path, let message):
      return "\(path): error: \(message)"
    case .unknownProfile(let name, let from, let available):
      let known =
        available.isEmpty
        ? "no profiles are defined" : "known: \(available.joined(separator: ", "))"
      return "unknown profile '\(name)' (from \(from)); \(known)"
    case .apiMismatch(let profile, let profileAPI, let requestedAPI):
      return "profile '\(profile)' is for the \(profileAPI) API, not \(requestedAPI)"
    case .secretUnavailable(let profile, let field, let reason):
      return "profile '\(profile)': cannot get \(field): \(reason)"
    case .noProfile(let api, let hint):
      return "no profile for the \(api) API: \(hint)"
    case .readonly(let profile, let method):
      return "profile '\(profile)' is readonly: \(method) refused (only GET, HEAD and OPTIONS)"
    }
  }

  private static func location(_ path: String, _ line: Int?, _ column: Int?) -> String {
    var text = path
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    return text
  }
}
