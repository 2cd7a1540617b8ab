#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension CleverAPI {
  static let drainKinds = ["LOG", "ACCESSLOG", "AUDITLOG"]
  static let recipientTypes = [
    "DATADOG", "ELASTICSEARCH", "NEWRELIC", "OVH_TCP", "RAW_HTTP", "SYSLOG_TCP", "SYSLOG_UDP",
    "BETTERSTACK",
  ]

  /// Seconds a drain spends in ENABLING/DISABLING before it settles.
  var drainTransition: TimeInterval {
    min(1, SandboxClock.seconds(store.settings.taskDuration) / 3)
  }

  /// Log drains on applications and add-ons (`/resources/{resourceId}/` form).
  var drainRoutes: [Route] {
    let api = self
    let store = self.store
    let base = "/v4/drains/organisations/{ownerId}/resources/{resourceId}/drains"
    return [
      Route("POST", base) { request, captures in
        if let refusal = api.checkResource(captures) { return refusal }
        guard let body = request.json, body.objectMembers != nil else {
          return APIError.cleverV4(400, "Body must be a JSON object")
        }
        guard let kind = body.stringMember("kind"), Self.drainKinds.contains(kind) else {
          return APIError.cleverV4(400, "Invalid drain kind", field: body.stringMember("kind"))
        }
        guard let recipient = body["recipient"], recipient.objectMembers != nil,
          let type = recipient.stringMember("type"), Self.recipientTypes.contains(type)
        else {
          return APIError.cleverV4(
            400, "Invalid recipient type", field: body["recipient"]?.stringMember("type"))
        }
        guard let url = recipient.stringMember("url"), url.contains("://") else {
          return APIError.cleverV4(
            400, "Invalid recipient url", field: recipient.stringMember("url"))
        }
        let required = [
          "ELASTICSEARCH": "index", "NEWRELIC": "apiKey", "BETTERSTACK": "sourceToken",
        ]
        if let field = required[type], recipient.stringMember(field) == nil {
          return APIError.cleverV4(400, "\(field) is required for \(type)", field: field)
        }
        let now = Date()
        let transition = api.drainTransition
        return store.with { state in
          let drain = CleverWorld.Drain(
            id: "drain_" + state.cloudron.random.uuid(), resourceId: captures["resourceId"] ?? "",
            kind: kind, recipient: recipient, status: "ENABLING", statusDate: now,
            authorId: state.clever.user.id)
          state.clever.drains.append(drain)
          return .json(drain.json(now: now, transition: transition))
        }
      },
      Route("GET", base) { request, captures in
        if let refusal = api.checkResource(captures) { return refusal }
        let now = Date()
        let transition = api.drainTransition
        var drains = store.with { state in
          state.clever.drains.filter { $0.resourceId == captures["resourceId"] }
        }.map { $0.json(now: now, transition: transition) }
        if let status = request.queryValue("status") {
          drains = drains.filter { $0["status"]?.stringMember("status") == status }
        }
        if let execution = request.queryValue("executionStatus") {
          drains = drains.filter { $0["execution"]?.stringMember("status") == execution }
        }
        if let excluded = request.queryValue("executionStatusNotIn") {
          let set = Set(excluded.split(separator: ",").map(String.init))
          drains = drains.filter { !set.contains($0["execution"]?.stringMember("status") ?? "") }
        }
        return .json(.array(drains))
      },
      Route("GET", base + "/{drainId}/test-command") { _, captures in
        switch api.drain(captures) {
        case .refused(let response): return response
        case .found(let drain):
          let url = drain.recipient.stringMember("url") ?? ""
          let command =
            "curl -X POST -H 'Content-Type: application/json' "
            + "-d '{\"message\":\"Clever Cloud drain test\"}' '\(url)'"
          return .json(["command": .string(command)])
        }
      },
      Route("PATCH", base + "/{drainId}/reset-cursor") { _, captures in
        if case .refused(let response) = api.drain(captures) { return response }
        return .empty()
      },
      Route("PUT", base + "/{drainId}/enable") { _, captures in
        api.transition(captures, to: "ENABLING")
      },
      Route("PUT", base + "/{drainId}/disable") { _, captures in
        api.transition(captures, to: "DISABLING")
      },
      Route("GET", base + "/{drainId}") { _, captures in
        switch api.drain(captures) {
        case .refused(let response): return response
        case .found(let drain):
          return .json(drain.json(now: Date(), transition: api.drainTransition))
        }
      },
      Route("DELETE", base + "/{drainId}") { _, captures in
        if case .refused(let response) = api.drain(captures) { return response }
        store.with { state in state.clever.drains.removeAll { $0.id == captures["drainId"] } }
        return .empty()
      },
    ]
  }

  /// Checks the owner and that the resource is one of its applications or add-ons.
  func checkResource(_ captures: [String: String]) -> SandboxResponse? {
    if case .refused(let response) = owner(captures["ownerId"]) { return response }
    let ownerId = captures["ownerId"] ?? ""
    let resourceId = captures["resourceId"] ?? ""
    let known = store.with { state in
      state.clever.applications.contains { $0.id == resourceId && $0.ownerId == ownerId }
        || (state.clever.addons[ownerId] ?? []).contains {
          $0.stringMember("realId") == resourceId || $0.stringMember("id") == resourceId
        }
    }
    return known ? nil : APIError.cleverV4(404, "Resource not found", field: resourceId)
  }

  func drain(_ captures: [String: String]) -> Lookup<CleverWorld.Drain> {
    if let refusal = checkResource(captures) { return .refused(refusal) }
    guard
      let drain = store.with({ state in
        state.clever.drains.first {
          $0.id == captures["drainId"] && $0.resourceId == captures["resourceId"]
        }
      })
    else { return .refused(APIError.cleverV4(404, "Drain not found", field: captures["drainId"])) }
    return .found(drain)
  }

  func transition(_ captures: [String: String], to status: String) -> SandboxResponse {
    if case .refused(let response) = drain(captures) { return response }
    let now = Date()
    store.with { state in
      guard let index = state.clever.drains.firstIndex(where: { $0.id == captures["drainId"] })
      else { return }
      state.clever.drains[index].status = status
      state.clever.drains[index].statusDate = now
    }
    return .empty()
  }
}
