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

/// Where a command's text output goes: standard output, standard error, or a buffer.
public protocol OutputSink: AnyObject, Sendable {
  /// Writes bytes; sinks attached to pipes flush at once so streamed items arrive live.
  func write(_ bytes: [UInt8])
}

extension OutputSink {
  /// Writes a string as UTF-8.
  public func write(_ text: String) { write(Array(text.utf8)) }
}

/// Writes to a file descriptor without buffering.
public final class FileDescriptorSink: OutputSink, Sendable {
  private let fd: Int32
  /// Held for a whole write, so concurrent writers never interleave within one write.
  private let writing = Locked(())

  /// Writes to `fd` (1 for standard output, 2 for standard error).
  public init(fd: Int32) { self.fd = fd }

  public func write(_ bytes: [UInt8]) {
    writing.withLock { _ in FileDescriptors.write(bytes, to: fd) }
  }
}

/// Collects output in memory (tests, examples, `capture`).
public final class BufferSink: OutputSink, Sendable {
  private let storage = Locked<[UInt8]>([])

  /// Creates an empty buffer.
  public init() {}

  public func write(_ bytes: [UInt8]) {
    storage.withLock { $0.append(contentsOf: bytes) }
  }

  /// Everything written so far, as text.
  public var text: String {
    storage.withLock { String(decoding: $0, as: UTF8.self) }
  }
}

/// Everything a running program can see of the outside world.
public final class RuntimeContext: @unchecked Sendable {
  /// Standard output (used by `print` and the final rendering).
  public var stdout: any OutputSink
  /// Standard error (diagnostics, warnings, progress).
  public var stderr: any OutputSink
  /// Environment variables.
  public var environment: [String: String]
  /// The directory relative paths resolve against.
  public var currentDirectory: String
  /// Whether standard output is a terminal (tables, colors, confirmations).
  public var isTerminal: Bool
  /// Whether standard input is a terminal (confirmation prompts).
  public var stdinIsTerminal: Bool
  /// The terminal width in columns.
  public var terminalWidth: Int
  /// Whether colors are allowed (a terminal and no NO_COLOR).
  public var color: Bool
  /// Host-specific state other layers attach (profiles, HTTP transport), keyed by name.
  public var extensions: [String: any Sendable] = [:]

  /// Creates a context; defaults describe a non-terminal with no color.
  public init(
    stdout: any OutputSink = FileDescriptorSink(fd: 1),
    stderr: any OutputSink = FileDescriptorSink(fd: 2),
    environment: [String: String] = ProcessEnvironment.current(),
    currentDirectory: String = FileManager.default.currentDirectoryPath,
    isTerminal: Bool = false, stdinIsTerminal: Bool = false, terminalWidth: Int = 80,
    color: Bool = false
  ) {
    self.stdout = stdout
    self.stderr = stderr
    self.environment = environment
    self.currentDirectory = currentDirectory
    self.isTerminal = isTerminal
    self.stdinIsTerminal = stdinIsTerminal
    self.terminalWidth = terminalWidth
    self.color = color
  }

  /// Resolves a path against the current directory, expanding a leading `~`.
  public func resolvePath(_ path: String) -> String {
    if path.hasPrefix("~/"), let home = environment["HOME"] {
      return home + path.dropFirst(1)
    }
    if path.hasPrefix("/") { return path }
    return PathName.join(currentDirectory, path)
  }
}

extension RuntimeContext {
  /// A copy for work that runs beside the session (live completion): same environment,
  /// directory and extensions, output to `stdout` and `stderr` (buffers, usually), never a
  /// terminal. Take it while no statement runs: the fields are read without a lock.
  public func detachedCopy(
    stdout: any OutputSink = BufferSink(), stderr: any OutputSink = BufferSink()
  ) -> RuntimeContext {
    let copy = RuntimeContext(
      stdout: stdout, stderr: stderr, environment: environment,
      currentDirectory: currentDirectory, isTerminal: false, stdinIsTerminal: false,
      terminalWidth: terminalWidth, color: false)
    copy.extensions = extensions
    return copy
  }
}
