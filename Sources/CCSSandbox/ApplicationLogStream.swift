import CCSText
import NIOCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The Clever Cloud application log stream (NOTES §4): named `APPLICATION_LOG` events with
/// `id:` and JSON data, `HEARTBEAT` events, `END_OF_STREAM` when `until` or `limit` is reached,
/// resumption after `Last-Event-ID`, and live following when neither is given.
///
/// Events are a pure function of (seed, application, index): the first `historyCount` are
/// dated before `SandboxClock.historyEnd`; later ones are "live" and dated when sent. An event
/// id is UUID-shaped and ends with the index in hex, which is how `Last-Event-ID` resumes.
struct ApplicationLogStream: Sendable {
  /// The stream's query parameters.
  struct Query: Sendable {
    var since: Date?
    var until: Date?
    var limit: Int?
    var filter: String?
    var instanceIds: Set<String>
    var deploymentId: String?
    var fields: [String]
    var services: Set<String>

    static func parse(_ request: SandboxRequest) -> Result<Query, Refusal> {
      var query = Query(
        since: nil, until: nil, limit: nil, filter: request.queryValue("filter"),
        instanceIds: Set(request.queryValues("instanceId")),
        deploymentId: request.queryValue("deploymentId"), fields: request.queryValues("field"),
        services: Set(request.queryValues("service")))
      switch (CleverAPI.dateQuery(request, "since"), CleverAPI.dateQuery(request, "until")) {
      case (.failure(let refusal), _), (_, .failure(let refusal)): return .failure(refusal)
      case (.success(let since), .success(let until)): (query.since, query.until) = (since, until)
      }
      switch CleverAPI.limitQuery(request) {
      case .failure(let refusal): return .failure(refusal)
      case .success(let limit): query.limit = limit
      }
      if query.services.isEmpty { query.services = ["bas", "bas-deploy"] }
      return .success(query)
    }
  }

  /// Events dated before `historyEnd`, one every `historySpacing` seconds.
  static let historyCount = 300
  static let historySpacing: TimeInterval = 6
  /// Without `since`, the stream starts with this many of the latest history events.
  static let defaultTail = 50
  /// Events per write when streaming fast.
  static let batchSize = 256

  let store: SandboxStore
  let application: CleverWorld.Application
  let query: Query
  private let upInstances: [JSONValue]
  private let commitByDeployment: [String: JSONValue]

  init(store: SandboxStore, application: CleverWorld.Application, query: Query) {
    self.store = store
    self.application = application
    self.query = query
    let up = application.instances.filter { $0.stringMember("state") == "UP" }
    upInstances = up.isEmpty ? Array(application.instances.prefix(1)) : up
    var commits: [String: JSONValue] = [:]
    for deployment in application.deployments {
      if let id = deployment.stringMember("id") {
        commits[id] = deployment["version"]?["commitId"] ?? .string("")
      }
    }
    commitByDeployment = commits
  }

  // MARK: - Events

  private var idPrefix: String {
    String(application.id.dropFirst("app_".count).prefix(23))
  }

  func eventID(_ index: Int) -> String {
    let hex = String(index, radix: 16)
    return idPrefix + "-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
  }

  /// The index encoded in an id of this application's stream.
  func index(ofEventID id: String) -> Int? {
    guard id.hasPrefix(idPrefix + "-"), id.count == idPrefix.count + 13 else { return nil }
    return Int(id.suffix(12), radix: 16)
  }

  static func historyDate(_ index: Int) -> Date {
    SandboxClock.historyEnd.addingTimeInterval(-Double(historyCount - index) * historySpacing)
  }

  private static let messages = [
    "GET /api/items 200 12ms", "POST /api/orders 201 48ms", "GET /health 200 1ms",
    "Connected to PostgreSQL", "Cache miss for key user:42", "Background job finished in 1.2s",
    "GET /api/items/17 404 3ms", "Worker heartbeat", "Slow query detected (812ms)",
    "Refreshing configuration", "WebSocket client connected", "Request timeout after 30s",
  ]

