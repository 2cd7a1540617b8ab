import NIOCore

/// Runs a task's jobs on one NIO event loop: the sandbox answers a request on the thread of
/// the connection it came from, not on Swift's shared cooperative pool.
///
/// The pool has one thread per core and is shared with everything else in the process: an
/// embedding host's evaluations, or a test run's hundreds of tests. Queued behind them, an
/// answer's task waited seconds to start, and time-based behaviour (a task that runs for three
/// seconds, a heartbeat) was observed late. On the connection's event loop an answer only
/// shares its thread with I/O, and every suspension of a streaming answer (the wait for each
/// write) gives the loop back to the other connections.
final class EventLoopTaskExecutor: TaskExecutor {
  let eventLoop: any EventLoop

  init(_ eventLoop: any EventLoop) {
    self.eventLoop = eventLoop
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
  }
}
