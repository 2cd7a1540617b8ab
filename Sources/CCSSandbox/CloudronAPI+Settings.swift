#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A Cloudron setting that is POSTed and read back with GET.
private struct SettingSpec: Sendable {
  enum FieldType: Sendable { case string, boolean }
  struct Field: Sendable {
    var name: String
    var type: FieldType
    var required: Bool
    var allowed: [String]? = nil
    /// The allowed length in Unicode code points (JSON Schema's `minLength`/`maxLength`).
    var length: ClosedRange<Int>? = nil
  }

  var path: String
  var key: String
  var fields: [Field]

  /// Validates `body` and returns the stored value, or the 400 message.
  func validate(_ body: JSONValue) -> Result<JSONValue, Refusal> {
    var stored: [(String, JSONValue)] = []
    for field in fields {
      guard let value = body[field.name], value != .null else {
        if field.required {
          return .failure(Refusal(APIError.cloudron(400, "\(field.name) is required")))
        }
        continue
      }
      switch field.type {
      case .string:
        guard let text = value.stringValue else {
          return .failure(Refusal(APIError.cloudron(400, "\(field.name) must be a string")))
        }
        if let length = field.length, !length.contains(text.unicodeScalars.count) {
          return .failure(
            Refusal(
              APIError.cloudron(
                400,
                "\(field.name) must be \(length.lowerBound) to \(length.upperBound) characters long"
              )))
        }
        if let allowed = field.allowed, !allowed.contains(text) {
          return .failure(Refusal(APIError.cloudron(400, "\(field.name) is not valid")))
        }
      case .boolean:
        guard value.boolValue != nil else {
          return .failure(Refusal(APIError.cloudron(400, "\(field.name) must be a boolean")))
        }
      }
      stored.append((field.name, value))
    }
    return .success(.object(stored))
  }
}

extension CloudronAPI {
  private static let ipProviders = ["noop", "fixed", "interface", "generic"]

  private static let settingSpecs: [SettingSpec] = [
    SettingSpec(
      path: "/branding/cloudron_name", key: "cloudron_name",
      fields: [.init(name: "name", type: .string, required: true, length: 1...64)]),
    SettingSpec(
      path: "/cloudron/language", key: "language",
      fields: [
        .init(name: "language", type: .string, required: true, allowed: CloudronWorld.languages)
      ]),
    SettingSpec(
      path: "/cloudron/time_zone", key: "time_zone",
      fields: [.init(name: "timeZone", type: .string, required: true)]),
    SettingSpec(
      path: "/docker/registry_config", key: "registry_config",
      fields: [
        .init(
          name: "provider", type: .string, required: true,
          allowed: [
            "aws", "digitalocean", "dockerhub", "google-cloud", "linode", "quay", "treescale",
            "other", "noop",
          ]),
        .init(name: "serverAddress", type: .string, required: false),
        .init(name: "username", type: .string, required: false),
        .init(name: "email", type: .string, required: false),
        .init(name: "password", type: .string, required: false),
      ]),
    SettingSpec(
      path: "/directory_server/config", key: "directory_server",
      fields: [
        .init(name: "enabled", type: .boolean, required: true),
        .init(name: "secret", type: .string, required: false),
        .init(name: "allowlist", type: .string, required: false),
      ]),
    SettingSpec(
      path: "/external_ldap/config", key: "external_ldap",
      fields: [
        .init(
          name: "provider", type: .string, required: true,
          allowed: ["ad", "cloudron", "jumpcloud", "okta", "univention", "other", "noop"]),
        .init(name: "url", type: .string, required: false),
        .init(name: "baseDn", type: .string, required: false),
        .init(name: "usernameField", type: .string, required: false),
        .init(name: "filter", type: .string, required: false),
        .init(name: "groupBaseDn", type: .string, required: false),
        .init(name: "bindDn", type: .string, required: false),
        .init(name: "bindPassword", type: .string, required: false),
      ]),
    SettingSpec(
      path: "/network/blocklist", key: "blocklist",
      fields: [.init(name: "blocklist", type: .string, required: true)]),
    SettingSpec(
      path: "/network/dynamic_dns", key: "dynamic_dns",
      fields: [.init(name: "enabled", type: .boolean, required: true)]),
    SettingSpec(
      path: "/network/ipv4_config", key: "ipv4_config",
      fields: [
        .init(name: "provider", type: .string, required: true, allowed: ipProviders),
        .init(name: "ip", type: .string, required: false),
        .init(name: "iface", type: .string, required: false),
      ]),
    SettingSpec(
      path: "/network/ipv6_config", key: "ipv6_config",
      fields: [
        .init(name: "provider", type: .string, required: true, allowed: ipProviders),
        .init(name: "ip", type: .string, required: false),
        .init(name: "iface", type: .string, required: false),
      ]),
    SettingSpec(
      path: "/reverseproxy/trusted_ips", key: "trusted_ips",
      fields: [.init(name: "trustedIps", type: .string, required: true)]),
    SettingSpec(
      path: "/updater/autoupdate_pattern", key: "autoupdate_pattern",
      fields: [.init(name: "pattern", type: .string, required: true)]),
    SettingSpec(
      path: "/user_directory", key: "user_directory",
      fields: [
        .init(name: "lockUserProfiles", type: .boolean, required: true),
        .init(name: "mandatory2FA", type: .boolean, required: true),
      ]),
  ]

