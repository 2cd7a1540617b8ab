/// A lazy, asynchronous, cancellable sequence of values, consumed once.
///
/// Pipelines pass streams from stage to stage without collecting them: `first 3` pulls three
/// values and cancels the stream, which closes whatever feeds it (an HTTP connection, a file).
/// A stream is single-consumer; iterating it a second time yields nothing.
public final class ValueStream: @unchecked Sendable {
  /// Produces the next value, or nil at the end.
  public typealias Next = () async throws -> Value?

  private var nextValue: Next?
  private var pulls: UInt = 0
  private var onCancel: (() -> Void)?
  /// True for streams that may never end (SSE, `watch`): `let` keeps them as streams instead
  /// of collecting them into a list.
  public let isLive: Bool
  /// True for raw input (standard input, a file being read): every item is a `.binary`
  /// chunk, and consumers that want text join the chunks.
  public let isByteStream: Bool
  /// True for a stream of successive states of one value (`watch --every`): at a terminal
  /// each item replaces the previous one on screen instead of being printed below it.
  public let redrawsInPlace: Bool

  /// Creates a stream from a `next` function and an optional cancellation hook.
  public init(
    live: Bool = false, bytes: Bool = false, redrawsInPlace: Bool = false, next: @escaping Next,
    onCancel: (() -> Void)? = nil
  ) {
    self.isLive = live
    self.isByteStream = bytes
    self.redrawsInPlace = redrawsInPlace
    self.nextValue = next
    self.onCancel = onCancel
  }

  /// The next value, or nil when the stream is finished or cancelled.
  ///
  /// Every 1,024th pull checks for task cancellation, so a loop that drains a stream without
  /// emitting (`… | where $it < 0 | length`) still stops on Ctrl-C: filters pull through here.
  public func next() async throws -> Value? {
    guard let nextValue else { return nil }
    pulls &+= 1
    if pulls & 0x3FF == 0, Task.isCancelled {
      finish()
      throw CancellationError()
    }
    do {
      if let value = try await nextValue() { return value }
    } catch {
      finish()
      throw error
    }
    finish()
    return nil
  }

  /// Stops the stream and releases its source; later `next()` calls return nil.
  public func cancel() {
    finish()
  }

  private func finish() {
    nextValue = nil
    let hook = onCancel
    onCancel = nil
    hook?()
  }

  /// A stream over the elements of a list.
  public static func of(_ values: [Value]) -> ValueStream {
    var index = 0
    return ValueStream {
      guard index < values.count else { return nil }
      defer { index += 1 }
      return values[index]
    }
  }

  /// A stream over any async sequence of values; cancelling it cancels the iteration.
  public static func from<S: AsyncSequence & Sendable>(_ sequence: S, live: Bool = false)
    -> ValueStream where S.Element == Value
  {
    var iterator = sequence.makeAsyncIterator()
    return ValueStream(live: live) {
      try await iterator.next(isolation: nil)
    }
  }

  /// Collects the remaining values into an array, checking for task cancellation and that
  /// they can be nested in a list (``Value/maxDepth``).
  public func collect() async throws -> [Value] {
    var out: [Value] = []
    while let v = try await next() {
      out.append(v)
      if out.count & 0xFFF == 0 { try Task.checkCancellation() }
    }
    try Value.checkNesting(out)
    return out
  }
}
