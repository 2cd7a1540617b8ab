#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs `body` on a new detached thread (for blocking work that must not hold a task's
/// thread: waiting for a child process, warming caches). Returns false if no thread could be
/// started; `body` then does not run.
@discardableResult
public func detachThread(_ body: @escaping @Sendable () -> Void) -> Bool {
  let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
  #if canImport(Glibc)
    var thread = pthread_t()
    let started = pthread_create(&thread, nil, { ThreadBody.run($0) }, context)
  #else
    var thread: pthread_t?
    let started = pthread_create(&thread, nil, { ThreadBody.run($0) }, context)
  #endif
  guard started == 0 else {
    Unmanaged<ThreadBody>.fromOpaque(context).release()
    return false
  }
  #if canImport(Glibc)
    pthread_detach(thread)
  #else
    if let thread { pthread_detach(thread) }
  #endif
  return true
}

/// What a detached thread runs, passed through `pthread_create`'s context pointer.
private final class ThreadBody {
  let body: @Sendable () -> Void

  init(_ body: @escaping @Sendable () -> Void) { self.body = body }

  static func run(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let thread = Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue()
    thread.body()
    return nil
  }
}
