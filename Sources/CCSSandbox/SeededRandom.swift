/// SplitMix64: a tiny, fast, reproducible generator for demo data and fault decisions.
struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator; equal seeds give equal sequences.
  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }

  /// A value in `0..<1`.
  mutating func unit() -> Double {
    Double(next() >> 11) / Double(1 << 53)
  }

  /// A random element of a non-empty array.
  mutating func pick<Element>(_ items: [Element]) -> Element {
    items[Int(next() % UInt64(items.count))]
  }

  /// Lowercase hex digits.
  mutating func hex(_ count: Int) -> String {
    var text = ""
    while text.count < count {
      text += String(next(), radix: 16)
    }
    return String(text.prefix(count))
  }

  /// A UUID-shaped string (version 4 layout).
  mutating func uuid() -> String {
    let digits = hex(32)
    let chars = Array(digits)
    return String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-4" + String(chars[13..<16])
      + "-a" + String(chars[17..<20]) + "-" + String(chars[20..<32])
  }
}
