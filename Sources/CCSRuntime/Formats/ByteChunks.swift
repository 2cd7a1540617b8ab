/// Pipeline input read as a sequence of byte chunks, without collecting it.
///
/// A string or binary is one chunk; a byte stream yields its `.binary` (or string) items; any
/// other stream yields each string or binary item, followed by `separator` when one is given
/// (NDJSON treats the items of a stream of strings as lines).
final class ByteChunks: @unchecked Sendable {
  private var single: [UInt8]?
  private let stream: ValueStream?
  private let separator: [UInt8]?

  /// Nil when `input` is neither text, bytes nor a stream.
  init?(_ input: Value, itemSeparator: [UInt8]? = nil) {
    switch input {
    case .string(let s):
      single = Array(s.utf8)
      stream = nil
    case .binary(let b):
      single = b.bytes
      stream = nil
    case .null:
      single = []
      stream = nil
    case .stream(let s):
      single = nil
      stream = s
    default:
      return nil
    }
    if case .stream(let s) = input, !s.isByteStream {
      separator = itemSeparator
    } else {
      separator = nil
    }
  }

  /// The next chunk, or nil at the end. Items that are not text or bytes are an error.
  func next() async throws -> [UInt8]? {
    if let chunk = single {
      single = nil
      return chunk
    }
    guard let stream else { return nil }
    guard let item = try await stream.next() else { return nil }
    var bytes: [UInt8]
    switch item {
    case .binary(let b): bytes = b.bytes
    case .string(let s): bytes = Array(s.utf8)
    default:
      stream.cancel()
      throw FormatError(
        format: "input", reason: "expected text or bytes in the stream, found \(item.typeName)")
    }
    if let separator { bytes.append(contentsOf: separator) }
    return bytes
  }

  /// Cancels the upstream stream, if any.
  func cancel() {
    single = nil
    stream?.cancel()
  }
}
