/// A Markdown runbook: its lines, front matter, and ```` ```ccs ```` blocks with step names.
///
/// Fences are CommonMark's: three or more backticks or tildes, up to three spaces of indent,
/// closed by a fence of the same character at least as long. The info string's first word is
/// the language; `ccs skip` marks a block shown but not run, `ccs params` declares parameters.
/// Blocks in other languages are ignored.
public struct RunbookDocument: Sendable {
  /// The file name diagnostics and reports show.
  public let path: String
  /// The text as read.
  public let text: String
  /// The lines, without their line breaks.
  public let lines: [String]
  /// The YAML between the leading `---` lines, if any, and the line it starts on.
  public let frontMatter: (text: String, line: Int)?
  /// The ccs blocks in document order.
  public let blocks: [Block]

  /// One fenced ccs block.
  public struct Block: Sendable {
    /// What the block is for.
    public enum Kind: Sendable, Equatable {
      /// A step, run in order.
      case step
      /// A step shown but not run (```` ```ccs skip ````).
      case skip
      /// Parameter declarations (```` ```ccs params ````).
      case params
    }

    /// What the block is for.
    public var kind: Kind
    /// The nearest heading above it (numbered `Heading (2)` when a heading has several
    /// blocks; `step N` with no heading).
    public var name: String
    /// The line of the opening fence (1-based).
    public var fenceLine: Int
    /// The line of the closing fence (the last line when the fence is not closed).
    public var closingLine: Int
    /// The code, lines joined by newlines.
    public var code: String
  }

  /// The blocks that are steps (run or skip), in order; `--from 2` counts these.
  public var steps: [Block] { blocks.filter { $0.kind != .params } }

  /// Parses Markdown text.
  public init(path: String, text: String) {
    self.path = path
    self.text = text
    // Scalars, not Characters: a Character holds "\r\n" as one, so CRLF text would not split.
    var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.last == "\r" ? String($0.dropLast()) : String($0)
    }
    if lines.last == "" { lines.removeLast() }
    self.lines = lines

    var index = 0
    var frontMatter: (text: String, line: Int)?
    if lines.first == "---",
      let end = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." })
    {
      frontMatter = (text: lines[1..<end].joined(separator: "\n"), line: 2)
      index = end + 1
    }
    self.frontMatter = frontMatter

    var blocks: [Block] = []
    var heading: String?
    var blocksUnderHeading = 0
    var stepCount = 0
    while index < lines.count {
      let line = lines[index]
      if let fence = Fence(opening: line) {
        var end = index + 1
        while end < lines.count, !fence.isClosed(by: lines[end]) { end += 1 }
        let body = lines[min(index + 1, lines.count)..<min(end, lines.count)]
        if fence.language == "ccs" {
          let kind: Block.Kind =
            fence.attributes.contains("params")
            ? .params : fence.attributes.contains("skip") ? .skip : .step
          var name = ""
          if kind != .params {
            stepCount += 1
            blocksUnderHeading += 1
            if let heading {
              name = blocksUnderHeading > 1 ? "\(heading) (\(blocksUnderHeading))" : heading
            } else {
              name = "step \(stepCount)"
            }
          }
          blocks.append(
            Block(
              kind: kind, name: name, fenceLine: index + 1,
              closingLine: min(end, lines.count - 1) + 1,
              code: body.map { fence.strippingIndent($0) }.joined(separator: "\n")))
        }
        index = end + 1
        continue
      }
      if let title = Self.heading(line) {
        heading = title
        blocksUnderHeading = 0
      }
      index += 1
    }
    self.blocks = blocks
  }

  /// The text of an ATX heading (`## Restart the app` → `Restart the app`).
  static func heading(_ line: String) -> String? {
    let trimmed = line.drop { $0 == " " }
    guard line.count - trimmed.count <= 3, trimmed.hasPrefix("#") else { return nil }
    let hashes = trimmed.prefix { $0 == "#" }
    guard hashes.count <= 6 else { return nil }
    let rest = trimmed.dropFirst(hashes.count)
    guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
    var title = rest.trimmingSpaces()
    // A closing sequence of #s is not part of the title.
    while title.hasSuffix("#") { title.removeLast() }
    let cleaned = title.trimmingSpaces()
    return cleaned.isEmpty ? nil : cleaned
  }

  /// The document with every line outside `block`'s code blanked out, so the engine reports
  /// errors at the Markdown file's own lines and columns.
  public func source(of block: Block) -> String {
    var out: [String] = []
    out.reserveCapacity(lines.count)
    // Lines after the block are left out, so "found end of input" points at its last line.
    let closed = Fence.closes(lines[block.closingLine - 1], blockAt: block.fenceLine, in: lines)
    let lastCode = closed ? block.closingLine - 1 : block.closingLine
    for (i, line) in lines.enumerated() where i < lastCode {
      out.append(i + 1 > block.fenceLine ? line : "")
    }
    return out.joined(separator: "\n") + "\n"
  }
}

/// An opening code fence.
struct Fence {
  let character: Character
  let length: Int
  let indent: Int
  let language: String
  let attributes: [String]

  init?(opening line: String) {
    let indent = line.prefix { $0 == " " }.count
    guard indent <= 3 else { return nil }
    let rest = line.dropFirst(indent)
    guard let c = rest.first, c == "`" || c == "~" else { return nil }
    let run = rest.prefix { $0 == c }.count
    guard run >= 3 else { return nil }
    let info = rest.dropFirst(run).trimmingSpaces()
    if c == "`" && info.contains("`") { return nil }
    let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(
      String.init)
    character = c
    length = run
    self.indent = indent
    language = words.first.map { $0.lowercased() } ?? ""
    attributes = words.dropFirst().map { $0.lowercased() }
  }

  func isClosed(by line: String) -> Bool {
    let indent = line.prefix { $0 == " " }.count
    guard indent <= 3 else { return false }
    let rest = line.dropFirst(indent)
    let run = rest.prefix { $0 == character }.count
    return run >= length && rest.dropFirst(run).trimmingSpaces().isEmpty
  }

  /// Removes up to the fence's own indentation from a code line (CommonMark).
  func strippingIndent(_ line: String) -> String {
    let spaces = min(indent, line.prefix { $0 == " " }.count)
    return String(line.dropFirst(spaces))
  }

  /// Whether `line` is the closing fence of the block opened at `fenceLine`.
  static func closes(_ line: String, blockAt fenceLine: Int, in lines: [String]) -> Bool {
    guard let fence = Fence(opening: lines[fenceLine - 1]) else { return false }
    return fence.isClosed(by: line)
  }
}

extension StringProtocol {
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" { s.removeLast() }
    return String(s)
  }
}
