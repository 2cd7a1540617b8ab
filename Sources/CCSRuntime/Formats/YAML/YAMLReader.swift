import CLibYAML

/// Reads YAML text into values, composing libyaml's parse events in one pass.
///
/// Plain scalars are typed by YAML 1.1's rules (``YAMLScalarType``, ``YAMLScalarValue``);
/// quoted ones are strings. Mapping keys become strings: a scalar key its text, any other key
/// the text of its value. Several documents (`---`) read as a list of documents, an empty
/// input as null. An alias reads as a copy of its anchor's value.
///
/// What would make reading hang, exhaust memory or overflow the stack is refused with a located
/// error: more than ``maxAliases`` aliases, aliases expanding to more than ``maxAliasNodes``
/// nodes together, nesting deeper than ``maxDepth`` levels once aliases are expanded, keys that
/// are not scalars rendering to more than ``maxComplexKeyText`` bytes together, and base-60 ints
/// past 64 bits. The reader tracks each anchor's expanded size and depth: it never expands
/// anything itself (a copied value shares its storage).
enum YAMLReader {
  /// The most aliases (`*name`) a stream may use.
  static let maxAliases = 10_000
  /// The most nodes the aliases of a stream may expand to, together.
  static let maxAliasNodes = 1_000_000
  /// The deepest nesting, aliases expanded (as for JSON).
  static let maxDepth = 512
  /// The most text that mapping keys which are not scalars may render to, together. Such a
  /// key becomes the text of its value, and a key nested in such a key is escaped again at
  /// each level, so without a bound a few hundred bytes of `? ? ? …` render to gigabytes.
  static let maxComplexKeyText = 1 << 20

  /// Reads every document of `text`.
  static func read(_ text: String) throws(FormatError) -> Value {
    let bytes = Array(text.utf8)
    if bytes.isEmpty { return .null }
    // On the heap: libyaml keeps the parser's address between calls.
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    parser.initialize(to: yaml_parser_t())
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else {
      throw FormatError(format: "YAML", reason: "out of memory")
    }
    defer { yaml_parser_delete(parser) }
    var composer = YAMLComposer()
    try bytes.withUnsafeBufferPointer { (buffer) throws(FormatError) in
      yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
      yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
          throw parseError(parser.pointee, in: buffer)
        }
        defer { yaml_event_delete(&event) }
        if event.type == YAML_STREAM_END_EVENT { return }
        try composer.visit(event)
      }
    }
    switch composer.documents.count {
    case 0: return .null
    case 1: return composer.documents[0]
    default: return .list(composer.documents)
    }
  }

  /// The error libyaml stopped at, with its location.
  private static func parseError(
    _ parser: yaml_parser_t, in bytes: UnsafeBufferPointer<UInt8>
  ) -> FormatError {
    var reason = parser.problem.map { String(cString: $0) } ?? "cannot be read"
    switch parser.error {
    case YAML_MEMORY_ERROR:
      return FormatError(format: "YAML", reason: "out of memory")
    case YAML_READER_ERROR:
      // The reader knows a byte offset, not a line.
      if parser.problem_value >= 0 {
        let hex = String(parser.problem_value, radix: 16, uppercase: true)
        reason += " (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex))"
      }
      let offset = min(max(parser.problem_offset, 0), bytes.count)
      var line = 1
      var lineStart = 0
      for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
        line += 1
        lineStart = i + 1
      }
      return FormatError(format: "YAML", reason: reason, line: line, column: offset - lineStart + 1)
    default:
      if let context = parser.context { reason += " " + String(cString: context) }
      return FormatError(
        format: "YAML", reason: reason, line: Int(parser.problem_mark.line) + 1,
        column: Int(parser.problem_mark.column) + 1)
    }
  }
}

/// The state of one read: documents read so far, anchors, and the nodes still open.
private struct YAMLComposer {
  var documents: [Value] = []
  private var anchors: [String: Composed] = [:]
  private var open: [OpenNode] = []
  private var aliases = 0
  private var aliasNodes = 0
  private var complexKeyBudget = YAMLReader.maxComplexKeyText

  /// The expanded size (nodes) and height (levels) of a node.
  struct Extent {
    var nodes = 1
    var height = 0
  }

  /// A node read whole.
  struct Composed {
    var value: Value
    /// A scalar's text and resolved tag, which identify it as a mapping key.
    var scalar: (text: String, tag: String)?
    var extent = Extent()
  }

  /// How two keys of one mapping are told apart: a scalar by its text and resolved tag, any
  /// other key by its rendered text.
  enum KeyIdentity: Hashable {
    case scalar(String, String)
    case other(String)
  }

  /// A sequence or mapping being read.
  struct OpenNode {
    var anchor: String?
    var isMapping: Bool
    var start: Mark
    var items: [Value] = []
    var record = RecordBuilder()
    var pendingKey: String?
    var keys: Set<KeyIdentity> = []
    var content = Extent(nodes: 0, height: 0)
  }

  /// A 1-based line and column.
  struct Mark {
    var line: Int
    var column: Int

    init(_ mark: yaml_mark_t) {
      line = Int(mark.line) + 1
      column = Int(mark.column) + 1
    }
  }

