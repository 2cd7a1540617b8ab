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

// A parent (a test runner, some CI shells) may start us with SIGINT blocked; Ctrl-C must work.
var signals = sigset_t()
sigemptyset(&signals)
sigaddset(&signals, SIGINT)
sigaddset(&signals, SIGTERM)
pthread_sigmask(SIG_UNBLOCK, &signals, nil)

// ccs: parse the command line, build an engine, hand over; on the main thread (see
// MainThreadExecutor), which runs jobs until the launcher's task exits.
let arguments = Array(CommandLine.arguments.dropFirst())
Task(executorPreference: MainThreadExecutor.shared) {
  exit(await Launcher.run(arguments))
}
MainThreadExecutor.shared.run()
