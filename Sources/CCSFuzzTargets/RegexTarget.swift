import CCSRegex

/// The regex engine: the first line is a pattern, the rest the text. A pattern compiles or is
/// refused at an offset inside it; a compiled one matches in linear time (libFuzzer's timeout
/// catches a search that does not), replacing every match by itself (`$0`) gives the text
/// back, and replacing by a marker leaves one exactly where `matches` says there is a match.
enum RegexTarget {
  static func run(_ bytes: [UInt8]) throws(FuzzViolation) {
    let input = String(decoding: bytes, as: UTF8.self)
    let newline = input.firstIndex(of: "\n") ?? input.endIndex
    let pattern = String(input[..<newline])
    let text = newline < input.endIndex ? String(input[input.index(after: newline)...]) : ""
    let regex: RegularExpression
    do {
      regex = try RegularExpression(pattern)
    } catch {
      let length = pattern.unicodeScalars.count
      guard (0...length).contains(error.offset) else {
        throw .diagnosticOutOfRange(start: error.offset, end: error.offset, length: length)
      }
      return
    }
    do {
      let same = try regex.replacing(in: text, with: RegexTemplate("$0", for: regex))
      guard same == text else {
        throw FuzzViolation.roundTrip(format: "regex", detail: "replacing by $0 changed the text")
      }
      guard !text.unicodeScalars.contains("\u{1}") else { return }
      let marked = try regex.replacing(in: text, with: RegexTemplate("\u{1}", for: regex))
      guard try marked.unicodeScalars.contains("\u{1}") == regex.matches(text) else {
        throw FuzzViolation.roundTrip(
          format: "regex", detail: "replacing and matching disagree on whether there is a match")
      }
    } catch let violation as FuzzViolation {
      throw violation
    } catch {
      // Only cancellation is thrown while matching, and nothing cancels this task.
      throw .roundTrip(format: "regex", detail: "matching threw \(error)")
    }
  }
}
