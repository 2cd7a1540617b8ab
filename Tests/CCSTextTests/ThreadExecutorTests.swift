import CCSText
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("ThreadExecutor")
struct ThreadExecutorTests {
  /// The thread a job runs on, as a number that compares across tasks.
  static func currentThread() -> UInt { UInt(bitPattern: Int(bitPattern: pthread_self())) }

  @Test("tasks preferring it run on its one thread, each to completion, in the order started")
  func oneThreadInOrder() async {
    let executor = ThreadExecutor()
    #expect(detachThread { executor.run() })
    let tasks = (0..<50).map { index in
      Task(executorPreference: executor) { (index, Self.currentThread()) }
    }
    var results: [(Int, UInt)] = []
    for task in tasks { results.append(await task.value) }
    #expect(results.map(\.0) == Array(0..<50))
    #expect(Set(results.map(\.1)).count == 1)
    #expect(results.first?.1 != Self.currentThread())
  }
}
