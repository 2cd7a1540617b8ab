import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Runs `/bin/sh -c COMMAND` and collects its standard output, with a timeout.
///
/// Standard input and error are inherited, so a password manager can prompt. The child starts
/// with no blocked signals and every signal at its default action: the threads of Swift's
/// concurrency pool block most signals, and a child spawned from one would otherwise inherit
/// that mask, ignore the terminate sent on timeout and never notice its own children end.
/// Blocking reads and waits happen on dedicated threads, never on the concurrency pool.
enum ShellCommand {
  struct Failure: Error {
    var reason: String
  }

  static func output(
    of command: String, environment: [String: String], timeout: Duration
  )
    async throws -> String
  {
    // Close-on-exec, so that no other child started meanwhile holds the pipe open.
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else {
      throw Failure(reason: "could not start: \(String(cString: strerror(errno)))")
    }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    let (readEnd, writeEnd) = (fds[0], fds[1])
    let pid: pid_t
    do {
      pid = try spawn(
        ["/bin/sh", "-c", command], environment: environment, standardOutput: writeEnd,
        closing: readEnd)
    } catch {
      close(readEnd)
      close(writeEnd)
      throw error
    }
    close(writeEnd)

    let exit = OneShot<Int32>()
    detachThread { exit.fulfill(.success(waitForExit(pid))) }
    let output = OneShot<Data>()
    detachThread {
      let bytes = FileDescriptors.readToEnd(readEnd)
      close(readEnd)
      output.fulfill(.success(Data(bytes)))
    }

    // Race the command against the timeout without waiting for the loser: a grandchild
    // (`sleep` under `sh`) may hold the pipe open long after `sh` is terminated.
    let result = OneShot<String>()
    Task {
      do {
        let status = try await exit.value()
        guard status == 0 else { throw Failure(reason: "exited with status \(status)") }
        let data = try await output.value()
        result.fulfill(.success(String(decoding: data, as: UTF8.self)))
      } catch {
        result.fulfill(.failure(error))
      }
    }
    let timer = Task {
      try await Task.sleep(for: timeout)
      result.fulfill(.failure(Failure(reason: "timed out after \(HTTPTransport.format(timeout))")))
      // The waiting thread reaps it; until then the pid cannot be reused.
      kill(pid, SIGTERM)
    }
    defer { timer.cancel() }
    return try await result.value()
  }

  /// Starts `arguments[0]` with `arguments`, `environment`, the given standard output and a
  /// clean signal state; closes `closing` in the child.
  private static func spawn(
    _ arguments: [String], environment: [String: String], standardOutput: Int32, closing: Int32
  ) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
    posix_spawn_file_actions_addclose(&actions, standardOutput)
    posix_spawn_file_actions_addclose(&actions, closing)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var all = sigset_t()
    sigfillset(&all)
    sigdelset(&all, SIGKILL)
    sigdelset(&all, SIGSTOP)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for p in argv { free(p) }
      for p in envp { free(p) }
    }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
    guard status == 0 else {
      throw Failure(reason: "could not start: \(String(cString: strerror(status)))")
    }
    return pid
  }

  /// Waits for `pid` to end; its exit status, or 128 + the signal that ended it.
  private static func waitForExit(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { return -1 }
    }
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
  }
}
