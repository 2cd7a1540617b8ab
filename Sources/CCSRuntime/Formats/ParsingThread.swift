import CCSText

/// The thread NDJSON is parsed ahead on (``NDJSONBatches``): a task executor running its jobs
/// one at a time, in order, on one thread of its own, started on first use.
///
/// One thread allocates every parsed value and, once the pipeline is done with a batch, frees
/// it (the batch is released by the next parsing job): every allocation and free of the
/// parsed values stays in that thread's malloc cache and arena. Parsed on the shared pool and
/// freed by the pipeline's thread, each free went back to another thread's arena under its
/// lock, and the threads spent a tenth of their time waking each other on it.
enum ParsingThread {
  /// The process's parsing thread; nil if no thread could be started (parsing then runs on
  /// the shared pool).
  static let shared: ThreadExecutor? = {
    let executor = ThreadExecutor()
    return detachThread { executor.run() } ? executor : nil
  }()
}
