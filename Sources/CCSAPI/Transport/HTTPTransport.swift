import AsyncHTTPClient
import CCSRuntime
import NIOCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Sends ``APIRequest``s over HTTP(S): timeouts, retries, verbose logging, error mapping.
///
/// One transport serves a whole session; it is cheap to create and safe to share between
/// tasks. Secrets registered with ``register(secrets:)`` (and the `Authorization` header and
/// `access_token` query values, always) are masked in everything it logs or throws.
///
/// ```swift
/// let transport = HTTPTransport(
///   configuration: .init(version: "0.1.0"),
///   log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) })
/// transport.register(credentials)
/// let response = try await transport.send(request)   // throws HTTPError unless 2xx
/// ```
///
/// Cancelling the calling task (Ctrl-C) cancels the in-flight request and any backoff wait.
public final class HTTPTransport: Sendable {
  /// How the transport connects, waits and retries.
  public struct Configuration: Sendable, Hashable {
    /// The ccs version, sent as `User-Agent: ccs/<version>`.
    public var version: String
    /// The longest wait to establish a connection (TCP and TLS).
    public var connectTimeout: Duration
    /// The longest wait for the next bytes of a buffered response; nil waits forever.
    public var readTimeout: Duration?
    /// The longest wait for the next bytes of a streaming response; nil (the default) waits
    /// forever, leaving liveness to the stream's own heartbeat logic.
    public var streamIdleTimeout: Duration?
    /// Turns TLS certificate verification off. Only ever set from an explicit `--insecure`.
    public var insecure: Bool
    /// When to send a request again.
    public var retry: RetryPolicy
    /// The largest buffered response body accepted.
    public var maxResponseBytes: Int
    /// Whether verbose logging also shows request and response headers (redacted).
    public var logHeaders: Bool

    /// Creates a configuration.
    public init(
      version: String,
      connectTimeout: Duration = .seconds(10),
      readTimeout: Duration? = .seconds(60),
      streamIdleTimeout: Duration? = nil,
      insecure: Bool = false,
      retry: RetryPolicy = .standard,
      maxResponseBytes: Int = 256 * 1024 * 1024,
      logHeaders: Bool = false
    ) {
      self.version = version
      self.connectTimeout = connectTimeout
      self.readTimeout = readTimeout
      self.streamIdleTimeout = streamIdleTimeout
      self.insecure = insecure
      self.retry = retry
      self.maxResponseBytes = maxResponseBytes
      self.logHeaders = logHeaders
    }

    /// `ccs/<version>`.
    public var userAgent: String { "ccs/\(version)" }
  }

  /// Waits for a duration; throws `CancellationError` when the task is cancelled.
  public typealias Sleep = @Sendable (Duration) async throws -> Void

  /// The configuration in use.
  public let configuration: Configuration
  let log: (@Sendable (String) -> Void)?
  let sleep: Sleep
  let random: @Sendable () -> Double
  private let secrets: Locked<Redactor>

  /// Creates a transport.
  ///
  /// - Parameters:
  ///   - configuration: timeouts, TLS, retries, user agent.
  ///   - redactor: secrets known from the start; more can be added with ``register(secrets:)``.
  ///   - log: the verbose sink, one line per call (`> GET …`, `< 200 OK (12 ms)`); nil is quiet.
  ///   - sleep: how backoff waits; tests pass a recorder. Defaults to `Task.sleep`.
  ///   - random: a source of numbers in 0..<1 for jitter.
  public init(
    configuration: Configuration,
    redactor: Redactor = Redactor(),
    log: (@Sendable (String) -> Void)? = nil,
    sleep: @escaping Sleep = { try await Task.sleep(for: $0) },
    random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
  ) {
    self.configuration = configuration
    self.log = log
    self.sleep = sleep
    self.random = random
    self.secrets = Locked(redactor)
  }

  /// The redactor holding every secret registered so far.
  public var redactor: Redactor {
    secrets.withLock { $0 }
  }

  /// Adds secrets to mask in logs and errors.
  public func register(secrets newSecrets: some Sequence<String>) {
    secrets.withLock { $0 = $0.inserting(contentsOf: newSecrets) }
  }

  /// Adds the secrets of `credentials` to mask in logs and errors.
  public func register(_ credentials: Credentials) {
    register(secrets: credentials.secrets)
  }

  /// `request` as it goes on the wire: with `User-Agent: ccs/VERSION` unless already set. Use
  /// it with ``APIRequest/rendered(redactor:)`` for an exact dry run.
  public func prepared(_ request: APIRequest) -> APIRequest {
    var request = request
    request.headers.setIfAbsent("User-Agent", configuration.userAgent)
    return request
  }