  /// One `APPLICATION_LOG` payload. Built as a struct and serialised by hand because the
  /// benchmark streams 100,000 of them.
  struct LogEvent {
    var id: String
    var applicationId: String
    var commitId: String
    var deploymentId: String
    var instanceId: String
    var date: String
    var zone: String
    var pid: Int
    var severity: String
    var priority: Int
    var service: String
    var message: String

    var json: JSONValue {
      [
        "id": .string(id), "applicationId": .string(applicationId), "commitId": .string(commitId),
        "deploymentId": .string(deploymentId), "instanceId": .string(instanceId),
        "date": .string(date), "zone": .string(zone), "region": .string(zone), "pid": .int(pid),
        "facility": "user", "severity": .string(severity), "priority": .int(priority),
        "version": "1", "service": .string(service), "message": .string(message),
      ]
    }

    /// The same text as `json.serialized`, written directly.
    var serialized: String {
      "{\"id\":\"\(id)\",\"applicationId\":\"\(applicationId)\",\"commitId\":\"\(commitId)\","
        + "\"deploymentId\":\"\(deploymentId)\",\"instanceId\":\"\(instanceId)\","
        + "\"date\":\"\(date)\",\"zone\":\"\(zone)\",\"region\":\"\(zone)\",\"pid\":\(pid),"
        + "\"facility\":\"user\",\"severity\":\"\(severity)\",\"priority\":\(priority),"
        + "\"version\":\"1\",\"service\":\"\(service)\",\"message\":"
        + JSONValue.string(message).serialized + "}"
    }
  }

  private static let deployMessages = [
    "Cloning repository", "Installing dependencies", "build succeeded in 42s",
    "successfully deployed in 1m 12s",
  ]

  /// The event at `index`, dated `date` (already ISO 8601), with every documented field.
  func event(_ index: Int, date: String) -> LogEvent {
    var random = SeededRandom(
      seed: store.seed &* 0x100_0000_01B3 ^ UInt64(application.index) << 40 ^ UInt64(index))
    let instance = random.pick(upInstances)
    let deploymentId = instance.stringMember("deploymentId") ?? ""
    let roll = random.next() % 100
    let service = roll < 80 ? "bas" : roll < 95 ? "bas-deploy" : "cron"
    let message =
      service == "bas-deploy" ? random.pick(Self.deployMessages) : random.pick(Self.messages)
    let severity =
      message.contains("404") || message.contains("Slow")
      ? "warning" : message.contains("timeout") ? "err" : "info"
    let severityCode = severity == "err" ? 3 : severity == "warning" ? 4 : 6
    return LogEvent(
      id: eventID(index), applicationId: application.id,
      commitId: commitByDeployment[deploymentId]?.stringValue ?? "",
      deploymentId: deploymentId, instanceId: instance.stringMember("id") ?? "", date: date,
      zone: application.zone, pid: 1_000 + Int(random.next() % 30_000), severity: severity,
      priority: 8 + severityCode, service: service, message: message)
  }

  /// Whether an event passes the query's filters (dates are checked by the caller).
  func accepts(_ event: LogEvent) -> Bool {
    if !query.services.contains("all"), !query.services.contains(event.service) {
      return false
    }
    if !query.instanceIds.isEmpty, !query.instanceIds.contains(event.instanceId) {
      return false
    }
    if let deploymentId = query.deploymentId, event.deploymentId != deploymentId {
      return false
    }
    if let filter = query.filter, !filter.isEmpty,
      !event.message.containsIgnoringCase(filter)
    {
      return false
    }
    return true
  }

  func frame(_ event: LogEvent) -> String {
    let data =
      query.fields.isEmpty ? event.serialized : event.json.keeping(Set(query.fields)).serialized
    if omitIDs { return "event: APPLICATION_LOG\ndata: \(data)\n\n" }
    return "event: APPLICATION_LOG\nid: \(event.id)\ndata: \(data)\n\n"
  }

  /// The `omitEventIDs` fault: frames without `id:`, so a client cannot resume.
  var omitIDs: Bool { store.with { $0.faults.omitEventIDs } }

  static let heartbeatFrame = "event: HEARTBEAT\ndata: {}\n\n"

