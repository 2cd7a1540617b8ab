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

  /// `x` with `digits` digits after the point (at most 40), rounded as `printf("%.Nf")`
  /// rounds: from the exact binary value, ties to even.
  public static func fixed(_ x: Double, digits: Int) -> String {
    let precision = Int32(min(max(digits, 0), 40))
    func render(capacity: Int) -> (text: String, needed: Int) {
      var buffer = [CChar](repeating: 0, count: capacity)
      let needed = withVaList([precision, x]) { arguments in
        buffer.withUnsafeMutableBufferPointer {
          vsnprintf($0.baseAddress, $0.count, "%.*f", arguments)
        }
      }
      let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
      return (String(decoding: bytes, as: UTF8.self), Int(needed))
    }
    let first = render(capacity: 32)
    return first.needed < 32 ? first.text : render(capacity: first.needed + 1).text
  }
}
