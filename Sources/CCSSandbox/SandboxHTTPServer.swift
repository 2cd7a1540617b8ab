import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The sandbox's HTTP/1.1 server, on SwiftNIO (which the HTTP client already links): it reads
/// each request whole (up to ``SandboxResponder/maxBodySize``), asks the responder, and
/// writes the answer. Each answer is a task running on its connection's event loop
/// (``EventLoopTaskExecutor``). A streamed body is written as it comes, each write waited for;
/// when the stream throws (a dropped-connection fault) the connection closes without the end
/// of the body, as a broken network connection would. Requests on one connection are answered
/// in order (pipelining), one at a time.
final class SandboxHTTPServer: Sendable {
  private struct State {
    var listener: (any Channel)?
    var stopped = false
    /// Open connections, and the request each one is answering, by connection number (not by
    /// object identity: a closed channel's address can be reused by the next one before its
    /// close callbacks have run).
    var connections: [Int: any Channel] = [:]
    var answering: [Int: (serial: Int, task: Task<Void, Never>)] = [:]
    var lastConnection = 0
    var serial = 0
  }

  let responder: SandboxResponder
  private let state = Mutex(State())

  init(responder: SandboxResponder) {
    self.responder = responder
  }

  /// Listens on `host`:`port` (0: any free port) and returns the bound port.
  func start(host: String, port: Int) async throws -> Int {
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { [self] channel in
        channel.eventLoop.makeCompletedFuture {
          guard let id = self.opened(channel) else { return }
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
          try channel.pipeline.syncOperations.addHandler(
            SandboxHTTPHandler(server: self, connection: id))
        }
      }
    let listener = try await bootstrap.bind(host: host, port: port).get()
    let keep = state.withLock { state -> Bool in
      guard !state.stopped else { return false }
      state.listener = listener
      return true
    }
    guard keep else {
      try? await listener.close()
      throw SandboxError.notListening("stopped while starting")
    }
    return listener.localAddress?.port ?? port
  }

  /// Stops listening, stops every answer in progress and closes every connection.
  func stop() async {
    let (listener, connections, answers) = state.withLock { state in
      state.stopped = true
      defer {
        state.listener = nil
        state.answering = [:]
      }
      return (
        state.listener, Array(state.connections.values), state.answering.values.map(\.task)
      )
    }
    try? await listener?.close()
    for task in answers { task.cancel() }
    for connection in connections { try? await connection.close() }
    for task in answers { await task.value }
  }

  /// Registers a new connection and returns its number; nil (and the connection closed) once
  /// the server is stopping.
  private func opened(_ channel: any Channel) -> Int? {
    let opened = state.withLock { state -> Int? in
      guard !state.stopped else { return nil }
      state.lastConnection += 1
      state.connections[state.lastConnection] = channel
      return state.lastConnection
    }
    guard let id = opened else {
      channel.close(promise: nil)
      return nil
    }
    // A client that goes away stops what is being written to it (a stream waiting for its
    // next event included).
    channel.closeFuture.whenComplete { [self] _ in
      let answer = state.withLock { state in
        state.connections[id] = nil
        return state.answering.removeValue(forKey: id)
      }
      answer?.task.cancel()
    }
    return id
  }

  /// Answers one request on connection `id` with what `respond` returns.
  ///
  /// NIO's pipelining handler (in the server pipeline) hands over a connection's next request
  /// only once the answer to the previous one has ended, so a pipelining client gets its
  /// answers in order and each request sees the effects of the ones before it. Called on the
  /// connection's event loop, where the answer runs too: it cannot start before it is
  /// registered.
  func answer(
    isHead: Bool, version: HTTPVersion, keepAlive: Bool, on channel: any Channel,
    connection id: Int, _ respond: @escaping @Sendable () async -> SandboxResponse
  ) {
    state.withLock { state in
      guard state.connections[id] != nil else { return }
      state.serial += 1
      let serial = state.serial
      let task = Task(executorPreference: EventLoopTaskExecutor(channel.eventLoop)) {
        let response = await respond()
        await Self.write(
          response, isHead: isHead, version: version, keepAlive: keepAlive, to: channel)
        self.state.withLock { state in
          // The connection's next request may already have its own entry.
          if state.answering[id]?.serial == serial { state.answering[id] = nil }
        }
      }
      state.answering[id] = (serial, task)
    }
  }

