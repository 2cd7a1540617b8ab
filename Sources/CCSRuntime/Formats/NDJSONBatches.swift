#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// NDJSON input as batches of parsed values, in input order; for raw byte input (standard
/// input), the chunks are parsed on a thread of their own (``ParsingThread``), a few ahead of
/// the pipeline, so that both cores work on `ccs -c 'from ndjson | …' < big.ndjson`.
///
/// Parallel parsing is only for raw byte input: its chunks come from a plain read, never from
/// interpreter code, which must stay on the pipeline's own task. The consumer reads each chunk
/// and cuts it after its last newline; the complete lines (with the partial line carried over
/// from the chunk before) are parsed by a task of their own, with a decoder of its own, so the
/// tasks share nothing. Values and errors are the same either way: a batch holds the values
/// parsed before a malformed line, then the error, whose line number counts from the start
/// of the input.
final class NDJSONBatches: @unchecked Sendable {
  // @unchecked: every stored property is the consumer's, touched only by `next()` and
  // `cancel()`, which the one task consuming the stream calls one at a time. Parsing tasks
  // capture copies of their bytes and own their decoders.

  /// The values parsed from one run of complete lines, and the error that ended the input.
  struct Batch: Sendable {
    var values: [Value] = []
    var error: (any Error)?
    /// True when nothing follows: the input ended or failed.
    var isLast = false
    /// How many lines the batch's bytes held (parallel parsing).
    var lines = 0
  }

  /// How many chunks are parsed ahead of the pipeline: enough to keep the parsing thread busy
  /// while the pipeline works, without holding more than a few chunks' values.
  static let parsedAhead = 2

  private let chunks: ByteChunks
  private let parallel: Bool
  /// The sequential decoder, which carries partial lines itself.
  private var decoder = NDJSONDecoder()
  /// Parsing tasks, oldest first (parallel parsing).
  private var inFlight: [Task<Batch, Never>] = []
  /// The bytes after the last newline read so far (parallel parsing).
  private var carry: [UInt8] = []
  private var inputEnded = false
  /// Lines in the batches delivered so far: what a batch's line numbers are offset by.
  private var linesDelivered = 0
  /// The values of the batch delivered last, held until the next parsing job releases them
  /// on the parsing thread, which allocated them (``ParsingThread``).
  private var delivered: [Value] = []

  /// Batches over `chunks`, parsed in parallel when `parallel` is true.
  init(_ chunks: ByteChunks, parallel: Bool) {
    self.chunks = chunks
    self.parallel = parallel
  }

  /// The next batch. After a batch with `isLast`, do not call again.
  func next() async -> Batch {
    guard parallel else { return await nextInOrder() }
    while inFlight.count < Self.parsedAhead, !inputEnded { await startParsing() }
    guard !inFlight.isEmpty else { return Batch(isLast: true) }
    let task = inFlight.removeFirst()
    var batch = await withTaskCancellationHandler {
      await task.value
    } onCancel: {
      task.cancel()
    }
    // Line counts cannot overflow: every line is at least one byte of input.
    if var error = batch.error as? FormatError, let line = error.line {
      error.line = line + linesDelivered
      batch.error = error
    }
    linesDelivered += batch.lines
    delivered = batch.values
    if batch.error != nil {
      batch.isLast = true
      cancel()
    } else if inFlight.isEmpty, inputEnded {
      batch.isLast = true
    }
    return batch
  }

  /// Stops reading: cancels the parsing in flight and the input.
  func cancel() {
    for task in inFlight { task.cancel() }
    inFlight = []
    inputEnded = true
    chunks.cancel()
  }

  /// Reads chunks until one holds a newline and starts a task parsing the lines it completes;
  /// at the end of the input, one for the last line if it has no newline. A read error is
  /// queued as a failed batch, after the batches before it.
  private func startParsing() async {
    do {
      while true {
        guard let chunk = try await chunks.next() else {
          inputEnded = true
          guard !carry.isEmpty else { return }
          let last = carry
          carry = []
          startTask(last, [][...], finishing: true)
          return
        }
        guard let cut = chunk.lastIndex(of: 0x0A) else {
          guard carry.count + chunk.count <= NDJSONDecoder.maxLineBytes else {
            // The line after those of the batches in flight (numbered from 1 in its batch).
            carry = []
            throw NDJSONDecoder.lineTooLong(line: 1)
          }
          carry.append(contentsOf: chunk)
          try Task.checkCancellation()
          continue
        }
        let head = carry
        carry = Array(chunk[(cut + 1)...])
        startTask(head, chunk[...cut], finishing: false)
        return
      }
    } catch {
      inputEnded = true
      inFlight.append(Task { Batch(error: error, isLast: true) })
    }
  }

  /// Starts a task parsing `head` and `lines` (see ``parse(_:_:finishing:)``), on the parsing
  /// thread when there is one, which also releases the batch delivered last.
  private func startTask(_ head: [UInt8], _ lines: ArraySlice<UInt8>, finishing: Bool) {
    guard let thread = ParsingThread.shared else {
      inFlight.append(Task { Self.parse(head, lines, finishing: finishing) })
      return
    }
    var consumed = delivered
    delivered = []
    inFlight.append(
      Task(executorPreference: thread) {
        consumed = []
        return Self.parse(head, lines, finishing: finishing)
      })
  }

  /// Parses `head` (the start of a line) followed by `lines`, which ends with a newline unless
  /// `finishing`.
  private static func parse(
    _ head: [UInt8], _ lines: ArraySlice<UInt8>, finishing: Bool
  )
    -> Batch
  {
    var decoder = NDJSONDecoder()
    var batch = Batch()
    do {
      try decoder.feed(head, into: &batch.values)
      try decoder.feed(lines, into: &batch.values)
      if finishing { try decoder.finish(into: &batch.values) }
    } catch {
      batch.error = error
    }
    batch.lines = decoder.lineNumber
    return batch
  }

  /// Reads one chunk and parses the lines it completes (sequential parsing).
  private func nextInOrder() async -> Batch {
    var batch = Batch()
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
