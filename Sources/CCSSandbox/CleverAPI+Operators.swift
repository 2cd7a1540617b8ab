import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension CleverAPI {
  /// Operators (keycloak, matomo, metabase, otoroshi) and Pulsar storage policies.
  var operatorRoutes: [Route] {
    let api = self
    let store = self.store
    let base = "/v4/addon-providers/addon-{operator_name}/addons/{operator_id}"
    let pulsar = "/v4/addon-providers/addon-pulsar/addons/{addon-id}/storage-policies"
    let versioned: Set<String> = ["keycloak", "metabase", "otoroshi"]
    return [
      Route("GET", "/v4/addon-providers/addon-otoroshi/addons/{operator_id}/config.yaml") {
        _, captures in
        var named = captures
        named["operator_name"] = "otoroshi"
        switch api.operatorLookup(named) {
        case .refused(let response): return response
        case .found(let operatorValue):
          return .bytes(
            Data(Self.otoroshiConfig(operatorValue).utf8), contentType: "application/yaml")
        }
      },
      Route("GET", pulsar) { _, captures in
        guard let policies = store.with({ $0.clever.pulsarPolicies[captures["addon-id"] ?? ""] })
        else {
          return APIError.cleverV4(404, "Pulsar add-on not found", field: captures["addon-id"])
        }
        return .json(policies)
      },
      Route("PATCH", pulsar) { request, captures in
        let id = captures["addon-id"] ?? ""
        guard let current = store.with({ $0.clever.pulsarPolicies[id] }) else {
          return APIError.cleverV4(404, "Pulsar add-on not found", field: id)
        }
        guard let body = request.json, let members = body.objectMembers else {
          return APIError.cleverV4(400, "Body must be a JSON object")
        }
        var updated = current
        for (key, value) in members {
          guard key == "retentionPolicies" || key == "offloadPolicies" else {
            return APIError.cleverV4(400, "Unknown field", field: key)
          }
          if value == .null {
            updated = updated.setting(key, to: .object([]))
            continue
          }
          guard let policy = value.objectMembers else {
            return APIError.cleverV4(400, "\(key) must be an object", field: key)
          }
          for (name, number) in policy where number != .null {
            guard name == "sizeInBytes" || name == "durationInMinutes", number.intValue != nil
            else { return APIError.cleverV4(400, "Invalid policy field", field: name) }
          }
          updated = updated.setting(key, to: .object(policy.filter { $0.1 != .null }))
        }
        store.with { $0.clever.pulsarPolicies[id] = updated }
        return .json(updated, status: 201)
      },
      Route("GET", base) { _, captures in
        switch api.operatorLookup(captures) {
        case .refused(let response): return response
        case .found(let operatorValue): return .json(operatorValue)
        }
      },
      Route("POST", base + "/reboot") { _, captures in
        if case .refused(let response) = api.operatorLookup(captures) { return response }
        return .empty()
      },
      Route("POST", base + "/rebuild") { _, captures in
        if case .refused(let response) = api.operatorLookup(captures) { return response }
        return .empty()
      },
      Route("GET", base + "/version/check") { _, captures in
        switch api.operatorLookup(captures) {
        case .refused(let response): return response
        case .found(let operatorValue):
          guard versioned.contains(captures["operator_name"] ?? "") else {
            return APIError.cleverV4(404, "Version management is not available for this operator")
          }
          let installed = operatorValue.stringMember("version") ?? ""
          let available = operatorValue["availableVersions"] ?? []
          var latest = installed
          if case .array(let versions) = available, let last = versions.last?.stringValue {
            latest = last
          }
          return .json([
            "installed": .string(installed), "latest": .string(latest), "available": available,
            "needUpdate": .bool(installed != latest),
          ])
        }
      },
      Route("POST", base + "/version/update") { request, captures in
        switch api.operatorLookup(captures) {
        case .refused(let response): return response
        case .found(let operatorValue):
          guard versioned.contains(captures["operator_name"] ?? "") else {
            return APIError.cleverV4(404, "Version management is not available for this operator")
          }
          guard let target = request.json?.stringMember("targetVersion") else {
            return APIError.cleverV4(400, "targetVersion is required")
          }
          guard case .array(let versions)? = operatorValue["availableVersions"],
            versions.contains(.string(target))
          else { return APIError.cleverV4(400, "Unknown version", field: target) }
          let updated = operatorValue.setting("version", to: .string(target))
          store.with { $0.clever.operators[captures["operator_id"] ?? ""] = updated }
          return .json(updated)
        }
      },
      Route("POST", base + "/networkgroup") { _, captures in
        switch api.operatorLookup(captures) {
        case .refused(let response): return response
        case .found(let operatorValue):
          let updated: JSONValue = store.with { state in
            let ngId = "ng_" + state.cloudron.random.uuid()
            let features = (operatorValue["features"] ?? .object([]))
              .setting("networkGroup", to: ["id": .string(ngId)])
            let updated = operatorValue.setting("features", to: features)
            state.clever.operators[captures["operator_id"] ?? ""] = updated
            return updated
          }
          return .json(updated, status: 202)
        }
      },
      Route("DELETE", base + "/networkgroup") { _, captures in
        switch api.operatorLookup(captures) {
        case .refused(let response): return response
        case .found(let operatorValue):
          let features = (operatorValue["features"] ?? .object([])).setting(
            "networkGroup", to: .null)
          store.with {
            $0.clever.operators[captures["operator_id"] ?? ""] = operatorValue.setting(
              "features", to: features)
          }
          return .empty()
        }
      },
    ]
  }

  /// The operator named by `operator_name` and `operator_id` (a real id such as `otoroshi_…`).
  func operatorLookup(_ captures: [String: String]) -> Lookup<JSONValue> {
    let name = captures["operator_name"] ?? ""
    let id = captures["operator_id"] ?? ""
    guard CleverWorld.operatorNames.contains(name) else {
      return .refused(APIError.cleverV4(404, "Unknown operator", field: name))
    }
    guard id.hasPrefix("\(name)_"), let value = store.with({ $0.clever.operators[id] }) else {
      return .refused(APIError.cleverV4(404, "Operator not found", field: id))
    }
    return .found(value)
  }

  static func otoroshiConfig(_ operatorValue: JSONValue) -> String {
    let api = operatorValue["api"]
    let apiURL = api?.stringMember("url") ?? ""
    let host = apiURL.replacing("https://", with: "")
    let routing = (operatorValue.stringMember("accessUrl") ?? "")
      .replacing("https://", with: "")
    return """
      apiVersion: v1
      kind: OtoroshiCtlConfig
      metadata:
        name: \(operatorValue.stringMember("name") ?? "otoroshi")
      cloud_apim: null
      users:
        - name: \(operatorValue.stringMember("resourceId") ?? "default")
          client_id: \(api?.stringMember("user") ?? "")
          client_secret: \(api?.stringMember("secret") ?? "")
          health_key: null
      contexts:
        - name: \(operatorValue.stringMember("resourceId") ?? "default")
          cluster: \(operatorValue.stringMember("resourceId") ?? "default")
          user: \(operatorValue.stringMember("resourceId") ?? "default")
          cloud_apim: false
      current_context: \(operatorValue.stringMember("resourceId") ?? "default")
      clusters:
        - name: \(operatorValue.stringMember("resourceId") ?? "default")
          hostname: \(host)
          ip_addresses: null
          port: 443
          tls: true
          client_cert: null
          routing_hostname: \(routing)
          routing_port: 443
          routing_tls: true
          routing_ip_addresses: null

      """
  }
}
