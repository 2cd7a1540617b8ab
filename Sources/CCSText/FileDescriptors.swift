#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole reads and writes on file descriptors, retrying interrupted and partial calls.
public enum FileDescriptors {
  /// Writes all of `bytes` to `descriptor`; false if the descriptor refuses them.
  @discardableResult
  public static func write(_ bytes: some Collection<UInt8>, to descriptor: Int32) -> Bool {
    let bytes = Array(bytes)
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { buffer in
        #if canImport(Glibc)
          Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
        #else
          Darwin.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
        #endif
      }
      if count < 0, errno == EINTR { continue }
      // A write that takes nothing would take nothing again: give up rather than spin.
      guard count > 0 else { return false }
      written += count
    }
    return true
  }

  /// Writes `text` to `descriptor` as UTF-8.
  @discardableResult
  public static func write(_ text: String, to descriptor: Int32) -> Bool {
    write(text.utf8, to: descriptor)
  }

  /// Everything `descriptor` gives until its end (or an error).
  public static func readToEnd(_ descriptor: Int32) -> [UInt8] {
    switch readAll(descriptor) {
    case .success(let bytes): return bytes
    case .failure(let partial): return partial.bytes
    }
  }

  /// Everything `descriptor` gives until its end, or what it gave before a read failed.
  private static func readAll(_ descriptor: Int32) -> Result<[UInt8], PartialRead> {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      if count < 0 { return .failure(PartialRead(bytes: bytes, reason: systemReason())) }
      if count == 0 { return .success(bytes) }
      bytes.append(contentsOf: chunk[..<count])
    }
  }

  private struct PartialRead: Error {
    var bytes: [UInt8]
    var reason: String
  }

  /// Appends `bytes` to the file at `path` (which must exist); the reason it could not, as
  /// `strerror` gives it, on failure.
  public static func append(_ bytes: [UInt8], toFileAt path: String) -> String? {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
    guard descriptor >= 0 else { return systemReason() }
    defer { close(descriptor) }
    return write(bytes, to: descriptor) ? nil : systemReason()
  }

  /// The contents of the file at `path`, or why it cannot be read (`no such file or
  /// directory`).
  public static func contents(ofFileAt path: String) -> Result<[UInt8], FileReadError> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return .failure(FileReadError(reason: systemReason())) }
    defer { close(descriptor) }
    return readAll(descriptor).mapError { FileReadError(reason: $0.reason) }
  }

  /// `strerror(errno)`, lowercased as our messages are.
  public static func systemReason() -> String {
    let text = String(cString: strerror(errno))
    return text.prefix(1).lowercased() + text.dropFirst()
  }
}

/// Why a file could not be read, in lowercase prose.
public struct FileReadError: Error, Sendable {
  public var reason: String
}

/// The home directory: `$HOME` when set and not empty, else the user database's entry.
public func homeDirectory(environment: [String: String]) -> String {
  if let home = environment["HOME"], !home.isEmpty { return home }
  if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
    return String(cString: directory)
  }
  return "/"
}

/// The permission bits of the file at `path` (`0o600`), or nil if it cannot be examined.
public func fileMode(_ path: String) -> Int? {
  var status = stat()
  guard stat(path, &status) == 0 else { return nil }
  return Int(status.st_mode) & 0o7777
}

/// Whether `path` names a directory (following symbolic links).
public func isDirectory(_ path: String) -> Bool {
  var status = stat()
  return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
}
