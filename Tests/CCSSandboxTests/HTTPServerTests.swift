import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import CCSSandbox

/// The sandbox's HTTP/1.1 server at the byte level, over a raw loopback connection: what an
/// HTTP client library would hide (pipelining, connection close, refusals before dispatch).
@Suite("Sandbox HTTP server on the wire", .timeLimit(.minutes(1)))
struct HTTPServerTests {
  @Test("pipelined requests are answered in order: a live stream first, then what follows it")
  func pipelinedInOrder() async throws {
    try await withSandbox(taskDuration: .seconds(1)) { sandbox in
      let started = try await sandbox.cloudron("POST", "/external_ldap/sync")
      let taskId = try #require(started.json?["taskId"]?.intValue)
      let auth = "Authorization: Bearer \(sandbox.endpoints.cloudronToken)\r\n"
      // Both requests in one write: the stream lasts until the task ends (about a second),
      // and the second answer must wait for the stream's last chunk.
      let text = try await RawConnection.exchange(
        port: sandbox.port,
        "GET /api/v1/tasks/\(taskId)/logstream?lines=10 HTTP/1.1\r\nHost: x\r\n\(auth)"
          + "Accept: text/event-stream\r\n\r\n"
          + "GET /api/v1/tasks/\(taskId) HTTP/1.1\r\nHost: x\r\n\(auth)\r\n"
      ) { $0.components(separatedBy: "HTTP/1.1 200").count == 3 && $0.hasSuffix("}") }
      let answers = text.components(separatedBy: "HTTP/1.1 200 OK\r\n").dropFirst()
      #expect(answers.count == 2)
      let stream = try #require(answers.first)
      #expect(stream.contains("Task finished successfully"))
      #expect(stream.hasSuffix("\r\n0\r\n\r\n"))
      let task = try #require(answers.last)
      #expect(task.contains(#""active":false"#))
      #expect(task.contains(#""success":true"#))
    }
  }

  @Test("Connection: close gets the answer, then the server closes the connection")
  func connectionClose() async throws {
    try await withSandbox { sandbox in
      let text = try await RawConnection.exchange(
        port: sandbox.port,
        "GET /api/v1/cloudron/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
      ) { _ in false }
      #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
      #expect(text.lowercased().contains("connection: close\r\n"))
      #expect(text.hasSuffix("}"))
    }
  }

  @Test("a body over the limit is refused with 413 before dispatch, and never recorded")
  func bodyTooLarge() async throws {
    try await withSandbox { sandbox in
      let declared = SandboxResponder.maxBodySize + 1
      let text = try await RawConnection.exchange(
        port: sandbox.port,
        "POST /api/v1/apps HTTP/1.1\r\nHost: x\r\nContent-Length: \(declared)\r\n\r\n{}"
      ) { _ in false }
      #expect(text.hasPrefix("HTTP/1.1 413 Payload Too Large\r\n"))
      #expect(text.contains("Request body too large"))
      let log = try await sandbox.send("GET", "/__sandbox/requests")
      #expect(!log.text.contains("/api/v1/apps"))
    }
  }

  @Test("a request that is not HTTP gets 400 and a closed connection")
  func garbage() async throws {
    try await withSandbox { sandbox in
      let text = try await RawConnection.exchange(port: sandbox.port, "NOT HTTP\r\n\r\n") { _ in
        false
      }
      #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
    }
  }
}

/// A plain TCP connection to the sandbox that writes bytes and reads text back.
enum RawConnection {
  /// Writes `request`, then reads until `done` holds for what was read or the server closes
  /// the connection.
  static func exchange(
    port: Int, _ request: String, until done: @escaping @Sendable (String) -> Bool
  ) async throws -> String {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connect(host: "127.0.0.1", port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    return try await channel.executeThenClose { inbound, outbound in
      try await outbound.write(ByteBuffer(string: request))
      var text = ""
      for try await chunk in inbound {
        text += String(buffer: chunk)
        if done(text) { break }
      }
      return text
    }
  }
}
