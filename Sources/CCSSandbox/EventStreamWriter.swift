import NIOCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Thrown inside a streamed body to close the connection abruptly (no end marker, no
/// terminating chunk), as a dropped network connection would.
struct ConnectionDropped: Error {
  /// Waits briefly so bytes already handed to the channel reach the client, then returns the
  /// error to throw (closing at once could discard them).
  static func afterFlush() async -> ConnectionDropped {
    try? await Task.sleep(for: .milliseconds(200))
    return ConnectionDropped()
  }
}

/// Writes SSE frames to a response body and applies the stream faults: after each data
/// event it may drop the connection (after N events, or at random with the seeded generator).
struct EventStreamWriter {
  let store: SandboxStore
  private(set) var eventsSent = 0

  init(store: SandboxStore) {
    self.store = store
  }

  /// Writes raw text that is not a data event (retry line, heartbeat, end marker).
  func writeControl(_ text: String, to writer: inout any ResponseBodyWriter) async throws {
    try await writer.write(ByteBuffer(string: text))
  }

  /// Writes frames holding `count` data events, then drops the connection if a fault says so.
  mutating func writeEvents(
    _ text: String, count: Int, to writer: inout any ResponseBodyWriter
  ) async throws {
    let before = eventsSent
    let stallAfter = store.with { $0.faults.stallStreamAfterEvents }
    if let stallAfter, stallAfter < before + count {
      // Send the frames before the stall point, then nothing at all (not even a heartbeat,
      // as the caller's loop waits here) until the client gives up and closes.
      let frames = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
      let keep = max(0, stallAfter - before)
      if keep > 0 {
        try await writer.write(
          ByteBuffer(string: frames.prefix(keep).joined(separator: "\n\n") + "\n\n"))
      }
      eventsSent = stallAfter
      // A client that gave up has closed its end; after a while drop ours too.
      try await Task.sleep(for: .seconds(10))
      throw ConnectionDropped()
    }
    let limit: Int? = store.with { state -> Int? in
      let faults = state.faults
      if let after = faults.dropStreamAfterEvents { return after }
      guard faults.dropStreamProbability > 0 else { return nil }
      for offset in 0..<count where state.faultRandom.unit() < faults.dropStreamProbability {
        return before + offset + 1
      }
      return nil
    }
    if let limit, limit < before + count {
      // Cut inside this batch: send only the frames before the limit.
      let frames = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
      let keep = max(0, limit - before)
      if keep > 0 {
        let partial = frames.prefix(keep).joined(separator: "\n\n") + "\n\n"
        try await writer.write(ByteBuffer(string: partial))
      }
      eventsSent = limit
      throw await ConnectionDropped.afterFlush()
    }
    try await writer.write(ByteBuffer(string: text))
    eventsSent += count
    if let limit, eventsSent >= limit { throw await ConnectionDropped.afterFlush() }
  }
}

extension SandboxResponse.Body {
  /// A streamed SSE body counted in `GET /__sandbox/streams` while its connection is open.
  static func eventStream(
    _ store: SandboxStore,
    _ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
  ) -> SandboxResponse.Body {
    .stream { writer in
      store.with {
        $0.openStreams += 1
        $0.streamsOpened += 1
      }
      defer { store.with { $0.openStreams -= 1 } }
      try await write(&writer)
    }
  }
}
