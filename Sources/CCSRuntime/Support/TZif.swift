import CCSText

/// The rules of an IANA time zone read from the system's compiled zone files
/// (`/usr/share/zoneinfo`, or `$TZDIR`): the offset from UTC at any instant, from the file's
/// transitions and, after the last one, its POSIX TZ rule (RFC 8536). ICU did this for us
/// until full Foundation left the binary.
struct ZoneRules: Sendable {
  /// Transition instants (seconds since the epoch, ascending) and the offset from each on.
  private var transitions: [Int64] = []
  private var offsets: [Int] = []
  /// The offset before the first transition.
  private var initialOffset = 0
  /// The rule after the last transition, when the file has one.
  private var rule: PosixZoneRule?

  /// Offset from UTC, in seconds, at `seconds` since the epoch.
  func offset(at seconds: Int64) -> Int {
    guard let last = transitions.last, seconds >= transitions[0] else {
      return transitions.isEmpty ? (rule?.offset(at: seconds) ?? initialOffset) : initialOffset
    }
    if seconds >= last, let rule { return rule.offset(at: seconds) }
    // The last transition at or before `seconds`.
    var low = 0
    var high = transitions.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if transitions[mid] <= seconds { low = mid } else { high = mid - 1 }
    }
    return offsets[low]
  }

  /// The zone named `name` (`Europe/Paris`), or nil when there is no such file or it is not a
  /// valid zone file. Names are checked so that they cannot leave the zone directory.
  static func load(_ name: String, directory: String) -> ZoneRules? {
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    guard !name.isEmpty, name.utf8.count < 256, !name.hasPrefix("/"),
      parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
    else { return nil }
    guard case .success(let bytes) = FileDescriptors.contents(ofFileAt: directory + "/" + name)
    else { return nil }
    return parse(bytes)
  }

  /// Reads a TZif file (versions 1 to 4); nil when it is not one.
  static func parse(_ bytes: [UInt8]) -> ZoneRules? {
    var reader = ByteReader(bytes)
    guard let first = reader.header() else { return nil }
    guard first.version >= 2 else { return first.rules(&reader, timeSize: 4) }
    // Version 2+: skip the 32-bit block, read the 64-bit one and the footer.
    guard reader.skip(first.blockSize(timeSize: 4)), let second = reader.header(),
      var rules = second.rules(&reader, timeSize: 8)
    else { return nil }
    if let footer = reader.footer(), !footer.isEmpty {
      rules.rule = PosixZoneRule(footer)
      if rules.transitions.isEmpty, let rule = rules.rule {
        rules.initialOffset = rule.standardOffset
      }
    }
    return rules
  }

  private struct Header {
    var version: Int
    var isUTCCount, isStandardCount, leapCount, timeCount, typeCount, charCount: Int

    func blockSize(timeSize: Int) -> Int {
      timeCount * timeSize + timeCount + typeCount * 6 + charCount
        + leapCount * (timeSize + 4) + isStandardCount + isUTCCount
    }

    func rules(_ reader: inout ByteReader, timeSize: Int) -> ZoneRules? {
      guard typeCount > 0, timeCount <= 100_000, typeCount <= 256 else { return nil }
      var times: [Int64] = []
      for _ in 0..<timeCount {
        guard let t = timeSize == 8 ? reader.int64() : reader.int32().map(Int64.init) else {
          return nil
        }
        times.append(t)
      }
      var indices: [Int] = []
      for _ in 0..<timeCount {
        guard let i = reader.byte(), Int(i) < typeCount else { return nil }
        indices.append(Int(i))
      }
      var typeOffsets: [Int] = []
      for _ in 0..<typeCount {
        // utoff, then isdst and the abbreviation index, which the offsets do not need.
        guard let offset = reader.int32(), reader.skip(2), abs(Int(offset)) < 86_400 * 2
        else { return nil }
        typeOffsets.append(Int(offset))
      }
      guard reader.skip(charCount + leapCount * (timeSize + 4) + isStandardCount + isUTCCount),
        zip(times, times.dropFirst()).allSatisfy({ $0 < $1 })
      else { return nil }
      var rules = ZoneRules()
      rules.transitions = times
      rules.offsets = indices.map { typeOffsets[$0] }
      // RFC 8536: before the first transition, type 0 applies.
      rules.initialOffset = typeOffsets[0]
      return rules
    }
  }

  private struct ByteReader {
    let bytes: [UInt8]
    var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func skip(_ count: Int) -> Bool {
      guard count >= 0, count <= bytes.count - at else { return false }
      at += count
      return true
    }

    mutating func byte() -> UInt8? {
      guard at < bytes.count else { return nil }
      at += 1
      return bytes[at - 1]
    }

    mutating func int32() -> Int32? { bigEndian(UInt32.self).map { Int32(bitPattern: $0) } }

    mutating func int64() -> Int64? { bigEndian(UInt64.self).map { Int64(bitPattern: $0) } }

    private mutating func bigEndian<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> T? {
      let size = T.bitWidth / 8
      guard bytes.count - at >= size else { return nil }
      var v: T = 0
      for k in 0..<size { v = v << 8 | T(bytes[at + k]) }
      at += size
      return v
    }

    mutating func header() -> Header? {
      guard bytes.count - at >= 44, bytes[at..<(at + 4)].elementsEqual("TZif".utf8) else {
        return nil
      }
      let versionByte = bytes[at + 4]
      let version = versionByte == 0 ? 1 : Int(versionByte) - 0x30
      guard (1...9).contains(version) else { return nil }
      at += 20
      var counts: [Int] = []
      for _ in 0..<6 {
        guard let c = int32(), c >= 0, c <= 1_000_000 else { return nil }
        counts.append(Int(c))
      }
      return Header(
        version: version, isUTCCount: counts[0], isStandardCount: counts[1],
        leapCount: counts[2], timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
    }

    /// The POSIX TZ string between the two newlines that end a version 2+ file.
    mutating func footer() -> String? {
      guard at < bytes.count, bytes[at] == 0x0A,
        let end = bytes[(at + 1)...].firstIndex(of: 0x0A), end - at < 256
      else { return nil }
      return String(decoding: bytes[(at + 1)..<end], as: UTF8.self)
    }
  }
}
