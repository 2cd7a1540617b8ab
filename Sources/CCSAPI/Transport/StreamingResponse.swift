/// A response whose body arrives as it comes: status and headers now, bytes chunk by chunk.
///
/// The body is consumed once. Cancelling the task that iterates it, calling ``close()``, or
/// dropping every reference to the response closes the connection, so a pipeline that takes
/// the first five events of an endless stream releases it at once.
///
/// ```swift
/// let response = try await transport.stream(request)
/// for try await chunk in response.body {
///   parser.feed(chunk)
/// }
/// ```
public struct StreamingResponse: Sendable {
  /// The status code, always 2xx (other statuses throw ``HTTPError`` instead).
  public let status: Int
  /// The reason phrase.
  public let reason: String
  /// The response headers.
  public let headers: APIHeaders
  /// The body chunks, in arrival order.
  public let body: Body

  init(status: Int, reason: String, headers: APIHeaders, handle: Handle) {
    self.status = status
    self.reason = reason
    self.headers = headers
    self.body = Body(handle: handle)
  }

  /// The media type of the body without parameters, lowercased (`text/event-stream`), or nil.
  public var mediaType: String? {
    HTTPStatus.mediaType(of: headers)
  }

  /// The request id the server attached (`Sozu-Id`, `X-Request-Id`), if any.
  public var requestId: String? {
    HTTPStatus.requestId(in: headers)
  }

  /// Ends the body now and closes the connection; iteration then finishes. Safe to call more
  /// than once and from any task.
  public func close() {
    body.handle.pipe.close(cancelled: false)
  }

  /// The body as an asynchronous sequence of byte chunks.
  public struct Body: AsyncSequence, Sendable {
    /// One chunk of body bytes, as received.
    public typealias Element = [UInt8]

    let handle: Handle

    /// Iterates the chunks; one iteration per response.
    public struct AsyncIterator: AsyncIteratorProtocol {
      let handle: Handle

      /// The next chunk, or nil at the end of the body.
      public mutating func next() async throws -> [UInt8]? {
        try await handle.pipe.next()
      }
    }

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
      AsyncIterator(handle: handle)
    }
  }

  /// Owns the pipe; when the last reference goes, the connection is closed.
  final class Handle: Sendable {
    let pipe: ChunkPipe

    init(pipe: ChunkPipe) {
      self.pipe = pipe
    }

    deinit {
      pipe.close(cancelled: false)
    }
  }
}