  /// Writes `response`; closes the connection when the client asked for it, when a streamed
  /// body throws, or when a write fails.
  static func write(
    _ response: SandboxResponse, isHead: Bool, version: HTTPVersion, keepAlive: Bool,
    to channel: any Channel
  ) async {
    var headers = HTTPHeaders(response.headers)
    if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
    let status = HTTPResponseStatus(statusCode: response.status)
    // No body and no length for 1xx, 204 and 304 (RFC 9110, 8.6).
    let bodiless = response.status < 200 || response.status == 204 || response.status == 304
    do {
      switch response.body {
      case .bytes(let data):
        if !bodiless { headers.replaceOrAdd(name: "Content-Length", value: String(data.count)) }
        let head = HTTPResponseHead(version: version, status: status, headers: headers)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        if !isHead, !bodiless, !data.isEmpty {
          channel.write(
            HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: data))), promise: nil)
        }
        try await channel.writeAndFlush(HTTPServerResponsePart.end(nil)).get()
      case .stream(let body):
        let head = HTTPResponseHead(version: version, status: status, headers: headers)
        try await channel.writeAndFlush(HTTPServerResponsePart.head(head)).get()
        if isHead || bodiless {
          try await channel.writeAndFlush(HTTPServerResponsePart.end(nil)).get()
          break
        }
        var writer: any ResponseBodyWriter = ChannelBodyWriter(channel: channel)
        try await body(&writer)
        try await channel.writeAndFlush(HTTPServerResponsePart.end(nil)).get()
      }
      if !keepAlive { try await channel.close() }
    } catch {
      try? await channel.close()
    }
  }
}

/// Collects each request on a connection and hands it to the server.
private final class SandboxHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private let server: SandboxHTTPServer
  private let connection: Int
  private var head: HTTPRequestHead?
  private var body: [UInt8] = []
  /// Set once a body was refused: the connection closes after the refusal, and nothing it
  /// still sends is read into a request.
  private var refused = false

  init(server: SandboxHTTPServer, connection: Int) {
    self.server = server
    self.connection = connection
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !refused else { return }
    switch unwrapInboundIn(data) {
    case .head(let head):
      self.head = head
      body = []
      // A declared length over the limit is refused at once, without waiting for the body.
      let declared = head.headers.first(name: "content-length").flatMap { Int($0) } ?? 0
      if declared > SandboxResponder.maxBodySize { refuse(head, on: context.channel) }
    case .body(let part):
      guard let head else { return }
      if part.readableBytes > SandboxResponder.maxBodySize - body.count {
        refuse(head, on: context.channel)
      } else {
        body.append(contentsOf: part.readableBytesView)
      }
    case .end:
      guard let head else { return }
      self.head = nil
      let request = SandboxRequest(
        method: head.method.rawValue, target: head.uri,
        headers: head.headers.map { ($0.name.lowercased(), $0.value) }, body: Data(body))
      body = []
      let responder = server.responder
      server.answer(
        isHead: head.method == .HEAD, version: head.version, keepAlive: head.isKeepAlive,
        on: context.channel, connection: connection
      ) { await responder.dispatch(request) }
    }
  }

  /// A request the decoder could not parse was answered 400 by NIO's protocol error handler
  /// (when no answer was under way); the connection cannot be read further, so it closes.
  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }

  /// Answers 413 and closes the connection.
  private func refuse(_ head: HTTPRequestHead, on channel: any Channel) {
    refused = true
    self.head = nil
    body = []
    let response = APIError.forPath(
      SandboxRequest.split(target: head.uri).path, 413, "Request body too large")
    server.answer(
      isHead: false, version: head.version, keepAlive: false, on: channel, connection: connection
    ) { response }
  }
}
