#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension CloudronAPI {
  /// Reference point of the fake `monotonicTimestamp` (microseconds since "boot").
  static let bootTime = SandboxClock.historyEnd.addingTimeInterval(-30 * 86_400)

  /// One task log line as the JSON the log endpoints print.
  static func logLineJSON(taskId: Int, date: Date, message: String) -> JSONValue {
    [
      "realtimeTimestamp": .int(Int(date.timeIntervalSince1970 * 1_000_000)),
      "message": .string(message), "source": .string(String(taskId)),
    ]
  }

  static func monotonicTimestamp(_ date: Date) -> Int {
    Int(date.timeIntervalSince(bootTime) * 1_000_000)
  }

  /// Parses `lines` like the real server: parseInt, default 10, 400 when not a number.
  static func lines(_ request: SandboxRequest) -> Int? {
    guard let text = request.queryValue("lines") else { return 10 }
    let prefix = text.prefix { $0.isNumber || $0 == "-" }
    return Int(prefix)
  }

  /// Task list, task, logs, logstream and stop.
  var taskRoutes: [Route] {
    let store = self.store
    return [
      Route("GET", "/tasks") { request, _ in
        let now = Date()
        var tasks = store.with { $0.cloudron.tasks }
        if let type = request.queryValue("type"), !type.isEmpty {
          tasks = tasks.filter { $0.type == type }
        }
        tasks.sort { ($0.creationTime, $0.id) > ($1.creationTime, $1.id) }
        return Self.paginatedList("tasks", tasks.map { $0.json(at: now) }, request: request)
      },
      Route("GET", "/tasks/{taskId}") { _, captures in
        guard let task = Self.task(captures, store: store) else {
          return APIError.cloudron(404, "No such task")
        }
        return .json(task.json(at: Date()))
      },
      Route("POST", "/tasks/{taskId}/stop") { _, captures in
        let now = Date()
        return store.with { state in
          guard
            let index = state.cloudron.tasks.firstIndex(where: {
              String($0.id) == captures["taskId"]
            })
          else { return APIError.cloudron(404, "No such task") }
          guard state.cloudron.tasks[index].isActive(at: now) else {
            return APIError.cloudron(409, "task is not active")
          }
          state.cloudron.tasks[index].stoppedAt = now
          return .empty()
        }
      },
      Route("GET", "/tasks/{taskId}/logs") { request, captures in
        guard let task = Self.task(captures, store: store) else {
          return APIError.cloudron(404, "No such task")
        }
        guard let count = Self.lines(request) else {
          return APIError.cloudron(400, "lines must be a valid number")
        }
        let format = request.queryValue("format") ?? "json"
        guard format == "json" || format == "short" else {
          return APIError.cloudron(400, "format must be json or short")
        }
        let lines = task.logLines(at: Date()).suffix(max(0, count))
        var text = ""
        for line in lines {
          if format == "json" {
            text +=
              Self.logLineJSON(taskId: task.id, date: line.date, message: line.message)
              .serialized + "\n"
          } else {
            text += "\(SandboxClock.iso(line.date)) \(line.message)\n"
          }
        }
        return SandboxResponse(
          status: 200,
          headers: [
            ("Content-Type", "application/x-logs"),
            ("Content-Disposition", "attachment; filename=\"log.txt\""),
          ], body: .bytes(Data(text.utf8)))
      },
      Route("GET", "/tasks/{taskId}/logstream") { request, captures in
        guard request.header("Accept") == "text/event-stream" else {
          return APIError.cloudron(400, "This API call requires EventStream")
        }
        guard let task = Self.task(captures, store: store) else {
          return APIError.cloudron(404, "No such task")
        }
        guard let count = Self.lines(request) else {
          return APIError.cloudron(400, "lines must be a valid number")
        }
        return Self.logStream(taskId: task.id, replay: count, store: store)
      },
    ]
  }

  private static func task(_ captures: [String: String], store: SandboxStore) -> CloudronTask? {
    store.with { state in state.cloudron.tasks.first { String($0.id) == captures["taskId"] } }
  }

  /// The SSE response: `retry: 3000`, the last `replay` lines, then new lines until the task
  /// ends; no heartbeat, no end marker, `Last-Event-ID` ignored (NOTES §6).
  static func logStream(taskId: Int, replay: Int, store: SandboxStore) -> SandboxResponse {
    let headers = [
      ("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"),
      ("Connection", "keep-alive"), ("X-Accel-Buffering", "no"),
      ("Access-Control-Allow-Origin", "*"),
    ]
    return SandboxResponse(
      status: 200, headers: headers,
      body: .eventStream(store) { writer in
        var events = EventStreamWriter(store: store)
        try await events.writeControl("retry: 3000\n", to: &writer)
        func current() -> CloudronTask? {
          store.with { state in state.cloudron.tasks.first { $0.id == taskId } }
        }
        guard let initial = current() else { return }
        var lines = initial.logLines(at: Date())
        var sent = max(0, lines.count - max(0, replay))
        while true {
          if sent < lines.count {
            var text = ""
            for line in lines[sent...] {
              text += "id: \(monotonicTimestamp(line.date))\n"
              text +=
                "data: "
                + logLineJSON(taskId: taskId, date: line.date, message: line.message).serialized
                + "\n\n"
            }
            let count = lines.count - sent
            sent = lines.count
            try await events.writeEvents(text, count: count, to: &writer)
          }
          let now = Date()
          guard let task = current(), task.isActive(at: now) else {
            if let task = current() {
              let finalLines = task.logLines(at: Date())
              if finalLines.count > sent {
                lines = finalLines
                continue
              }
            }
            return
          }
          let poll = min(0.1, max(0.01, task.duration / 50))
          try await Task.sleep(for: .milliseconds(Int(poll * 1000)))
          lines = current()?.logLines(at: Date()) ?? lines
        }
      })
  }
}