  mutating func visit(_ event: yaml_event_t) throws(FormatError) {
    let mark = Mark(event.start_mark)
    switch event.type {
    case YAML_DOCUMENT_START_EVENT:
      documents.append(.null)
    case YAML_ALIAS_EVENT:
      aliases += 1
      guard aliases <= YAMLReader.maxAliases else {
        throw error("too many aliases (at most \(YAMLReader.maxAliases))", at: mark)
      }
      let name = string(event.data.alias.anchor) ?? ""
      guard let anchored = anchors[name] else { throw error("undefined alias *\(name)", at: mark) }
      let (sum, overflow) = aliasNodes.addingReportingOverflow(anchored.extent.nodes)
      guard !overflow, sum <= YAMLReader.maxAliasNodes else {
        throw error(
          "aliases expand to too many nodes (at most \(YAMLReader.maxAliasNodes))", at: mark)
      }
      aliasNodes = sum
      try add(anchored, at: mark, start: mark)
    case YAML_SCALAR_EVENT:
      let node = try scalar(of: event, at: mark)
      if let anchor = string(event.data.scalar.anchor) { anchors[anchor] = node }
      try add(node, at: mark, start: mark)
    case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
      // Every node still open adds a level above this one.
      guard open.count < YAMLReader.maxDepth else {
        throw error("nested too deeply (more than \(YAMLReader.maxDepth) levels)", at: mark)
      }
      let isMapping = event.type == YAML_MAPPING_START_EVENT
      let anchor = string(
        isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
      open.append(OpenNode(anchor: anchor, isMapping: isMapping, start: mark))
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
      guard let node = open.popLast() else { return }
      let value: Value = node.isMapping ? .record(node.record.record) : .list(node.items)
      let extent = Extent(
        nodes: node.content.nodes.addingReportingOverflow(1).overflow
          ? Int.max : node.content.nodes + 1,
        height: node.content.height + 1)
      let composed = Composed(value: value, extent: extent)
      if let anchor = node.anchor { anchors[anchor] = composed }
      try add(composed, at: mark, start: node.start)
    default:
      break
    }
  }

  /// A scalar's value: quoted scalars are strings, plain ones are typed by their tag, explicit
  /// or resolved from their text.
  private func scalar(of event: yaml_event_t, at mark: Mark) throws(FormatError) -> Composed {
    let scalar = event.data.scalar
    let text =
      scalar.value.map {
        String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
      } ?? ""
    let tag: String
    if scalar.quoted_implicit == 1 {
      tag = YAMLScalarType.string.tag
    } else if let explicit = string(scalar.tag) {
      tag = explicit == "!" ? YAMLScalarType.string.tag : explicit
    } else {
      tag = YAMLScalarType.resolve(text).tag
    }
    var value = Value.string(text)
    if scalar.style == YAML_PLAIN_SCALAR_STYLE || scalar.style == YAML_ANY_SCALAR_STYLE {
      switch YAMLScalarType(tag: tag) {
      case .null: value = .null
      case .bool: if let b = YAMLScalarValue.bool(text) { value = .bool(b) }
      case .int:
        do {
          if let i = try YAMLScalarValue.int(text) { value = .int(i) }
        } catch {
          throw self.error("integer \(text) does not fit in 64 bits", at: mark)
        }
      case .float: if let d = YAMLScalarValue.float(text) { value = .float(d) }
      default: break
      }
    }
    return Composed(value: value, scalar: (text, tag))
  }

  /// Adds a node read whole to the node around it, or makes it the document's root.
  private mutating func add(_ node: Composed, at mark: Mark, start: Mark) throws(FormatError) {
    guard node.extent.height <= YAMLReader.maxDepth else {
      throw error("nested too deeply (more than \(YAMLReader.maxDepth) levels)", at: mark)
    }
    guard let last = open.indices.last else {
      if documents.isEmpty { documents.append(.null) }
      documents[documents.count - 1] = node.value
      return
    }
    // Saturates: only the alias budget bounds sizes, and it has already been checked.
    let (sum, overflow) = open[last].content.nodes.addingReportingOverflow(node.extent.nodes)
    open[last].content.nodes = overflow ? Int.max : sum
    open[last].content.height = max(open[last].content.height, node.extent.height)
    guard open[last].isMapping else {
      open[last].items.append(node.value)
      return
    }
    if let key = open[last].pendingKey {
      open[last].record.set(key, node.value)
      open[last].pendingKey = nil
      return
    }
    let key: String
    let identity: KeyIdentity
    if let scalar = node.scalar {
      key = scalar.text
      identity = .scalar(scalar.text, scalar.tag)
    } else {
      key = Render.plainText(node.value)
      complexKeyBudget -= key.utf8.count
      guard complexKeyBudget >= 0 else {
        throw error(
          "mapping keys that are not scalars render to more than "
            + "\(YAMLReader.maxComplexKeyText) bytes of text", at: start)
      }
      identity = .other(key)
    }
    guard open[last].keys.insert(identity).inserted else {
      throw error("duplicate key \(Render.short(.string(key)))", at: start)
    }
    open[last].pendingKey = key
  }

  private func error(_ reason: String, at mark: Mark) -> FormatError {
    FormatError(format: "YAML", reason: reason, line: mark.line, column: mark.column)
  }

  private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    pointer.map { String(cString: $0) }
  }
}
