/// A lazy, asynchronous, cancellable sequence of values, consumed once.
///
/// Pipelines pass streams from stage to stage without collecting them: `first 3` pulls three
/// values and cancels the stream, which closes whatever feeds it (an HTTP connection, a file).
/// A stream is single-consumer; iterating it a second time yields nothing.
public final class ValueStream: @unchecked Sendable {
  // @unchecked: a stream is single-consumer (see above): its mutable state is touched only by
  // the task that consumes it, which pulls and cancels it one call at a time (task
  // cancellation reaches a stream through `Task.isCancelled`, never through `cancel()`).

  /// Produces the next value, or nil at the end.
  public typealias Next = () async throws -> Value?
  /// Produces the next values (possibly none yet), or nil at the end.
  public typealias NextBatch = () async throws -> [Value]?

  private var nextValue: Next?
  private var nextBatchOfValues: NextBatch?
  /// Values of the last batch not yet pulled, from `bufferIndex` on.
  private var buffer: [Value] = []
  private var bufferIndex = 0
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

  /// Creates a stream whose source produces values in batches (the lines of one chunk of
  /// NDJSON, the items of a batch that a pure condition kept). Consumers that take batches
  /// (``nextBatch()``) skip one asynchronous call per item; `next()` still yields one at a time.
  ///
  /// A source must be as lazy as a one-at-a-time stream would be: a batch holds only values
  /// computed without side effects, and an error found while building one is thrown on the
  /// pull after the values before it.
  public init(live: Bool = false, batches: @escaping NextBatch, onCancel: (() -> Void)? = nil) {
    self.isLive = live
    self.isByteStream = false
    self.redrawsInPlace = false
    self.nextBatchOfValues = batches
    self.onCancel = onCancel
  }

  /// The next value, or nil when the stream is finished or cancelled.
  ///
  /// Every 1,024th pull checks for task cancellation, so a loop that drains a stream without
  /// emitting (`… | where $it < 0 | length`) still stops on Ctrl-C: filters pull through here.
  public func next() async throws -> Value? {
    if bufferIndex < buffer.count {
      bufferIndex += 1
      return buffer[bufferIndex - 1]
    }
    guard nextBatchOfValues == nil else {
      guard var batch = try await pullBatch() else { return nil }
      let first = batch[0]
      if batch.count == 1 {
        buffer = []
      } else {
        swap(&buffer, &batch)
        bufferIndex = 1
      }
      return first
    }
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

  /// The values available now, at least one, or nil when the stream is finished or cancelled:
  /// what is left of the current batch, a new batch, or, from a one-at-a-time source, one
  /// value. Checks for task cancellation on each new batch.
  public func nextBatch() async throws -> [Value]? {
    if bufferIndex < buffer.count {
      defer {
        buffer = []
        bufferIndex = 0
      }
      return bufferIndex == 0 ? buffer : Array(buffer[bufferIndex...])
    }
    guard nextBatchOfValues != nil else { return try await next().map { [$0] } }
    return try await pullBatch()
  }

  /// A non-empty batch from the batch source, or nil at its end.
  private func pullBatch() async throws -> [Value]? {
    buffer = []
    bufferIndex = 0
    while let source = nextBatchOfValues {
      if Task.isCancelled {
        finish()
        throw CancellationError()
      }
      do {
        guard let batch = try await source() else { break }
        if !batch.isEmpty { return batch }
      } catch {
        finish()
        throw error
      }
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
    nextBatchOfValues = nil
    buffer = []
    bufferIndex = 0
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
  public static func from<S: AsyncSequence & Sendable>(
    _ sequence: S, live: Bool = false
  )
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
    while let batch = try await nextBatch() {
      if out.isEmpty { out = batch } else { out.append(contentsOf: batch) }
      if out.count & 0xFFF < batch.count { try Task.checkCancellation() }
    }
    try Value.checkNesting(out)
    return out
  }
}
