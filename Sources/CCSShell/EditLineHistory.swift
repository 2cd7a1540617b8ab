import CCSText
import CEditLine

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

/// A libedit history list, bounded in size, that loads from and saves to a file only its owner
/// can read (mode 0600): lines hold resource names (secrets are masked before they get here).
final class EditLineHistory {
  /// The libedit `History *`.
  let handle: OpaquePointer

  /// Creates an empty history keeping at most `maxEntries` lines; nil if libedit fails.
  init?(maxEntries: Int) {
    guard let handle = history_init() else { return nil }
    self.handle = handle
    ccs_history_setsize(handle, Int32(clamping: max(maxEntries, 1)))
    ccs_history_setunique(handle, 1)
  }

  deinit { history_end(handle) }

  /// The most recent line, if any.
  var newest: String? { ccs_history_newest(handle).map { String(cString: $0) } }

  /// Every line, oldest first.
  var entries: [String] {
    var newestFirst: [String] = []
    var next = ccs_history_step(handle, 1)
    while let line = next {
      newestFirst.append(String(cString: line))
      next = ccs_history_step(handle, 0)
    }
    return newestFirst.reversed()
  }

  /// Appends `line` as the newest entry.
  func enter(_ line: String) {
    ccs_history_enter(handle, line)
  }

  /// Replaces the entries with `lines`, oldest first.
  func replace(with lines: [String]) {
    ccs_history_clear(handle)
    for line in lines { enter(line) }
  }

  /// `lines` without repeats, each kept at its latest position, and at most `limit` of them
  /// (the newest).
  static func deduplicated(_ lines: [String], limit: Int) -> [String] {
    var seen = Set<String>()
    var newestFirst: [String] = []
    for line in lines.reversed() where seen.insert(line).inserted {
      newestFirst.append(line)
      if newestFirst.count == limit { break }
    }
    return newestFirst.reversed()
  }

  /// Adds `line` to the file at `path` the way two shells can at once: under an exclusive
  /// lock on `path.lock` it reads the file as it is now (other shells' lines included),
  /// appends `line`, drops earlier duplicates, keeps the newest `maxEntries` and writes the
  /// file back atomically. This history then holds the merged list.
  func append(_ line: String, toFileAt path: String, maxEntries: Int) throws(HistoryFileError) {
    try Self.createDirectory(of: path)
    let lockFD = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard lockFD >= 0 else { throw .unwritable(path) }
    defer { close(lockFD) }
    while flock(lockFD, LOCK_EX) != 0 {
      guard errno == EINTR else { throw .unwritable(path) }
    }
    defer { _ = flock(lockFD, LOCK_UN) }
    var onDisk: [String] = []
    if let file = EditLineHistory(maxEntries: Int(Int32.max)) {
      try file.load(from: path)
      onDisk = file.entries
    }
    replace(with: Self.deduplicated(onDisk + [line], limit: maxEntries))
    try save(to: path)
  }

  private static func createDirectory(of path: String) throws(HistoryFileError) {
    let directory = PathName.directory(of: path)
    guard !directory.isEmpty else { return }
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
    } catch {
      throw .unwritable(path)
    }
  }

  /// Replaces the entries with those of the file at `path`; a missing file is an empty history.
  func load(from path: String) throws(HistoryFileError) {
    guard FileManager.default.fileExists(atPath: path) else { return }
    ccs_history_clear(handle)
    if ccs_history_load(handle, path) < 0 { throw .unreadable(path) }
  }

  /// Writes every entry to `path` atomically (a temporary file renamed over it), creating the
  /// directory (mode 0700) and the file (mode 0600) as needed.
  func save(to path: String) throws(HistoryFileError) {
    try Self.createDirectory(of: path)
    let temporary = "\(path).tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw .unwritable(path) }
    fchmod(fd, 0o600)
    guard let file = fdopen(fd, "w") else {
      close(fd)
      unlink(temporary)
      throw .unwritable(path)
    }
    let written = ccs_history_save_fp(handle, file)
    let closed = fclose(file)
    guard written >= 0, closed == 0, rename(temporary, path) == 0 else {
      unlink(temporary)
      throw .unwritable(path)
    }
  }
}

/// A history file that could not be read or written; the editor keeps working without it.
public enum HistoryFileError: Error, Equatable, Sendable {
  /// The file exists but libedit could not read it as a history file.
  case unreadable(String)
  /// The file or its directory could not be written.
  case unwritable(String)
}
