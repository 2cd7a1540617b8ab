import Foundation
import TOMLKit

extension ProfileStore {
  /// Makes `name` the default profile (`profile use NAME`): writes `default_profile = "NAME"`
  /// to the configuration file and returns the store reloaded from it.
  ///
  /// Only the `default_profile` line changes, so comments and layout are kept; when the file's
  /// layout does not allow that, TOMLKit rewrites it (comments are then lost). The file is
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
      do {
        original = try String(contentsOfFile: path, encoding: .utf8)
      } catch {
        throw ProfileError.io(path: path, message: "cannot read: \(error.localizedDescription)")
      }
    } else {
      original = ""
    }
    let updated = try Self.settingDefaultProfile(name, in: original, path: path)
    try Self.writePrivately(updated, to: path)
    return try ProfileStore.load(environment: environment, path: path)
  }

  /// `text` with its top-level `default_profile` set to `name`.
  static func settingDefaultProfile(
    _ name: String, in text: String, path: String
  ) throws
    -> String
  {
    let assignment = "default_profile = \(tomlString(name))"
    var lines = text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    let firstHeader =
      lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[") } ?? lines.count
    if let existing = lines[..<firstHeader].firstIndex(where: isDefaultProfileLine) {
      lines[existing] = assignment
    } else {
      let insertAt = lines.prefix { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.count
      var inserted = [assignment]
      if insertAt < lines.count, !lines[insertAt].trimmingCharacters(in: .whitespaces).isEmpty {
        inserted.append("")
      }
      lines.insert(contentsOf: inserted, at: insertAt)
    }
    let edited = lines.joined(separator: "\n") + "\n"
    if let table = try? TOMLTable(string: edited), table["default_profile"]?.string == name {
      return edited
    }
    // The line edit did not do it (a multi-line value, an odd layout): let TOMLKit rewrite.
    do {
      let table = try TOMLTable(string: text)
      table["default_profile"] = name
      return table.convert() + "\n"
    } catch {
      throw ProfileError.io(path: path, message: "cannot update default_profile: \(error)")
    }
  }

  private static func isDefaultProfileLine(_ line: String) -> Bool {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("default_profile") else { return false }
    let rest = trimmed.dropFirst("default_profile".count).trimmingCharacters(in: .whitespaces)
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
          out += String(format: "\\u%04X", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// Writes `text` to `path` atomically with mode 0600 (a temporary file renamed over it).
  static func writePrivately(_ text: String, to path: String) throws {
    let manager = FileManager.default
    let directory = (path as NSString).deletingLastPathComponent
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
      let bytes = Array(text.utf8)
      var written = 0
      while written < bytes.count {
        let count = bytes[written...].withUnsafeBytes {
          write(descriptor, $0.baseAddress, $0.count)
        }
        guard count > 0 else {
          let reason = String(cString: strerror(errno))
          close(descriptor)
          try? manager.removeItem(atPath: temporary)
          throw ProfileError.io(path: path, message: "cannot write: \(reason)")
        }
        written += count
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
      throw ProfileError.io(path: path, message: "cannot write: \(error.localizedDescription)")
    }
  }
}
