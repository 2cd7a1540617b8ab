import CCS

/// The REPL's prompt: the API in use and where it points, `cloudron@sandbox> ` or
/// `clever@prod> `, plain `ccs> ` before any API is used and without a profile.
///
/// The API is the one whose command the last entry ran; where it points comes from the host
/// (`place`), which knows profiles and the sandbox. Colors (API cyan, a sandbox yellow) only
/// when the context allows them, so NO_COLOR and `--no-color` give plain text.
public struct ShellPrompt: Sendable {
  /// Where an API's requests go: a profile name, or `sandbox`.
  public typealias Place = ConnectionPlace

  /// Where requests of an API (nil: no API used yet) go, if anywhere.
  public var place: @Sendable (_ api: String?) -> Place?

  /// Creates a prompt; the default knows no places.
  public init(place: @escaping @Sendable (_ api: String?) -> Place? = { _ in nil }) {
    self.place = place
  }

  /// The first-line prompt.
  func text(api: String?, color: Bool) -> String {
    let name = api ?? "ccs"
    guard let place = place(api) else { return paint(name, "36", color) + "> " }
    let where_ = paint(place.name, place.isSandbox ? "33" : "35", color)
    return paint(name, "36", color) + "@" + where_ + "> "
  }

  /// The prompt of continuation lines, as wide as `prompt` would be without colors.
  func continuation(api: String?) -> String {
    let width = text(api: api, color: false).count
    return String(repeating: ".", count: max(width - 2, 3)) + "> "
  }

  private func paint(_ text: String, _ code: String, _ color: Bool) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// The API the first command of `source` belongs to (`cloudron tasks list` → `cloudron`),
  /// or nil when it is not an API command.
  static func api(of source: String, engine: Engine) -> String? {
    let trimmed = source.drop(while: { $0 == " " || $0 == "(" })
    guard let first = trimmed.split(whereSeparator: { " |\n;".contains($0) }).first else {
      return nil
    }
    let word = String(first)
    guard let sub = engine.subcommands(of: word).first else { return nil }
    var name = "\(word) \(sub)"
    while engine.command(named: name) == nil, let next = engine.subcommands(of: name).first {
      name += " \(next)"
    }
    return engine.command(named: name)?.category == "api:\(word)" ? word : nil
  }
}
