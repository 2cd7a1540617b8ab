#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The sandbox's own control routes under `/__sandbox` (never subject to faults or auth).
struct AdminAPI: Sendable {
  let store: SandboxStore
  static let prefix = "/__sandbox"

  func respond(to request: SandboxRequest) -> SandboxResponse {
    let subpath = String(request.path.dropFirst(Self.prefix.count))
    switch (request.method, subpath) {
    case ("GET", ""), ("GET", "/"):
      return .json([
        "name": "ccs sandbox", "seed": .string(String(store.seed)),
        "routes": [
          "GET /__sandbox/faults", "POST /__sandbox/faults", "DELETE /__sandbox/faults",
          "GET /__sandbox/requests", "DELETE /__sandbox/requests", "POST /__sandbox/reset",
          "GET /__sandbox/settings", "POST /__sandbox/settings", "GET /__sandbox/streams",
        ],
      ])
    case ("GET", "/faults"):
      return .json(store.with { $0.faults.json })
    case ("POST", "/faults"), ("PUT", "/faults"):
      switch FaultSettings.parse(json: request.json ?? .object([])) {
      case .failure(let refusal): return refusal.response
      case .success(let faults):
        store.with { $0.faults = faults }
        return .json(faults.json)
      }
    case ("DELETE", "/faults"):
      store.with { $0.faults = FaultSettings() }
      return .empty()
    case ("GET", "/requests"):
      return .json(["requests": .array(store.with { $0.requests.map(\.json) })])
    case ("DELETE", "/requests"):
      store.with { $0.requests = [] }
      return .empty()
    case ("GET", "/streams"):
      let (open, opened) = store.with { ($0.openStreams, $0.streamsOpened) }
      return .json(["open": .int(open), "opened": .int(opened)])
    case ("POST", "/reset"):
      store.reset()
      return .empty()
    case ("GET", "/settings"):
      return .json(settingsJSON)
    case ("POST", "/settings"):
      guard let members = request.json?.objectMembers else {
        return .json(["error": "body must be a JSON object"], status: 400)
      }
      var settings = store.settings
      for (key, value) in members {
        // At most a day, as for fault delays: larger values would overflow where the
        // settings become dates, sleeps and the milliseconds this route prints.
        let longest = FaultSettings.longestWaitSeconds * 1000
        guard let milliseconds = value.intValue, (0...longest).contains(milliseconds) else {
          return .json(
            ["error": .string("\(key) must be an integer in 0...\(longest)")], status: 400)
        }
        switch key {
        case "taskDurationMilliseconds": settings.taskDuration = .milliseconds(milliseconds)
        case "heartbeatMilliseconds":
          settings.heartbeatInterval = .milliseconds(max(1, milliseconds))
        case "liveLogIntervalMilliseconds": settings.liveLogInterval = .milliseconds(milliseconds)
        default: return .json(["error": .string("unknown setting '\(key)'")], status: 400)
        }
      }
      store.with { $0.settings = settings }
      return .json(settingsJSON)
    default:
      return .json(["error": "no such sandbox admin route"], status: 404)
    }
  }

  private var settingsJSON: JSONValue {
    let settings = store.settings
    func millis(_ duration: Duration) -> JSONValue {
      .int(Int((SandboxClock.seconds(duration) * 1000).rounded()))
    }
    return [
      "taskDurationMilliseconds": millis(settings.taskDuration),
      "heartbeatMilliseconds": millis(settings.heartbeatInterval),
      "liveLogIntervalMilliseconds": millis(settings.liveLogInterval),
    ]
  }
}
