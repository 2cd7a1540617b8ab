import Foundation

/// A command running in a real terminal: a detached tmux session on its own tmux server, so
/// tests can type keys and read the screen as a user would.
///
/// Each session gets a private server socket (`tmux -L`), a fixed size and a config that keeps
/// the pane after the command exits (so its last output and exit status stay readable) and
/// hides the status line (so the pane is the whole screen).
///
/// ```swift
/// let session = try TmuxSession(command: [ccsPath], environment: ["HOME": home])
/// defer { session.kill() }
/// try await session.waitFor(text: "ccs> ")
/// try session.sendLiteral("cloudron tasks list | length")
/// try session.sendKeys("Enter")
/// try await session.waitFor(text: "42")
/// ```
final class TmuxSession: Sendable {
  /// The private tmux server socket name (`tmux -L`).
  let socket: String
  /// The session name, also the target of every command.
  let name: String
  /// The terminal size.
  let width: Int
  let height: Int
  private let tmux: String
  private let configFile: String
  private let statusFile: String

  /// The path of `tmux` on `PATH`, or nil when it is not installed.
  static let tmuxPath: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/tmux"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }()

  /// Whether tmux is installed; tests that need a terminal are skipped, with this reason,
  /// when it is not.
  static var isAvailable: Bool { tmuxPath != nil }

  /// Starts `command` (program and arguments, run directly, not through a shell) in a new
  /// detached session of `width`×`height`.
  ///
  /// The command runs with exactly `environment`, plus `TERM` (default `screen`, what tmux
  /// emulates) and `PATH` (the caller's) unless given, so the caller's settings such as
  /// `~/.editrc` or `XDG_STATE_HOME` do not leak in.
  init(
    command: [String],
    environment: [String: String] = [:],
    width: Int = 120,
    height: Int = 40,
    workingDirectory: String? = nil
  ) throws {
    guard let tmux = TmuxSession.tmuxPath else { throw TmuxError.notInstalled }
    guard !command.isEmpty else { throw TmuxError.commandFailed(["new-session"], "no command") }
    let id = "\(getpid())-\(UUID().uuidString.prefix(8))"
    self.tmux = tmux
    socket = "ccs-test-\(id)"
    name = "test"
    self.width = width
    self.height = height
    configFile = NSTemporaryDirectory() + "ccs-tmux-\(id).conf"
    statusFile = NSTemporaryDirectory() + "ccs-tmux-\(id).status"
    let config = """
      set -g remain-on-exit on
      set -g status off
      set -g history-limit 10000
      set -g escape-time 0

      """
    try config.write(toFile: configFile, atomically: true, encoding: .utf8)

    var env = environment
    env["TERM"] = env["TERM"] ?? "screen"
    env["PATH"] = env["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    var arguments = [
      "-f", configFile, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
    ]
    if let workingDirectory { arguments += ["-c", workingDirectory] }
    // A small sh wrapper records the exit status in a file: tmux reports a dead pane only once
    // its server has reaped the child, which proved unreliable on a loaded machine. The file is
    // written whole (to a temporary name, then renamed) so a reader never sees it half written,
    // and the wrapper exits with the command's status so tmux's own view agrees with it.
    let recordStatus =
      "\"$@\"; s=$?; echo $s > '\(statusFile).tmp' && mv '\(statusFile).tmp' '\(statusFile)'; exit $s"
    arguments +=
      ["--", "/usr/bin/env", "-i"] + assignments + ["/bin/sh", "-c", recordStatus, "sh"]
      + command
    try run(arguments)
  }

  deinit { kill() }

  // MARK: - Input

  /// Sends tmux key names, each one key press: `"Enter"`, `"Tab"`, `"C-c"`, `"Up"`, `"Escape"`.
  /// A word that is not a key name is typed as text.
  func sendKeys(_ keys: String...) throws {
    try run(["send-keys", "-t", name] + keys)
  }

  /// Types `text` literally, without key-name lookup.
  func sendLiteral(_ text: String) throws {
    try run(["send-keys", "-t", name, "-l", "--", text])
  }

  /// Types `text` literally, then presses Enter.
  func typeLine(_ text: String) throws {
    try sendLiteral(text)
    try sendKeys("Enter")
  }

  // MARK: - Output

  /// The visible screen, one line per row, trailing blank rows removed. tmux drops the
  /// trailing spaces of each row, so a prompt `"ccs> "` reads `"ccs>"` until text follows it.
  func capturePane() throws -> String {
    let screen = try run(["capture-pane", "-p", "-t", name])
    var lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
    return lines.joined(separator: "\n")
  }

  /// Polls the screen until it contains `text` and returns it; throws ``TmuxError/timeout``
  /// with the last screen when `timeout` passes first.
  @discardableResult
  func waitFor(text: String, timeout: Duration = .seconds(10)) async throws -> String {
    try await waitFor("text \(String(reflecting: text))", timeout: timeout) { $0.contains(text) }
  }