  // MARK: - Buffered

  /// Sends `request` and returns the whole response, retrying as ``RetryPolicy`` allows.
  ///
  /// - Throws: ``HTTPError`` for a final status outside 2xx, ``TransportError`` when no
  ///   response came, `CancellationError` when the task was cancelled.
  public func send(_ request: APIRequest) async throws -> APIResponse {
    let request = prepared(request)
    let client = HTTPClientPool.client(for: clientKey(streaming: false))
    return try await withRetries(request) { attempt in
      let response = try await client.execute(
        try self.clientRequest(request), deadline: self.deadline(request))
      let body: ByteBuffer
      do {
        body = try await response.body.collect(upTo: self.configuration.maxResponseBytes)
      } catch let error as NIOTooManyBytesError {
        throw TransportError(
          kind: .responseTooLarge, method: request.method.rawValue,
          url: self.redactor.redact(url: request.url),
          detail: "\(error.maxBytes.map(String.init) ?? "?") bytes", attempts: attempt)
      }
      return APIResponse(
        status: Int(response.status.code), reason: response.status.reasonPhrase,
        headers: Self.headers(response), body: Array(body.readableBytesView))
    }
  }

  // MARK: - Streaming

  /// Sends `request` and returns as soon as the response head arrives; the body then streams
  /// chunk by chunk. Opening the stream is retried like ``send(_:)``; the body is not.
  ///
  /// - Throws: ``HTTPError`` (with up to 64 KiB of the error body) for a status outside 2xx,
  ///   ``TransportError`` when no response came, `CancellationError` when cancelled.
  public func stream(_ request: APIRequest) async throws -> StreamingResponse {
    try await stream(request, retry: configuration.retry)
  }

  /// Like ``stream(_:)`` with its own retry policy (``RetryPolicy/never`` for callers that
  /// run their own reconnection loop).
  public func stream(
    _ request: APIRequest, retry policy: RetryPolicy
  ) async throws
    -> StreamingResponse
  {
    let request = prepared(request)
    let client = HTTPClientPool.client(for: clientKey(streaming: true))
    let opened = try await withRetries(request, policy: policy) { _ in
      try await self.openStream(request, client: client)
    }
    guard let response = opened.response else {
      throw HTTPError(request: request, response: opened.head, redactor: redactor)
    }
    return response
  }

  /// One attempt at opening a stream: the head as an ``APIResponse`` (with the body read when
  /// the status is not 2xx, for errors and retries) and, for 2xx, the live response.
  private struct OpenedStream: Sendable, ResponseHead {
    var head: APIResponse
    var response: StreamingResponse?
  }

  private func openStream(_ request: APIRequest, client: HTTPClient) async throws -> OpenedStream {
    let pipe = ChunkPipe()
    let clientRequest = try clientRequest(request)
    let deadline = deadline(request)
    let head = OneShot<APIResponse>()
    let handle = StreamingResponse.Handle(pipe: pipe)
    let producer = Task {
      do {
        let response = try await client.execute(clientRequest, deadline: deadline)
        var apiResponse = APIResponse(
          status: Int(response.status.code), reason: response.status.reasonPhrase,
          headers: Self.headers(response))
        if !(200..<300).contains(apiResponse.status) {
          // Enough of an error body for its message; an endless one is cut off.
          for try await buffer in response.body {
            apiResponse.body += buffer.readableBytesView.prefix(64 * 1024 - apiResponse.body.count)
            if apiResponse.body.count >= 64 * 1024 { break }
          }
          head.fulfill(.success(apiResponse))
          pipe.finish()
          return
        }
        head.fulfill(.success(apiResponse))
        for try await buffer in response.body {
          try await pipe.send(Array(buffer.readableBytesView))
        }
        pipe.finish()
      } catch {
        // Before the head, the retry loop classifies the raw error; after it, the consumer
        // gets a redacted TransportError.
        head.fulfill(.failure(error))
        if error is CancellationError {
          pipe.fail(error)
        } else {
          pipe.fail(self.transportError(error, request: request, attempts: 1))
        }
      }
    }
    pipe.onClose { producer.cancel() }
    let apiResponse = try await withTaskCancellationHandler {
      try await head.value()
    } onCancel: {
      pipe.close(cancelled: true)
    }
    guard (200..<300).contains(apiResponse.status) else {
      return OpenedStream(head: apiResponse, response: nil)
    }
    let streaming = StreamingResponse(
      status: apiResponse.status, reason: apiResponse.reason, headers: apiResponse.headers,
      handle: handle)
    return OpenedStream(head: apiResponse, response: streaming)
  }
}
