import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Everything the sandbox remembers, behind one lock: both APIs' worlds, run-time settings,
/// faults and the log of recent requests.
final class SandboxStore: Sendable {
  /// Run-time knobs, adjustable through `POST /__sandbox/settings`.
  struct Settings: Sendable {
    var taskDuration: Duration
    var heartbeatInterval: Duration
    var liveLogInterval: Duration
  }

  /// A request as recorded for `GET /__sandbox/requests`.
  struct RecordedRequest: Sendable {
    var method: String
    var path: String
    var query: String
    var headers: [(String, String)]

    var json: JSONValue {
      [
        "method": .string(method), "path": .string(path), "query": .string(query),
        "headers": .object(headers.map { ($0.0.lowercased(), .string($0.1)) }),
      ]
    }
  }

  struct State: Sendable {
    var clever: CleverWorld
    var cloudron: CloudronWorld
    var settings: Settings
    var faults: FaultSettings
    var faultRandom: SeededRandom
    var requests: [RecordedRequest] = []
    var requestCounter = 0
    /// SSE connections open now, and opened since the start (`GET /__sandbox/streams`).
    var openStreams = 0
    var streamsOpened = 0
  }

  let seed: UInt64
  private let initialSettings: Settings
  private let initialFaults: FaultSettings
  private let state: Mutex<State>

  /// How many requests `GET /__sandbox/requests` keeps.
  static let requestLogCapacity = 200

  init(options: SandboxOptions) {
    seed = options.seed
    initialSettings = Settings(
      taskDuration: options.taskDuration, heartbeatInterval: options.heartbeatInterval,
      liveLogInterval: options.liveLogInterval)
    initialFaults = options.faults
    let worlds = SeededWorlds.worlds(seed: options.seed)
    state = Mutex(
      State(
        clever: worlds.clever, cloudron: worlds.cloudron, settings: initialSettings,
        faults: options.faults, faultRandom: SeededRandom(seed: options.seed ^ 0xFA17)))
  }

  /// Runs `body` with exclusive access to the state.
  func with<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
    try state.withLock { try body(&$0) }
  }

  /// Restores the seeded data, initial settings and faults, and clears the request log.
  func reset() {
    let worlds = SeededWorlds.worlds(seed: seed)
    with {
      $0.clever = worlds.clever
      $0.cloudron = worlds.cloudron
      $0.settings = initialSettings
      $0.faults = initialFaults
      $0.faultRandom = SeededRandom(seed: seed ^ 0xFA17)
      $0.requests = []
    }
  }

  /// Records a request and returns its sequence number.
  func record(_ request: SandboxRequest) -> Int {
    with {
      $0.requestCounter += 1
      $0.requests.append(
        RecordedRequest(
          method: request.method, path: request.path, query: request.rawQuery,
          headers: request.headers))
      if $0.requests.count > Self.requestLogCapacity {
        $0.requests.removeFirst($0.requests.count - Self.requestLogCapacity)
      }
      return $0.requestCounter
    }
  }

  var settings: Settings { with { $0.settings } }
}
