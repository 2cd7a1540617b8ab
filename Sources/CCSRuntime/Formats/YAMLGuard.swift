import CYaml

/// A pass over a YAML document's events, before Yams composes it, that refuses what would
/// make reading it hang, exhaust memory, overflow the stack or trap:
///
/// - alias expansion ("billion laughs"): at most ``maxAliases`` aliases, which together expand
///   to at most ``maxAliasNodes`` nodes;
/// - nesting deeper than ``maxDepth`` levels once aliases are expanded;
/// - a base-60 integer (`1:30:00`) too large for 64 bits, on which Yams' conversion traps.
///
/// The pass tracks each anchor's expanded size and depth, so it never expands anything itself.
/// A document libyaml cannot parse passes unchanged: Yams then reports the syntax error.
enum YAMLGuard {
  /// The most aliases (`*name`) a document may use.
  static let maxAliases = 10_000
  /// The most nodes the aliases of a document may expand to, together.
  static let maxAliasNodes = 1_000_000
  /// The deepest nesting, aliases expanded (as for JSON).
  static let maxDepth = 512

  /// Throws a `FormatError` for the first limit `text` breaks.
  static func check(_ text: String) throws {
    var bytes = Array(text.utf8)
    if bytes.isEmpty { return }
    try bytes.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_input_string(&parser, base, buffer.count)
      var walk = Walk()
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { return }
        defer { yaml_event_delete(&event) }
        if event.type == YAML_STREAM_END_EVENT { return }
        try walk.visit(event)
      }
    }
  }

  /// The expanded size (nodes) and height (levels) of a node.
  private struct Extent {
    var nodes: Int
    var height: Int
  }

  /// A container being read: its anchor and the extent of its content so far.
  private struct OpenNode {
    var anchor: String?
    var content = Extent(nodes: 0, height: 0)
  }

  private struct Walk {
    var anchors: [String: Extent] = [:]
    var open: [OpenNode] = []
    var aliases = 0
    var aliasNodes = 0

    mutating func visit(_ event: yaml_event_t) throws {
      let line = Int(event.start_mark.line) + 1
      let column = Int(event.start_mark.column) + 1
      func fail(_ reason: String) -> FormatError {
        FormatError(format: "YAML", reason: reason, line: line, column: column)
      }
      switch event.type {
      case YAML_ALIAS_EVENT:
        aliases += 1
        guard aliases <= YAMLGuard.maxAliases else {
          throw fail("too many aliases (at most \(YAMLGuard.maxAliases))")
        }
        let extent = anchors[name(event.data.alias.anchor) ?? ""] ?? Extent(nodes: 1, height: 0)
        aliasNodes = aliasNodes.addingReportingOverflow(extent.nodes).partialValue
        guard extent.nodes >= 0, aliasNodes <= YAMLGuard.maxAliasNodes else {
          throw fail("aliases expand to too many nodes (at most \(YAMLGuard.maxAliasNodes))")
        }
        try add(extent, fail)
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        if scalar.style == YAML_PLAIN_SCALAR_STYLE || scalar.style == YAML_ANY_SCALAR_STYLE,
          let value = scalar.value
        {
          let text = String(
            decoding: UnsafeBufferPointer(start: value, count: Int(scalar.length)), as: UTF8.self)
          let tag = name(scalar.tag)
          let isInt =
            tag == "tag:yaml.org,2002:int"
            || (tag == nil && scalar.plain_implicit != 0 && Sexagesimal.looksLikeInt(text))
          if isInt, Sexagesimal.overflows(text) {
            throw fail("integer \(text) does not fit in 64 bits")
          }
        }
        let extent = Extent(nodes: 1, height: 0)
        if let anchor = name(scalar.anchor) { anchors[anchor] = extent }
        try add(extent, fail)
      case YAML_SEQUENCE_START_EVENT:
        open.append(OpenNode(anchor: name(event.data.sequence_start.anchor)))
      case YAML_MAPPING_START_EVENT:
        open.append(OpenNode(anchor: name(event.data.mapping_start.anchor)))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let node = open.popLast() else { return }
        let extent = Extent(
          nodes: node.content.nodes.addingReportingOverflow(1).partialValue,
          height: node.content.height + 1)
        if let anchor = node.anchor { anchors[anchor] = extent }
        try add(extent, fail)
      default:
        break
      }
    }

    /// Adds a finished node to the container around it.
    private mutating func add(_ extent: Extent, _ fail: (String) -> FormatError) throws {
      guard extent.height <= YAMLGuard.maxDepth else {
        throw fail("nested too deeply (more than \(YAMLGuard.maxDepth) levels)")
      }
      guard let last = open.indices.last else { return }
      // Saturates: only the alias budget above bounds sizes, and it has already been checked.
      let (sum, overflow) = open[last].content.nodes.addingReportingOverflow(extent.nodes)
      open[last].content.nodes = overflow ? Int.max : sum
      open[last].content.height = max(open[last].content.height, extent.height)
    }

    private func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
      pointer.map { String(cString: $0) }
    }
  }
}

/// Base-60 integers (`1:30:00`) as Yams reads them, so their overflow can be found first.
enum Sexagesimal {
  /// Whether `text` is what YAML 1.1 resolves as a base-60 int:
  /// `[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`.
  static func looksLikeInt(_ text: String) -> Bool {
    var bytes = Array(text.utf8)[...]
    if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      bytes = bytes.dropFirst()
    }
    guard let lead = bytes.first, lead >= UInt8(ascii: "1"), lead <= UInt8(ascii: "9") else {
      return false
    }
    let groups = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
    guard groups.count >= 2 else { return false }
    guard groups[0].allSatisfy({ isDigit($0) || $0 == UInt8(ascii: "_") }) else { return false }
    for group in groups.dropFirst() {
      guard (1...2).contains(group.count), group.allSatisfy(isDigit) else { return false }
      if group.count == 2, let tens = group.first, tens > UInt8(ascii: "5") { return false }
    }
    return true
  }

  /// Whether Yams' conversion of the int scalar `text` would overflow: it removes `_`, reads
  /// `0x`/`0b`/`0o`/`0` prefixes by radix (safely), and otherwise sums `digit × 60^i` over the
  /// `:`-separated parts, computing 60^i one power past the last part.
  static func overflows(_ text: String) -> Bool {
    var scalar = Substring(text.replacingOccurrences(of: "_", with: ""))
    if scalar == "0" { return false }
    var sign = 1
    if scalar.hasPrefix("-") || scalar.hasPrefix("+") {
      if scalar.hasPrefix("-") { sign = -1 }
      scalar = scalar.dropFirst()
    }
    if scalar.hasPrefix("0") || !scalar.contains(":") { return false }
    let parts = scalar.split(separator: ":", omittingEmptySubsequences: false).compactMap {
      Int($0)
    }
    // A part that is not a number makes Yams give up before any arithmetic.
    guard parts.count == scalar.split(separator: ":", omittingEmptySubsequences: false).count else {
      return false
    }
    var base = 1
    var value = 0
    for digit in parts.reversed() {
      let (term, o1) = digit.multipliedReportingOverflow(by: base)
      let (sum, o2) = value.addingReportingOverflow(term)
      let (next, o3) = base.multipliedReportingOverflow(by: 60)
      if o1 || o2 || o3 { return true }
      (value, base) = (sum, next)
    }
    return value.multipliedReportingOverflow(by: sign).overflow
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}
