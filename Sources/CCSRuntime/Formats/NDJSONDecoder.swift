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

/// Splits NDJSON (one JSON value per line) from byte chunks and parses each line.
///
/// Lines may span chunks; `\n` and `\r\n` both end a line; blank lines are skipped. Errors name
/// the line: `invalid JSON at line 3, column 14: …`.
public struct NDJSONDecoder: Sendable {
  /// The longest line read, in bytes: a line that never ends (a stream without newlines)
  /// is an error at this size instead of memory growing until the process is killed.
  public static let maxLineBytes = 256 << 20

  /// The number of lines completed so far.
  public private(set) var lineNumber = 0
  private var carry: [UInt8] = []
  private var reader = JSONReader()

  /// Creates a decoder at the start of the input.
  public init() {}

  /// Parses every line completed by `chunk`, appending the values to `out`. Values parsed
  /// before a malformed line are appended before the error is thrown.
  public mutating func feed(_ chunk: [UInt8], into out: inout [Value]) throws {
    try chunk.withUnsafeBufferPointer { try feed($0, into: &out) }
  }

  /// Like ``feed(_:into:)-([UInt8],_)``, for part of a chunk.
  public mutating func feed(_ chunk: ArraySlice<UInt8>, into out: inout [Value]) throws {
    try chunk.withUnsafeBufferPointer { try feed($0, into: &out) }
  }

  private mutating func feed(_ buf: UnsafeBufferPointer<UInt8>, into out: inout [Value]) throws {
    guard let base = buf.baseAddress else { return }
    var start = 0
    while start < buf.count {
      let rest = buf.count - start
      guard let hit = memchr(base + start, 0x0A, rest) else {
        try checkLength(carry.count + rest)
        carry.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start...]))
        return
      }
      let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      try checkLength(carry.count + end - start)
      if carry.isEmpty {
        try parseLine(UnsafeBufferPointer(rebasing: buf[start..<end]), into: &out)
      } else {
        carry.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<end]))
        let line = carry
        carry.removeAll(keepingCapacity: true)
        try line.withUnsafeBufferPointer { try parseLine($0, into: &out) }
      }
      start = end + 1
    }
  }

  private mutating func checkLength(_ length: Int) throws {
    guard length > Self.maxLineBytes else { return }
    carry = []
    throw Self.lineTooLong(line: lineNumber + 1)
  }

  /// The error for a line past ``maxLineBytes``.
  static func lineTooLong(line: Int) -> FormatError {
    FormatError(
      format: "NDJSON", reason: "a line longer than \(maxLineBytes >> 20) MiB", line: line)
  }

  /// Parses a final line without a newline.
  public mutating func finish(into out: inout [Value]) throws {
    guard !carry.isEmpty else { return }
    let line = carry
    carry = []
    try line.withUnsafeBufferPointer { try parseLine($0, into: &out) }
  }

  /// Parses a whole NDJSON text into a list of values.
  public static func decode(_ bytes: [UInt8]) throws -> [Value] {
    var decoder = NDJSONDecoder()
    var out: [Value] = []
    try decoder.feed(bytes, into: &out)
    try decoder.finish(into: &out)
    return out
  }

  private mutating func parseLine(
    _ line: UnsafeBufferPointer<UInt8>, into out: inout [Value]
  )
    throws
  {
    lineNumber += 1
    var line = line
    if let last = line.last, last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
    if let value = try reader.parseLine(line, lineNumber: lineNumber) { out.append(value) }
  }
}
