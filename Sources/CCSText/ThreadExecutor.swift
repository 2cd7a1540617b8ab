import Dispatch

/// A task executor that runs its jobs one at a time, in order, on the thread that calls
/// ``run()``: `ccs`'s main thread (`MainThreadExecutor`) or a thread of its own
/// (`ParsingThread`).
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
  // @unchecked: `jobs` is only touched holding `lock`; `wakeUps` counts the jobs enqueued.
  private let lock = Lock()
  private var jobs: [UnownedJob] = []
  private let wakeUps = DispatchSemaphore(value: 0)
  /// How many times ``run()`` looks for a job before sleeping.
  private let polls: Int

  /// An executor whose ``run()`` looks for a job `polls` times before it sleeps: a job handed
  /// back by a task finishing on another thread usually comes within microseconds, and
  /// polling saves a futex wake-up per hop.
  public init(polls: Int = 0) {
    self.polls = polls
  }

  public func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    lock.withLock { jobs.append(job) }
    wakeUps.signal()
  }

  /// Runs jobs as they come, for ever, on the calling thread.
  public func run() -> Never {
    while true {
      var ready = false
      for _ in 0..<polls where wakeUps.wait(timeout: .now()) == .success {
        ready = true
        break
      }
      if !ready { wakeUps.wait() }
      let job = lock.withLock { jobs.removeFirst() }
      job.runSynchronously(on: asUnownedTaskExecutor())
    }
  }
}