  /// Polls the screen until its last line is `line` (a prompt and what is typed after it),
  /// ignoring trailing spaces, which tmux does not report. Waiting for the prompt before typing
  /// keeps keys away from a program that is still printing the previous result.
  @discardableResult
  func waitForLastLine(_ line: String, timeout: Duration = .seconds(10)) async throws -> String {
    let expected = trimmingTrailingSpaces(line)
    return try await waitFor("last line \(String(reflecting: line))", timeout: timeout) {
      $0.split(separator: "\n", omittingEmptySubsequences: false).last
        .map { trimmingTrailingSpaces(String($0)) } == expected
    }
  }

  /// Polls the screen until `condition` holds for it (described by `what` in the error).
  @discardableResult
  func waitFor(
    _ what: String,
    timeout: Duration = .seconds(10),
    until condition: (String) -> Bool
  ) async throws -> String {
    let deadline = ContinuousClock.now + timeout
    var screen = ""
    while true {
      screen = try capturePane()
      if condition(screen) { return screen }
      if ContinuousClock.now >= deadline { throw TmuxError.timeout(what, screen: screen) }
      try await Task.sleep(for: .milliseconds(50))
    }
  }

  /// The command's exit status once it has exited, or nil while it runs.
  func exitStatus() throws -> Int32? {
    if let recorded = try? String(contentsOfFile: statusFile, encoding: .utf8),
      let status = Int32(recorded.trimmingCharacters(in: .whitespacesAndNewlines))
    {
      return status
    }
    let status = try run([
      "display-message", "-p", "-t", name, "#{pane_dead} #{pane_dead_status}",
    ])
    // tmux marks the pane dead at end of output, and knows the status only once it has
    // reaped the process: until both are there, the command counts as running.
    let fields = status.split(whereSeparator: \.isWhitespace)
    guard fields.count == 2, fields[0] == "1" else { return nil }
    return Int32(fields[1])
  }

  /// Waits until the command exits and returns its status.
  func waitForExit(timeout: Duration = .seconds(60)) async throws -> Int32 {
    let deadline = ContinuousClock.now + timeout
    while true {
      if let status = try exitStatus() { return status }
      if ContinuousClock.now >= deadline {
        throw TmuxError.timeout("exit", screen: (try? capturePane()) ?? "")
      }
      try await Task.sleep(for: .milliseconds(50))
    }
  }

  // MARK: - Teardown

  /// Ends the session, its command and its tmux server. Safe to call more than once.
  func kill() {
    _ = try? run(["kill-server"])
    try? FileManager.default.removeItem(atPath: configFile)
    try? FileManager.default.removeItem(atPath: statusFile)
    try? FileManager.default.removeItem(atPath: statusFile + ".tmp")
  }

  // MARK: - tmux

  /// Runs one tmux command and returns its standard output.
  ///
  /// It spawns tmux directly and waits for that pid, with output going to temporary files:
  /// the tmux server that `new-session` starts inherits the client's descriptors, which makes
  /// both pipes and Foundation's `Process` wait until the server exits. The signal mask and
  /// dispositions are reset: the server (and so the command under test) would otherwise inherit
  /// those of a test thread, where SIGCHLD and others are blocked.
  @discardableResult
  private func run(_ arguments: [String]) throws -> String {
    let base = NSTemporaryDirectory() + "ccs-tmux-\(UUID().uuidString)"
    let outputPath = base + ".out"
    let errorPath = base + ".err"
    defer {
      unlink(outputPath)
      unlink(errorPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

    let argv = ([tmux, "-L", socket] + arguments).map { strdup($0) } + [nil]
    let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, tmux, &actions, &attributes, argv, envp)
    guard spawned == 0 else {
      throw TmuxError.commandFailed(arguments, String(cString: strerror(spawned)))
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exitedCleanly = status & 0x7F == 0 && (status >> 8) & 0xFF == 0
    guard exitedCleanly else {
      let message = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
      throw TmuxError.commandFailed(arguments, message)
    }
    return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
  }
}

/// Why a ``TmuxSession`` call failed.
enum TmuxError: Error, CustomStringConvertible {
  /// `tmux` is not on `PATH`.
  case notInstalled
  /// A tmux command exited non-zero.
  case commandFailed([String], String)
  /// The screen did not show what was awaited in time.
  case timeout(String, screen: String)

  var description: String {
    switch self {
    case .notInstalled:
      return "tmux is not installed"
    case .commandFailed(let arguments, let message):
      return "tmux \(arguments.joined(separator: " ")) failed: \(message)"
    case .timeout(let what, let screen):
      return "timed out waiting for \(what); screen was:\n\(screen)"
    }
  }
}

/// `text` without its trailing spaces.
func trimmingTrailingSpaces(_ text: String) -> String {
  var text = text
  while text.last == " " { text.removeLast() }
  return text
}
