#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Numbers as fixed-width text, as `printf` writes them, without Foundation.
public enum NumberText {
  /// `n` in decimal, zero-padded to `width` characters (the sign counts): `%0Nd`.
  public static func zeroPadded(_ n: Int, width: Int) -> String {
    let digits = String(n.magnitude)
    let sign = n < 0 ? "-" : ""
    let padding = max(0, width - digits.count - sign.count)
    return sign + String(repeating: "0", count: padding) + digits
  }

  /// `n` in hexadecimal, zero-padded to `width` digits: `%0Nx` or `%0NX`.
  public static func hex(_ n: UInt32, width: Int, uppercase: Bool = false) -> String {
    let digits = String(n, radix: 16, uppercase: uppercase)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  /// `x` with `digits` digits after the point, rounded as `printf("%.Nf")` rounds (from the
  /// exact binary value, ties to even).
  public static func fixed(_ x: Double, digits: Int) -> String {
    var buffer = [CChar](repeating: 0, count: 32)
    let needed = withVaList([Int32(clamping: digits), x]) { arguments in
      buffer.withUnsafeMutableBufferPointer {
        vsnprintf($0.baseAddress, $0.count, "%.*f", arguments)
      }
    }
    if needed >= buffer.count {
      buffer = [CChar](repeating: 0, count: Int(needed) + 1)
      _ = withVaList([Int32(clamping: digits), x]) { arguments in
        buffer.withUnsafeMutableBufferPointer {
          vsnprintf($0.baseAddress, $0.count, "%.*f", arguments)
        }
      }
    }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