  /// Setting pairs, branding, status, network facts, reboot, updater and async actions.
  var settingsRoutes: [Route] {
    var routes: [Route] = []
    let store = self.store
    for spec in Self.settingSpecs {
      let getter: Route.Handler = { _, _ in
        .json(store.with { $0.cloudron.settings[spec.key] } ?? .object([]))
      }
      let setter: Route.Handler = { request, _ in
        let body: JSONValue
        switch Self.objectBody(request) {
        case .failure(let refusal): return refusal.response
        case .success(let value): body = value
        }
        switch spec.validate(body) {
        case .failure(let refusal): return refusal.response
        case .success(let stored):
          if spec.key.hasPrefix("ipv"), let provider = stored.stringMember("provider") {
            if provider == "fixed", stored.stringMember("ip") == nil {
              return APIError.cloudron(400, "ip is required")
            }
            if provider == "interface", stored.stringMember("iface") == nil {
              return APIError.cloudron(400, "iface is required")
            }
          }
          store.with { $0.cloudron.settings[spec.key] = stored }
          return .json(.object([]))
        }
      }
      routes.append(Route("GET", spec.path, getter))
      routes.append(Route("POST", spec.path, setter))
      if spec.key == "user_directory" {
        // Seed-era path of the same setting (NOTES §7.3).
        routes.append(Route("GET", "/user_directory/profile_config", getter))
        routes.append(Route("POST", "/user_directory/profile_config", setter))
      }
    }

    routes += [
      Route("GET", "/cloudron/status") { _, _ in .json(["version": "8.3.2"]) },
      Route("GET", "/cloudron/languages") { _, _ in
        .json(["languages": .array(CloudronWorld.languages.map { .string($0) })])
      },
      Route("GET", "/cloudron/avatar") { _, _ in
        .bytes(store.with { $0.cloudron.cloudronAvatar }, contentType: "image/png")
      },
      Route("GET", "/branding/cloudron_avatar") { _, _ in
        .bytes(store.with { $0.cloudron.cloudronAvatar }, contentType: "image/png")
      },
      Route("POST", "/branding/cloudron_avatar") { request, _ in
        guard let image = MultipartForm.file(named: "avatar", in: request) else {
          return APIError.cloudron(400, "avatar must be provided")
        }
        store.with { $0.cloudron.cloudronAvatar = image }
        return .json(.object([]))
      },
      Route("GET", "/network/ipv4") { _, _ in .json(["ip": "203.0.113.10"]) },
      Route("GET", "/network/ipv6") { _, _ in .json(["ip": "2001:db8::10"]) },
      Route("GET", "/system/reboot") { _, _ in
        .json(["rebootRequired": .bool(store.with { $0.cloudron.rebootRequired })])
      },
      Route("POST", "/system/reboot") { _, _ in
        store.with { $0.cloudron.rebootRequired = false }
        return .json(.object([]), status: 202)
      },
      Route("GET", "/updater/updates") { _, _ in .json(Self.updates) },
      Route("POST", "/updater/check_for_updates") { _, _ in .json(Self.updates) },
      Route("POST", "/updater/update") { request, _ in
        if !request.body.isEmpty, request.json?.objectMembers == nil {
          return APIError.cloudron(400, "body must be a JSON object")
        }
        if let skip = request.json?["skipBackup"], skip.boolValue == nil {
          return APIError.cloudron(400, "skipBackup must be a boolean")
        }
        return startTask(type: "update")
      },
      Route("POST", "/external_ldap/sync") { _, _ in
        let provider = store.with {
          $0.cloudron.settings["external_ldap"]?.stringMember("provider")
        }
        if provider == "noop" || provider == nil {
          return APIError.cloudron(422, "external ldap is disabled")
        }
        return startTask(type: "syncExternalLdap")
      },
      Route("POST", "/reverseproxy/renew_certs") { request, _ in
        if let rebuild = request.json?["rebuild"], rebuild.boolValue == nil {
          return APIError.cloudron(400, "rebuild must be a boolean")
        }
        return startTask(type: "checkCerts")
      },
    ]
    return routes
  }

  static let updates: JSONValue = [
    "updates": [
      "box": [
        "version": "8.3.2",
        "changelog": ["Fix backup cleanup of rsync backups", "Update base image to Ubuntu 24.04"],
        "sourceTarballUrl": "https://releases.cloudron.io/box-8.3.2.tar.gz",
        "sourceTarballSigUrl": "https://releases.cloudron.io/box-8.3.2.tar.gz.sig",
        "boxVersionsUrl": "https://releases.cloudron.io/versions.json",
        "boxVersionsSigUrl": "https://releases.cloudron.io/versions.json.sig",
        "unstable": false,
      ]
    ]
  ]
}
