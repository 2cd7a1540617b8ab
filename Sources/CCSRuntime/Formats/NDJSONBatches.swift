/// NDJSON input as batches of parsed values, one batch per input chunk; optionally parsed one
/// chunk ahead on another task, so that reading and parsing the next chunk overlap the
/// pipeline's work on this one (both cores on `ccs -c 'from ndjson | …' < big.ndjson`).
///
/// Read-ahead is only for raw byte input (standard input): its chunks come from a plain read,
/// never from interpreter code, which must stay on the pipeline's own task. Values and errors
/// are the same either way: a batch holds the values parsed before a malformed line, then the
/// error.
final class NDJSONBatches: @unchecked Sendable {
  // @unchecked: `chunks` and `decoder` are used by one task at a time. Without read-ahead that
  // is the consumer's. With it, only by `produce()`, in tasks that run strictly one after
  // another: the next is started only once the previous one's batch has been awaited, and
  // cancelling waits for the one in flight before cancelling `chunks`. `inFlight` is the
  // consumer's alone.

  /// The values parsed from one chunk, and the error that ended the input, if any.
  struct Batch: Sendable {
    var values: [Value] = []
    var error: (any Error)?
    /// True when nothing follows: the input ended or failed.
    var isLast = false
  }

  private let chunks: ByteChunks
  private var decoder = NDJSONDecoder()
  private let readsAhead: Bool
  private var inFlight: Task<Batch, Never>?

  /// Batches over `chunks`, parsed one ahead when `readAhead` is true.
  init(_ chunks: ByteChunks, readAhead: Bool) {
    self.chunks = chunks
    self.readsAhead = readAhead
  }

  /// The next batch. After a batch with `isLast`, do not call again.
  func next() async -> Batch {
    guard readsAhead else { return await produce() }
    let task = inFlight ?? Task { await self.produce() }
    let batch = await withTaskCancellationHandler {
      await task.value
    } onCancel: {
      task.cancel()
    }
    inFlight = batch.isLast ? nil : Task { await self.produce() }
    return batch
  }

  /// Stops reading: cancels the batch in flight and then the input.
  func cancel() {
    guard let task = inFlight else {
      chunks.cancel()
      return
    }
    inFlight = nil
    task.cancel()
    Task {
      _ = await task.value
      self.chunks.cancel()
    }
  }

  /// Reads one chunk and parses the lines it completes.
  private func produce() async -> Batch {
    var batch = Batch()
    // The consumer releases this batch's records while the next one is parsed: they must not
    // share key arrays, whose reference counts both threads would then contend for.
    if readsAhead { decoder.unshareShapes() }
    do {
      if let chunk = try await chunks.next() {
        try decoder.feed(chunk, into: &batch.values)
      } else {
        batch.isLast = true
        try decoder.finish(into: &batch.values)
      }
    } catch {
      batch.error = error
      batch.isLast = true
    }
    return batch
  }
}
