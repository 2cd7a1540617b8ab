/// A compiled regular expression in the common Perl/ICU syntax, matched in time linear in the
/// text (a Pike VM): any pattern, however nested, can be run on any text, and a long search
/// stops when its task is cancelled. Values are immutable and shared freely.
public struct RegularExpression: Sendable {
  public let pattern: String
  let program: RegexProgram
  /// The named groups' numbers.
  public let groupNames: [String: Int]

  /// Capture groups, not counting the whole match.
  public var groupCount: Int { program.groupCount }

  public init(_ pattern: String) throws(RegexError) {
    var parser = RegexParser(pattern)
    let node = try parser.parse()
    self.pattern = pattern
    program = try RegexProgram(node, groupCount: parser.groupCount)
    groupNames = parser.groupNames
  }

  /// Whether the pattern matches somewhere in `text`. Throws `CancellationError` when the
  /// task is cancelled during a long search.
  public func matches(_ text: String) throws -> Bool {
    var text = text
    return try text.withUTF8 { buffer in
      if program.isLiteral {
        return ByteSearch.find(program.literalPrefix, in: buffer, from: 0) != nil
      }
      var vm = PikeVM(program, slots: 0)
      return try vm.search(buffer, from: 0, earliest: true)
    }
  }

  /// `text` with every match replaced by `template` (leftmost-first, not overlapping; after an
  /// empty match the search resumes one scalar on, as in Perl, Java and ICU). Throws
  /// `CancellationError` like ``matches(_:)``.
  public func replacing(in text: String, with template: RegexTemplate) throws -> String {
    var text = text
    return try text.withUTF8 { buffer in
      var out: [UInt8] = []
      out.reserveCapacity(buffer.count)
      var vm = PikeVM(program, slots: 2 * (template.highestGroup + 1))
      var pos = 0
      var copied = 0
      while pos <= buffer.count {
        let slots: [Int]
        if program.isLiteral {
          guard let at = ByteSearch.find(program.literalPrefix, in: buffer, from: pos) else {
            break
          }
          slots = [at, at + program.literalPrefix.count]
        } else {
          guard try vm.search(buffer, from: pos, earliest: false) else { break }
          slots = vm.captures
        }
        let (start, end) = (slots[0], slots[1])
        out.append(contentsOf: buffer[copied..<start])
        template.append(slots, of: buffer, to: &out)
        copied = end
        if end > start {
          pos = end
        } else if end < buffer.count {
          pos = end + UTF8Text.width(buffer[end])
        } else {
          break
        }
      }
      out.append(contentsOf: buffer[copied...])
      return String(decoding: out, as: UTF8.self)
    }
  }
}

/// A replacement text: `$1`…`$9` (and more digits while the number is a group), `${name}`,
/// `${12}`, `$0` for the whole match; `\` takes the next character literally. A `$` not
/// followed by a digit or `{` is itself. A group that did not take part is empty.
public struct RegexTemplate: Sendable {
  private enum Piece: Sendable {
    case bytes([UInt8])
    case group(Int)
  }

  private let pieces: [Piece]
  /// The highest group number used (0 when only the whole match is).
  let highestGroup: Int

  public init(_ template: String, for regex: RegularExpression) throws(RegexError) {
    let s = Array(template.unicodeScalars)
    var pieces: [Piece] = []
    var literal: [UInt8] = []
    var highest = 0
    func group(_ n: Int) {
      if !literal.isEmpty { pieces.append(.bytes(literal)) }
      literal = []
      pieces.append(.group(n))
      highest = max(highest, n)
    }
    var i = 0
    while i < s.count {
      let c = s[i]
      if c == "\\" && i + 1 < s.count {
        UTF8.encode(s[i + 1]) { literal.append($0) }
        i += 2
      } else if c == "$", i + 1 < s.count, let first = digit(s[i + 1].value, radix: 10) {
        // The first digit always counts; more while the number stays a group.
        var n = first
        i += 2
        while i < s.count, let d = digit(s[i].value, radix: 10), n * 10 + d <= regex.groupCount {
          n = n * 10 + d
          i += 1
        }
        group(n)
      } else if c == "$", i + 1 < s.count, s[i + 1] == "{" {
        let open = i
        guard let close = s[(i + 2)...].firstIndex(of: "}") else {
          throw RegexError(.syntax("'${' needs a group name or number and '}'"), at: open)
        }
        let name = String(String.UnicodeScalarView(s[(i + 2)..<close]))
        if let n = Int(name), n >= 0, n <= regex.groupCount {
          group(n)
        } else if let n = regex.groupNames[name] {
          group(n)
        } else {
          throw RegexError(.syntax("the pattern has no group '\(name)'"), at: open)
        }
        i = close + 1
      } else {
        UTF8.encode(c) { literal.append($0) }
        i += 1
      }
    }
    if !literal.isEmpty { pieces.append(.bytes(literal)) }
    self.pieces = pieces
    highestGroup = highest
  }

  /// Appends the replacement for a match with capture `slots` of `text`.
  func append(_ slots: [Int], of text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    for piece in pieces {
      switch piece {
      case .bytes(let bytes): out.append(contentsOf: bytes)
      case .group(let n):
        guard 2 * n + 1 < slots.count else { continue }
        let (start, end) = (slots[2 * n], slots[2 * n + 1])
        if start >= 0 && end >= start { out.append(contentsOf: text[start..<end]) }
      }
    }
  }
}