  static func endFrame(_ reason: String) -> String {
    "event: END_OF_STREAM\ndata: {\"endedBy\":\"\(reason)\"}\n\n"
  }

  // MARK: - Response

  func response(lastEventID: String?) -> SandboxResponse {
    let headers = [
      ("Content-Type", "text/event-stream;charset=UTF-8"), ("Cache-Control", "no-cache"),
      ("Connection", "keep-alive"),
    ]
    let stream = self
    return SandboxResponse(
      status: 200, headers: headers,
      body: .eventStream(store) { writer in
        try await stream.run(lastEventID: lastEventID, writer: &writer)
      })
  }

  private func run(lastEventID: String?, writer: inout any ResponseBodyWriter) async throws {
    var events = EventStreamWriter(store: store)
    var lastHeartbeat = ContinuousClock.now
    var emitted = 0
    var startIndex: Int
    if let lastEventID, let index = index(ofEventID: lastEventID) {
      startIndex = index + 1
    } else if let since = query.since {
      let offset = Int(
        (since.timeIntervalSince(Self.historyDate(0)) / Self.historySpacing).rounded(.up))
      startIndex = min(Self.historyCount, max(0, offset))
    } else {
      startIndex = Self.historyCount - Self.defaultTail
    }

    func heartbeatIfDue(_ writer: inout any ResponseBodyWriter) async throws {
      let interval = store.settings.heartbeatInterval
      if ContinuousClock.now - lastHeartbeat >= interval {
        lastHeartbeat = .now
        try await events.writeControl(Self.heartbeatFrame, to: &writer)
      }
    }

    /// Writes a batch of `count` events, then ends the stream at the limit (true) or sends a
    /// heartbeat if one is due.
    func flush(
      _ text: String, count: Int, _ writer: inout any ResponseBodyWriter
    ) async throws
      -> Bool
    {
      if count > 0 { try await events.writeEvents(text, count: count, to: &writer) }
      if let limit = query.limit, emitted >= limit {
        try await events.writeControl(Self.endFrame("LIMIT_REACHED"), to: &writer)
        return true
      }
      try await heartbeatIfDue(&writer)
      return false
    }

    // History.
    var index = startIndex
    while index < Self.historyCount {
      var text = ""
      var count = 0
      while index < Self.historyCount, count < Self.batchSize {
        let date = Self.historyDate(index)
        if let until = query.until, date > until {
          if count > 0 { try await events.writeEvents(text, count: count, to: &writer) }
          try await events.writeControl(Self.endFrame("UNTIL_REACHED"), to: &writer)
          return
        }
        let event = event(index, date: SandboxClock.iso(date))
        index += 1
        if let since = query.since, date < since { continue }
        guard accepts(event) else { continue }
        text += frame(event)
        count += 1
        emitted += 1
        if let limit = query.limit, emitted >= limit { break }
      }
      if try await flush(text, count: count, &writer) { return }
    }

    // Live.
    while true {
      try Task.checkCancellation()
      let interval = store.settings.liveLogInterval
      if let until = query.until, Date() > until {
        try await events.writeControl(Self.endFrame("UNTIL_REACHED"), to: &writer)
        return
      }
      if interval > .zero {
        let nextEvent = ContinuousClock.now + interval
        while ContinuousClock.now < nextEvent {
          let nextBeat = lastHeartbeat + store.settings.heartbeatInterval
          try await Task.sleep(until: min(nextEvent, nextBeat), clock: .continuous)
          try await heartbeatIfDue(&writer)
        }
        if let until = query.until, Date() > until { continue }
      }
      var text = ""
      var count = 0
      let batch = interval > .zero ? 1 : Self.batchSize
      let now = SandboxClock.iso(Date())
      for _ in 0..<batch {
        let event = event(index, date: now)
        index += 1
        guard accepts(event) else { continue }
        text += frame(event)
        count += 1
        emitted += 1
        if let limit = query.limit, emitted >= limit { break }
      }
      if try await flush(text, count: count, &writer) { return }
      if count == 0 { await Task.yield() }
    }
  }
}
