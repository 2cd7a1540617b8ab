import CCS

/// The parameters a runbook declares, in its front matter or a ```` ```ccs params ```` block:
/// a mapping of name to default value, where `null` (YAML `~`) means required, or to a record
/// `{default: …, required: true, description: "…"}`.
///
/// ```yaml
/// ---
/// params:
///   app: ~                 # required
///   region: par            # default
///   lines: {default: 50, description: "log lines to show"}
/// ---
/// ```
public struct RunbookParameters: Sendable {
  /// One declared parameter.
  public struct Declaration: Sendable {
    /// The variable name.
    public var name: String
    /// The default; nil when required.
    public var defaultValue: Value?
    /// One line of help.
    public var description: String
  }

  /// The declarations in order.
  public private(set) var declarations: [Declaration] = []

  /// No declarations.
  public init() {}

  /// Adds the declarations of a record (front matter `params`, or a params block's value).
  mutating func declare(from record: Record) {
    for (name, spec) in record {
      var declaration = Declaration(name: name, defaultValue: spec, description: "")
      if case .null = spec { declaration.defaultValue = nil }
      if case .record(let fields) = spec,
        fields["default"] != nil || fields["required"] != nil || fields["description"] != nil
      {
        declaration.defaultValue = fields["default"]
        if case .null? = declaration.defaultValue { declaration.defaultValue = nil }
        if case .bool(true)? = fields["required"] { declaration.defaultValue = nil }
        declaration.description = fields["description"]?.stringValue ?? ""
      }
      declarations.removeAll { $0.name == name }
      declarations.append(declaration)
    }
  }

  /// The variables to define: each declared parameter's `--set` value or default, and any
  /// `--set` when nothing is declared.
  func resolve(_ settings: [RunbookOptions.Parameter]) throws(RunbookError) -> [(String, Value)] {
    var values: [String: Value] = [:]
    let declared = declarations.map(\.name)
    for setting in settings {
      guard let declaration = declarations.first(where: { $0.name == setting.name }) else {
        if declarations.isEmpty {
          values[setting.name] = .string(setting.value)
          continue
        }
        throw .unknownParameter(setting.name, declared: declared)
      }
      values[setting.name] = try Self.convert(setting, like: declaration.defaultValue)
    }
    let missing = declarations.filter { values[$0.name] == nil && $0.defaultValue == nil }.map(
      \.name)
    if !missing.isEmpty { throw .missingParameters(missing) }
    var result: [(String, Value)] = []
    for d in declarations { result.append((d.name, values[d.name] ?? d.defaultValue ?? .null)) }
    for s in settings
    where !declared.contains(s.name) && !result.contains(where: { $0.0 == s.name }) {
      result.append((s.name, values[s.name] ?? .string(s.value)))
    }
    return result
  }

  /// A `--set` value with the type of the default (text otherwise).
  static func convert(
    _ setting: RunbookOptions.Parameter, like defaultValue: Value?
  ) throws(RunbookError) -> Value {
    let text = setting.value
    switch defaultValue {
    case .int?:
      guard let n = Int(text) else {
        throw .invalidParameterValue(name: setting.name, value: text, expected: "an int")
      }
      return .int(n)
    case .float?:
      guard let n = Double(text) else {
        throw .invalidParameterValue(name: setting.name, value: text, expected: "a number")
      }
      return .float(n)
    case .bool?:
      switch text.lowercased() {
      case "true", "yes", "1": return .bool(true)
      case "false", "no", "0": return .bool(false)
      default:
        throw .invalidParameterValue(name: setting.name, value: text, expected: "true or false")
      }
    default:
      return .string(text)
    }
  }
}
