import CCSRuntime

/// `clever use --owner X --app Y`: session defaults for the `--owner`/`--app` flags of
/// `clever` commands, so they can be omitted.
enum DefaultsCommand {
  static let flags = ["owner", "app"]

  static let use = BuiltinCommand(
    "clever use", category: "api:clever",
    summary:
      "Set the --owner and --app that clever commands use when they are omitted; shows the defaults.",
    details:
      "Without flags, shows the current defaults. A profile can set them too: owner = \"orga_x\" and app = \"app_y\" in its table of the config file; `clever use` wins for the session. --clear forgets the session's.",
    signature: Signature(
      flags: [
        FlagSpec("owner", .string, "an organisation (orga_…) or user (user_…) id"),
        FlagSpec("app", .string, "an application id (app_…)"),
        FlagSpec("clear", nil, "forget the defaults set with 'clever use'"),
      ], output: "record"),
    examples: []
  ) { call, _ in
    guard let api = APIContext.from(call.context) else {
      throw call.error("the API layer is not installed")
    }
    if call.has("clear") { for f in flags { api.setDefault(api: "clever", flag: f, value: nil) } }
    for f in flags {
      if let v = call.string(f) { api.setDefault(api: "clever", flag: f, value: v) }
    }
    var r = Record()
    for f in flags { r[f] = api.defaultArgument(api: "clever", flag: f).map(Value.string) ?? .null }
    return .record(r)
  }
}
