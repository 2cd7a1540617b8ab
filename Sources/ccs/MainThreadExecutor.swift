import CCSText

/// The task executor of `ccs`'s main thread (a `ThreadExecutor`): `ccs` evaluates on its main
/// thread instead of starting the concurrency runtime's thread pool, which cost about
/// 2 ms of a 4.6 ms start (measured: an async `main` that awaits once takes 3.6 ms, the same
/// work on this executor 2.3 ms, a synchronous `main` 1.9 ms). Tasks that do not inherit it
/// (`Task {}`, HTTP, NDJSON parsed ahead) still run on the global executor, in parallel; their
/// results come back here, which `run()` polls for before sleeping (without it the 1M-record
/// filter took 20% longer: a futex wake-up per hop).
enum MainThreadExecutor {
  /// The executor; `main.swift` calls its `run()` on the main thread, and the program ends by
  /// calling `exit` from one of its jobs.
  static let shared = ThreadExecutor(polls: 2_000)
}
