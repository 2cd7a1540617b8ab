#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process's environment variables, read straight from `environ`.
///
/// FoundationEssentials' `ProcessInfo.environment` built the same dictionary at about 14,000
/// instructions a variable, and ccs read it three times before evaluating `1 + 1`: 15% of its
/// start-up instructions (callgrind). This reads each `NAME=value` once, as bytes.
public enum ProcessEnvironment {
  /// Every variable, by name. An entry without `=` is skipped; when a name repeats, the first
  /// entry wins, as `getenv` has it.
  public static func current() -> [String: String] {
    var variables: [String: String] = [:]
    let first: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
    guard var entry = first else { return variables }
    while let pointer = entry.pointee {
      let length = strlen(pointer)
      pointer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        let text = UnsafeBufferPointer(start: bytes, count: length)
        guard let equals = text.firstIndex(of: UInt8(ascii: "=")) else { return }
        let name = String(decoding: text[..<equals], as: UTF8.self)
        if variables[name] == nil {
          variables[name] = String(decoding: text[(equals + 1)...], as: UTF8.self)
        }
      }
      entry += 1
    }
    return variables
  }

  /// One variable, or nil when it is not set.
  public static func value(of name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }
}
