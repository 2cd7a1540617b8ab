import CCSAPI

/// The configuration file: the TOML reader, and `profile use`'s edit of `default_profile`.
/// A document is read or refused with a position inside it; an edit that succeeds sets
/// `default_profile` and changes no other setting.
enum ConfigTarget {
  static func run(_ bytes: [UInt8]) throws(FuzzViolation) {
    let text = String(decoding: bytes, as: UTF8.self)
    let before: TOMLTable
    do {
      before = try TOMLReader.parse(text)
    } catch {
      let lines = text.utf8.count(where: { $0 == UInt8(ascii: "\n") }) + 1
      guard (1...lines).contains(error.line), error.column >= 1 else {
        throw .diagnosticOutOfRange(start: error.line, end: error.column, length: lines)
      }
      return
    }
    guard let edited = try? ProfileStore.settingDefaultProfile("fuzz", in: text, path: "fuzz")
    else { return }
    guard let after = try? TOMLReader.parse(edited), after["default_profile"] == .string("fuzz")
    else {
      throw .roundTrip(format: "toml", detail: "the edited file does not set default_profile")
    }
    for key in before.keys where key != "default_profile" {
      guard same(after[key], before[key]) else {
        throw .roundTrip(format: "toml", detail: "setting default_profile changed `\(key)`")
      }
    }
  }

  /// Equal values, a NaN equal to a NaN (`==` says it never is).
  private static func same(_ a: TOMLValue?, _ b: TOMLValue?) -> Bool {
    switch (a, b) {
    case (.float(let x)?, .float(let y)?): return x == y || (x.isNaN && y.isNaN)
    case (.array(let x)?, .array(let y)?):
      return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
    case (.table(let x)?, .table(let y)?):
      return x.keys.count == y.keys.count && x.keys.allSatisfy { same(x[$0], y[$0]) }
    default: return a == b
    }
  }
}
