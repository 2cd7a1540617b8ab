import CCSRuntime
import Dispatch

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

/// Standard input as a lazy byte stream, read in chunks only when a command pulls it.
enum StandardInput {
  /// A byte stream over file descriptor 0.
  static func stream(chunkSize: Int = 1 << 16) -> ValueStream {
    let queue = DispatchQueue(label: "ccs.stdin")
    var finished = false
    return ValueStream(bytes: true) {
      if finished { return nil }
      let chunk: [UInt8]? = await withCheckedContinuation { continuation in
        queue.async {
          var buffer = [UInt8](repeating: 0, count: chunkSize)
          while true {
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, chunkSize) }
            if n < 0, errno == EINTR { continue }
            continuation.resume(returning: n > 0 ? Array(buffer[0..<n]) : nil)
            return
          }
        }
      }
      guard let chunk else {
        finished = true
        return nil
      }
      return .binary(Binary(chunk))
    }
  }
}
