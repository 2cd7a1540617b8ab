import NIOCore
import NIOHTTP1

/// Where a streamed response body goes.
protocol ResponseBodyWriter {
  /// Writes and flushes `buffer`, returning once the connection took it: a slow client slows
  /// the stream down, and a closed connection makes the write throw.
  mutating func write(_ buffer: ByteBuffer) async throws
}

/// A streamed body written to an HTTP/1.1 connection (chunked, unless the response declared
/// its length), from a task running on the connection's event loop
/// (``EventLoopTaskExecutor``).
///
/// Each write is waited for: the wait is what gives the loop back to the other connections
/// between two writes of a fast stream, and it stops the stream at the first failed write.
struct ChannelBodyWriter: ResponseBodyWriter {
  let channel: any Channel

  mutating func write(_ buffer: ByteBuffer) async throws {
    try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer))).get()
  }
}
