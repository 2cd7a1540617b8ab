import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Ctrl-C while a program runs: a SIGINT handler that is in place the moment `install`
/// returns, so a signal that arrives right after the program's first output is never lost.
///
/// The handler only writes a byte to a pipe (async-signal-safe); a dedicated thread reads the
/// pipe and calls the current callback. A `DispatchSource` signal source is not used because on
/// Linux it registers asynchronously: between `resume()` and the registration, a SIGINT under
/// the `SIG_IGN` it needs was dropped, which a loaded machine made visible.
///
/// ```swift
/// InterruptSignal.install { task.cancel() }
/// defer { InterruptSignal.uninstall(then: .default) }
/// ```
public enum InterruptSignal {
  /// What SIGINT does once the program is done.
  public enum Afterwards: Sendable {
    /// The default action: terminate the process.
    case `default`
    /// Ignored (the line editor reads Ctrl-C as a key).
    case ignore
  }

  /// Makes each SIGINT call `onInterrupt` (on another thread) until `uninstall`.
  /// Without its pipe (no descriptor left), SIGINT keeps its default action: Ctrl-C still
  /// stops the program, by terminating it.
  public static func install(_ onInterrupt: @escaping @Sendable () -> Void) {
    guard Watcher.shared.isListening else { return }
    Watcher.shared.setCallback(onInterrupt)
    var action = sigaction()
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_RESTART
    action.__sigaction_handler.sa_handler = { _ in
      var byte: UInt8 = 1
      _ = write(interruptPipeWriteEnd, &byte, 1)
    }
    sigaction(SIGINT, &action, nil)
  }

  /// Stops calling the callback and sets what SIGINT does from now on.
  public static func uninstall(then afterwards: Afterwards) {
    signal(SIGINT, afterwards == .default ? SIG_DFL : SIG_IGN)
    Watcher.shared.setCallback(nil)
  }

  /// The pipe and the thread that turns its bytes into callback calls.
  private final class Watcher: @unchecked Sendable {
    static let shared = Watcher()
    private let lock = Lock()
    private var callback: (@Sendable () -> Void)?
    /// Whether the pipe and its reading thread exist.
    private(set) var isListening = false

    private init() {
      var ends: [Int32] = [-1, -1]
      guard pipe(&ends) == 0 else { return }
      isListening = true
      _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
      _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
      interruptPipeWriteEnd = ends[1]
      let readEnd = ends[0]
      detachThread { [self] in
        var byte: UInt8 = 0
        while true {
          let count = read(readEnd, &byte, 1)
          if count == 1 {
            currentCallback()?()
          } else if count < 0, errno == EINTR {
            continue
          } else {
            return
          }
        }
      }

    }

    func setCallback(_ callback: (@Sendable () -> Void)?) {
      lock.lock()
      self.callback = callback
      lock.unlock()
    }

    private func currentCallback() -> (@Sendable () -> Void)? {
      lock.lock()
      defer { lock.unlock() }
      return callback
    }
  }
}

/// The write end of the interrupt pipe, read by the signal handler: a plain global with a
/// constant initial value, so reading it in the handler runs no lazy initialisation.
nonisolated(unsafe) private var interruptPipeWriteEnd: Int32 = -1
