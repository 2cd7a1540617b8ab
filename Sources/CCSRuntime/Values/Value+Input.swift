/// Reading pipeline input as text or bytes, whatever form it arrives in.
extension Value {
  /// The input as bytes: a string's UTF-8, a binary's bytes, a byte stream joined.
  public func collectBytes() async throws -> [UInt8]? {
    switch self {
    case .string(let s): return Array(s.utf8)
    case .binary(let b): return b.bytes
    case .stream(let stream) where stream.isByteStream:
      var out: [UInt8] = []
      while let chunk = try await stream.next() {
        if case .binary(let b) = chunk {
          out.append(contentsOf: b.bytes)
        } else if case .string(let s) = chunk {
          out.append(contentsOf: s.utf8)
        }
      }
      return out
    default: return nil
    }
  }

  /// The input as text (UTF-8 decoded), or nil when it is not text-like.
  public func collectText() async throws -> String? {
    guard let bytes = try await collectBytes() else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The input as a list of values: a list as is, a stream collected, null as empty, any other
  /// value as a one-item list.
  public func collectList() async throws -> [Value] {
    switch self {
    case .list(let items): return items
    case .stream(let s): return try await s.collect()
    case .null: return []
    default:
      try Value.checkNesting(self)
      return [self]
    }
  }

  /// The input as a stream of items: a stream as is, a list's items, null as empty, any other
  /// value as a single item.
  public func asStream() -> ValueStream {
    switch self {
    case .stream(let s): return s
    case .list(let items): return .of(items)
    case .null: return .of([])
    default: return .of([self])
    }
  }
}
