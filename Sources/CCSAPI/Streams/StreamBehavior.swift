import CCSRuntime

/// How one `text/event-stream` operation behaves across connections, read from the
/// operation's `x-ccs-stream` extension in the catalog (see docs/commands.md).
///
/// ```yaml
/// x-ccs-stream:
///   resume: last-event-id          # or: dedupe, none
///   end-event: END_OF_STREAM
///   heartbeat-event: HEARTBEAT
///   limit-param: limit            # reduced by the events delivered when resuming
///   dates: {date: iso8601}
///   active-check: {path: /api/v1/tasks/{taskId}, field: active}
/// ```
///
/// An operation without the extension (one from `api load`) gets ``default``: standard SSE,
/// resuming with `Last-Event-ID`, no end marker, no heartbeat.
public struct StreamBehavior: Sendable, Equatable {
  /// How a reconnection avoids losing or repeating events.
  public enum Resume: String, Sendable, Equatable {
    /// The server resumes after the `Last-Event-ID` header (Clever Cloud logs).
    case lastEventID = "last-event-id"
    /// The server ignores `Last-Event-ID` and replays a tail (Cloudron task logs): events
    /// already delivered are dropped by id.
    case dedupe
    /// Nothing can be resumed: every reconnection after delivered events is a possible gap.
    case none
  }

  /// How a record field holds a timestamp.
  public enum DateEncoding: String, Sendable, Equatable {
    /// An ISO 8601 string.
    case iso8601
    /// Seconds since 1970 (an integer or float).
    case epochSeconds = "epoch-seconds"
    /// Milliseconds since 1970.
    case epochMilliseconds = "epoch-milliseconds"
    /// Microseconds since 1970 (Cloudron `realtimeTimestamp`).
    case epochMicroseconds = "epoch-microseconds"
  }

  /// Where to ask whether the stream's subject is still active: a GET path template (with the
  /// operation's path parameters) and the boolean field of its JSON answer.
  public struct ActiveCheck: Sendable, Equatable {
    /// The path template (`/api/v1/tasks/{taskId}`).
    public var path: String
    /// The boolean field that is true while active (`active`).
    public var field: String

    /// Creates a check.
    public init(path: String, field: String) {
      self.path = path
      self.field = field
    }
  }

  /// How reconnections resume.
  public var resume: Resume
  /// The event type that ends the stream cleanly, if the API has one.
  public var endEvent: String?
  /// Event types that only keep the connection alive; their presence arms the heartbeat
  /// timeout.
  public var heartbeatEvents: Set<String>
  /// Fields of the decoded `data` record that hold timestamps.
  public var dates: [String: DateEncoding]
  /// Asked when the connection closes: an inactive subject ends the stream.
  public var activeCheck: ActiveCheck?
  /// The query parameter capping how many events the server sends (`limit`): a resumed
  /// request asks only for the events still due.
  public var limitParam: String?

  /// Creates a behaviour.
  public init(
    resume: Resume = .lastEventID, endEvent: String? = nil, heartbeatEvents: Set<String> = [],
    dates: [String: DateEncoding] = [:], activeCheck: ActiveCheck? = nil, limitParam: String? = nil
  ) {
    self.limitParam = limitParam
    self.resume = resume
    self.endEvent = endEvent
    self.heartbeatEvents = heartbeatEvents
    self.dates = dates
    self.activeCheck = activeCheck
  }

  /// Standard SSE: resume with `Last-Event-ID`, no end marker, no heartbeat.
  public static let `default` = StreamBehavior()

  /// Whether the server promises heartbeats, so silence means a stalled connection.
  public var hasHeartbeat: Bool { !heartbeatEvents.isEmpty }
}

// MARK: - Catalog

extension StreamBehavior {
  /// Reads an `x-ccs-stream` record; nil means the default. Unknown values are errors naming
  /// the key, so a catalog typo does not silently change how a stream resumes.
  static func parse(_ value: Value?) throws(CatalogStreamError) -> StreamBehavior {
    guard let value else { return .default }
    guard case .record(let r) = value else {
      throw CatalogStreamError("x-ccs-stream must be a mapping")
    }
    var behavior = StreamBehavior()
    for (key, v) in r {
      switch key {
      case "resume":
        guard let text = v.stringValue, let mode = Resume(rawValue: text) else {
          throw CatalogStreamError("x-ccs-stream.resume must be last-event-id, dedupe or none")
        }
        behavior.resume = mode
      case "end-event":
        guard let text = v.stringValue else {
          throw CatalogStreamError("x-ccs-stream.end-event must be a string")
        }
        behavior.endEvent = text
      case "heartbeat-event":
        let names = v.listItems ?? [v]
        for name in names {
          guard let text = name.stringValue else {
            throw CatalogStreamError(
              "x-ccs-stream.heartbeat-event must be a string or a list of strings")
          }
          behavior.heartbeatEvents.insert(text)
        }
      case "dates":
        guard case .record(let fields) = v else {
          throw CatalogStreamError("x-ccs-stream.dates must be a mapping")
        }
        for (field, encoding) in fields {
          guard let text = encoding.stringValue, let e = DateEncoding(rawValue: text) else {
            throw CatalogStreamError(
              "x-ccs-stream.dates.\(field) must be iso8601, epoch-seconds, epoch-milliseconds or epoch-microseconds"
            )
          }
          behavior.dates[field] = e
        }
      case "limit-param":
        guard let text = v.stringValue else {
          throw CatalogStreamError("x-ccs-stream.limit-param must be a string")
        }
        behavior.limitParam = text
      case "active-check":
        guard case .record(let c) = v, let path = c["path"]?.stringValue,
          let field = c["field"]?.stringValue
        else {
          throw CatalogStreamError("x-ccs-stream.active-check needs path and field")
        }
        behavior.activeCheck = ActiveCheck(path: path, field: field)
      default:
        throw CatalogStreamError("unknown key x-ccs-stream.\(key)")
      }
    }
    return behavior
  }
}

/// A malformed `x-ccs-stream` extension.
public struct CatalogStreamError: Error, Sendable, CustomStringConvertible {
  /// What is wrong.
  public let description: String

  init(_ description: String) {
    self.description = description
  }
}
