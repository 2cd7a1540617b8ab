/// One Server-Sent Event, as dispatched by `SSEParser`.
public struct SSEEvent: Sendable, Equatable {
  /// The event type; `message` when the block had no `event:` field.
  public var event: String
  /// The `data:` lines of the block joined with `\n`.
  public var data: String
  /// The last event id in effect when the event was dispatched (`id:` persists across
  /// events); nil when no id was ever set or it was reset with an empty `id:`.
  public var id: String?
  /// The reconnection time in milliseconds, only when this event's block had a valid
  /// `retry:` field.
  public var retry: Int?

  /// Creates an event.
  public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
    self.event = event
    self.data = data
    self.id = id
    self.retry = retry
  }
}

/// An incremental parser of `text/event-stream` bodies, following the WHATWG rules.
///
/// Feed it bytes as they arrive, split anywhere (even inside a UTF-8 sequence or between the
/// CR and LF of a line ending); it returns the events completed so far. Handles a leading
/// BOM, CR / LF / CRLF line endings, `:` comments, `field: value` with one optional space
/// stripped, `data` lines joined with `\n`, `id` persistence (an id containing NUL is
/// ignored), digit-only `retry`, and dispatches on a blank line only: an unterminated final
/// event is discarded, and a block without `data` dispatches nothing.
///
/// ```swift
/// var parser = SSEParser()
/// let events = parser.feed(Array("event: ping\ndata: 1\n\n".utf8))
/// // [SSEEvent(event: "ping", data: "1")]
/// ```
public struct SSEParser: Sendable {
  /// The most bytes one event may hold, its current line and its data lines together: a
  /// stream that never ends a line or an event is an error at this size instead of memory
  /// growing until the process is killed.
  public static let maxEventBytes = 16 << 20

  /// The last event id buffer (empty when unset).
  public private(set) var lastEventID = ""
  /// The last valid `retry:` value seen, in milliseconds.
  public private(set) var reconnectionTime: Int?

  private var line: [UInt8] = []
  private var afterCR = false
  private var atStart = true
  private var data: [UInt8] = []
  private var hasData = false
  private var eventType = ""
  private var blockRetry: Int?

  /// Creates a parser at the start of a stream.
  public init() {}

  /// Prepares for the body of a new connection of the same stream: drops a partial line and
  /// an undispatched event, keeps the last event id and the reconnection time (as an
  /// EventSource does when it reconnects).
  public mutating func resetForReconnection() {
    line.removeAll(keepingCapacity: true)
    afterCR = false
    atStart = true
    data.removeAll(keepingCapacity: true)
    hasData = false
    eventType = ""
    blockRetry = nil
  }

  /// Consumes bytes and returns the events they complete.
  ///
  /// - Throws: ``FormatError`` when an event grows past ``maxEventBytes``; the partial event
  ///   is dropped, and the parser reads on from the next line.
  public mutating func feed(_ bytes: some Collection<UInt8>) throws(FormatError) -> [SSEEvent] {
    // One dynamic call for contiguous input, then a concrete loop: iterating a generic
    // collection byte by byte across the module boundary cost 4x the time of reading it.
    let read = { (parser: inout SSEParser, buffer: UnsafeBufferPointer<UInt8>) in
      Result { () throws(FormatError) in try parser.feed(buffer: buffer) }
    }
    if let result = bytes.withContiguousStorageIfAvailable({ read(&self, $0) }) {
      return try result.get()
    }
    return try Array(bytes).withUnsafeBufferPointer { read(&self, $0) }.get()
  }

  /// Consumes contiguous bytes: runs between line endings are appended to the line at once.
  ///
  /// - Throws: ``FormatError`` when an event grows past ``maxEventBytes``.
  public mutating func feed(
    buffer: UnsafeBufferPointer<UInt8>
  ) throws(FormatError)
    -> [SSEEvent]
  {
    var events: [SSEEvent] = []
    let count = buffer.count
    var start = 0
    if afterCR, count > 0 {
      // The LF of a CRLF split between two chunks.
      afterCR = false
      if buffer[0] == 0x0A { start = 1 }
    }
    while start < count {
      var end = start
      while end < count, buffer[end] != 0x0A, buffer[end] != 0x0D { end += 1 }
      guard line.count + data.count + (end - start) <= Self.maxEventBytes else {
        line.removeAll()
        resetBlock()
        throw FormatError(
          format: "SSE", reason: "an event larger than \(Self.maxEventBytes >> 20) MiB")
      }
      line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
      guard end < count else { break }
      endLine(into: &events)
      if buffer[end] == 0x0D {
        if end + 1 == count {
          afterCR = true
        } else if buffer[end + 1] == 0x0A {
          end += 1
        }
      }
      start = end + 1
    }
    return events
  }

  /// Ends the stream: an unterminated event is discarded, so this always returns `[]`.
  public mutating func finish() -> [SSEEvent] {
    line.removeAll()
    resetBlock()
    afterCR = false
    return []
  }

  private mutating func endLine(into events: inout [SSEEvent]) {
    if atStart {
      atStart = false
      if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
        line.removeFirst(3)
      }
    }
    defer { line.removeAll(keepingCapacity: true) }
    if line.isEmpty {
      dispatch(into: &events)
      return
    }
    if line[0] == UInt8(ascii: ":") { return }
    let field: ArraySlice<UInt8>
    var value: ArraySlice<UInt8>
    if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
      field = line[..<colon]
      value = line[(colon + 1)...]
      if value.first == 0x20 { value = value.dropFirst() }
    } else {
      field = line[...]
      value = []
    }
    process(field: field, value: value)
  }

  private mutating func process(field: ArraySlice<UInt8>, value: ArraySlice<UInt8>) {
    switch String(decoding: field, as: UTF8.self) {
    case "event":
      eventType = String(decoding: value, as: UTF8.self)
    case "data":
      data.append(contentsOf: value)
      data.append(0x0A)
      hasData = true
    case "id":
      if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
    case "retry":
      guard !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return }
      var n = 0
      for d in value {
        let (m, o1) = n.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(Int(d - 0x30))
        if o1 || o2 { return }
        n = s
      }
      reconnectionTime = n
      blockRetry = n
    default:
      break
    }
  }

  private mutating func dispatch(into events: inout [SSEEvent]) {
    defer { resetBlock() }
    guard hasData else { return }
    data.removeLast()
    events.append(
      SSEEvent(
        event: eventType.isEmpty ? "message" : eventType,
        data: String(decoding: data, as: UTF8.self),
        id: lastEventID.isEmpty ? nil : lastEventID,
        retry: blockRetry))
  }

  private mutating func resetBlock() {
    data.removeAll(keepingCapacity: true)
    hasData = false
    eventType = ""
    blockRetry = nil
  }
}
