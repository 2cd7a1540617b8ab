import CCSRuntime

/// `profile list|show|use`.
enum ProfileCommands {
  static var all: [any Command] { [list, show, use] }

  static func summaryRecord(_ p: Profile, isDefault: Bool) -> Value {
    // The summary's display fields, with the two flags as booleans rather than text.
    let s = p.summary(isDefault: isDefault)
    return .record(
      Record(
        s.fields.map { key, text in
          switch key {
          case "readonly": (key, Value.bool(s.readonly))
          case "default": (key, Value.bool(s.isDefault))
          default: (key, Value.string(text))
          }
        }))
  }

  static let list = BuiltinCommand(
    "profile list", category: "api",
    summary: "The configured and environment profiles (secrets never shown).",
    signature: Signature(output: "list"), examples: []
  ) { call, _ in
    guard let api = APIContext.from(call.context) else { return .list([]) }
    do {
      let store = try api.profiles()
      var rows = store.profiles.map { summaryRecord($0, isDefault: $0.name == store.currentName) }
      for (_, p) in api.overrides.sorted(by: { $0.key < $1.key }) where api.explicitProfile == nil {
        rows.append(summaryRecord(p, isDefault: false))
      }
      return .list(rows)
    } catch {
      throw call.error("\(error)", kind: "profile")
    }
  }

  static let show = BuiltinCommand(
    "profile show", category: "api",
    summary: "One profile (the current one by default), secrets redacted.",
    signature: Signature([PositionalSpec("name", .string, optional: true)], output: "record"),
    examples: []
  ) { call, _ in
    guard let api = APIContext.from(call.context) else { return .null }
    do {
      let store = try api.profiles()
      if let name = call.string("name") {
        if let p = store.profile(named: name)
          ?? api.overrides.values.first(where: { $0.name == name })
        {
          return summaryRecord(p, isDefault: name == store.currentName)
        }
        throw call.error("no profile named '\(name)'", at: "name")
      }
      guard let p = try store.current(explicit: api.explicitProfile) else {
        throw call.error("no current profile", notes: ["see docs/profiles.md"])
      }
      return summaryRecord(p, isDefault: true)
    } catch let e as RuntimeError {
      throw e
    } catch {
      throw call.error("\(error)", kind: "profile")
    }
  }

  static let use = BuiltinCommand(
    "profile use", category: "api",
    summary: "Make a profile the default (written to the config file).",
    signature: Signature([PositionalSpec("name", .string)], output: "nothing"), examples: []
  ) { call, _ in
    guard let api = APIContext.from(call.context) else { return .null }
    do {
      try api.profiles().use(call.string("name") ?? "")
      api.reloadProfiles()
      return .null
    } catch {
      throw call.error("\(error)", kind: "profile")
    }
  }
}
