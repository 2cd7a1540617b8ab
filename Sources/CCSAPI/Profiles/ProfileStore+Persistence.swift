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

extension ProfileStore {
  /// Makes `name` the default profile (`profile use NAME`): writes `default_profile = "NAME"`
  /// to the configuration file and returns the store reloaded from it.
  ///
  /// Only the `default_profile` line changes, so comments and layout are kept; when the file's
  /// layout does not allow that, the lines of the old value are replaced. The file is
  /// created if missing (directory mode 0700), and always written with mode 0600.
  ///
  /// - Throws: ``ProfileError/unknownProfile(name:from:available:)`` for an unknown name,
  ///   ``ProfileError/io(path:message:)`` when the file cannot be written.
  @discardableResult
  public func use(_ name: String) throws -> ProfileStore {
    guard profile(named: name) != nil else {
      throw ProfileError.unknownProfile(
        name: name, from: "profile use", available: profiles.map(\.name))
    }
    let original: String
    if fileExists {
      original = try Self.readText(path)
    } else {
      original = ""
    }
    let updated = try Self.settingDefaultProfile(name, in: original, path: path)
    try Self.writePrivately(updated, to: path)
    return try ProfileStore.load(environment: environment, path: path)
  }

  /// `text` with its top-level `default_profile` set to `name`.
  public static func settingDefaultProfile(
    _ name: String, in text: String, path: String
  ) throws
    -> String
  {
    // CRs stay on their lines, and lines written here take one in a CRLF file.
    var lines = Self.lines(of: text)
    if lines.last == "" { lines.removeLast() }
    let lineEnd = lines.first?.hasSuffix("\r") == true ? "\r" : ""
    let assignment = "default_profile = \(tomlString(name))" + lineEnd
    let firstHeader =
      lines.firstIndex { $0.trimmingBlanks().hasPrefix("[") } ?? lines.count
    if let existing = lines[..<firstHeader].firstIndex(where: isDefaultProfileLine) {
      lines[existing] = assignment
    } else {
      let insertAt = lines.prefix { $0.trimmingBlanks().hasPrefix("#") }.count
      var inserted = [assignment]
      if insertAt < lines.count,
        !lines[insertAt].trimmingWhitespace().isEmpty
      {
        inserted.append(lineEnd)
      }
      lines.insert(contentsOf: inserted, at: insertAt)
    }
    let edited = lines.joined(separator: "\n") + "\n"
    if isDefaultProfile(name, in: edited) { return edited }
    // The line edit did not do it (a value over several lines, a quoted key, a `[` line inside
    // a multi-line string): replace the lines the reader says the old value spans, or start
    // the document with the assignment.
    let table: TOMLTable
    do {
      table = try TOMLReader.parse(text)
    } catch {
      throw ProfileError.io(
        path: path, message: "cannot update default_profile: line \(error.line): \(error.message)")
    }
    var all = Self.lines(of: text)
    if let span = table.lines(of: "default_profile"), table["default_profile"]?.table == nil,
      span.upperBound <= all.count
    {
      all.replaceSubrange((span.lowerBound - 1)...(span.upperBound - 1), with: [assignment])
    } else {
      all.insert(assignment, at: 0)
    }
    let rewritten = all.joined(separator: "\n")
    guard isDefaultProfile(name, in: rewritten) else {
      throw ProfileError.io(
        path: path, message: "cannot update default_profile: it is not a plain setting")
    }
    return rewritten.hasSuffix("\n") ? rewritten : rewritten + "\n"
  }

  private static func isDefaultProfile(_ name: String, in text: String) -> Bool {
    (try? TOMLReader.parse(text))?["default_profile"]?.string == name
  }

  /// The lines of `text`, each keeping a CR before its LF. Split as Unicode scalars: a
  /// `Character` holds "\r\n" as one, so splitting Characters at "\n" leaves a CRLF file as a
  /// single line (and `profile use` replaced the whole file with one setting).
  private static func lines(of text: String) -> [String] {
    text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  private static func isDefaultProfileLine(_ line: String) -> Bool {
    let trimmed = line.trimmingBlanks()
    guard trimmed.hasPrefix("default_profile") else { return false }
    let rest = trimmed.dropFirst("default_profile".count).trimmingBlanks()
    return rest.hasPrefix("=")
  }

  /// A TOML basic string.
  static func tomlString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += "\\u" + NumberText.hex(scalar.value, width: 4, uppercase: true)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// The text of the file at `path`, which must be UTF-8.
  static func readText(_ path: String) throws -> String {
    switch FileDescriptors.contents(ofFileAt: path) {
    case .failure(let error):
      throw ProfileError.io(path: path, message: "cannot read: \(error.reason)")
    case .success(let bytes):
      guard let text = validUTF8(bytes) else {
        throw ProfileError.io(path: path, message: "cannot read: not UTF-8 text")
      }
      return text
    }
  }

  /// Writes `text` to `path` atomically with mode 0600 (a temporary file renamed over it).
  static func writePrivately(_ text: String, to path: String) throws {
    let manager = FileManager.default
    let directory = PathName.directory(of: path)
    do {
      if !directory.isEmpty, !manager.fileExists(atPath: directory) {
        try manager.createDirectory(
          atPath: directory, withIntermediateDirectories: true,
          attributes: [.posixPermissions: 0o700])
      }
      let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
      // Created 0600 from the start: the secrets are never readable by others, even briefly.
      let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      guard descriptor >= 0 else {
        throw ProfileError.io(
          path: path, message: "cannot write: \(String(cString: strerror(errno)))")
      }
      guard FileDescriptors.write(text, to: descriptor) else {
        let reason = String(cString: strerror(errno))
        close(descriptor)
        try? manager.removeItem(atPath: temporary)
        throw ProfileError.io(path: path, message: "cannot write: \(reason)")
      }
      fchmod(descriptor, 0o600)
      close(descriptor)
      guard rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? manager.removeItem(atPath: temporary)
        throw ProfileError.io(path: path, message: "cannot write: \(reason)")
      }
    } catch let error as ProfileError {
      throw error
    } catch {
      throw ProfileError.io(
        path: path, message: "cannot write: cannot create the folder \(directory)")
    }
  }
}
