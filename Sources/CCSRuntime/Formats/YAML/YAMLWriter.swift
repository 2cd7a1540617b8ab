import CLibYAML

/// Writes a value as one YAML document through libyaml's emitter: block style, two-space
/// indent, lines folded near 80 columns, non-ASCII text escaped, strings quoted only where a
/// plain scalar would read back as another type (or be empty).
enum YAMLWriter {
  static func write(_ value: Value) throws(FormatError) -> String {
    let output = Output()
    // On the heap: libyaml keeps the emitter's address between calls.
    let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
    emitter.initialize(to: yaml_emitter_t())
    defer { emitter.deallocate() }
    guard yaml_emitter_initialize(emitter) == 1 else {
      throw FormatError(format: "YAML", reason: "out of memory")
    }
    defer { yaml_emitter_delete(emitter) }
    yaml_emitter_set_output(
      emitter,
      { context, buffer, size in
        guard let context, let buffer else { return 0 }
        Unmanaged<Output>.fromOpaque(context).takeUnretainedValue().bytes
          .append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
        return 1
      }, Unmanaged.passUnretained(output).toOpaque())
    yaml_emitter_set_canonical(emitter, 0)
    yaml_emitter_set_indent(emitter, 2)
    yaml_emitter_set_width(emitter, 80)
    yaml_emitter_set_unicode(emitter, 0)
    yaml_emitter_set_break(emitter, YAML_LN_BREAK)
    yaml_emitter_set_encoding(emitter, YAML_UTF8_ENCODING)
    try withExtendedLifetime(output) { () throws(FormatError) in
      let writer = Events(emitter: emitter)
      try writer.emit { yaml_stream_start_event_initialize(&$0, YAML_UTF8_ENCODING) }
      try writer.emit { yaml_document_start_event_initialize(&$0, nil, nil, nil, 1) }
      try writer.node(value)
      try writer.emit { yaml_document_end_event_initialize(&$0, 1) }
      try writer.emit { yaml_stream_end_event_initialize(&$0) }
    }
    return String(decoding: output.bytes, as: UTF8.self)
  }

  /// Where the emitter writes.
  private final class Output {
    var bytes: [UInt8] = []
  }

  /// The emitter, fed one event at a time.
  private struct Events {
    let emitter: UnsafeMutablePointer<yaml_emitter_t>

    func emit(_ initialize: (inout yaml_event_t) -> Int32) throws(FormatError) {
      var event = yaml_event_t()
      guard initialize(&event) == 1 else {
        throw FormatError(format: "YAML", reason: "out of memory")
      }
      // The emitter takes the event, whether it succeeds or not.
      guard yaml_emitter_emit(emitter, &event) == 1 else {
        let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "cannot be written"
        throw FormatError(format: "YAML", reason: problem)
      }
    }

    func node(_ value: Value) throws(FormatError) {
      switch value {
      case .null: try scalar("null", .null)
      case .bool(let b): try scalar(b ? "true" : "false", .bool)
      case .int(let i): try scalar(String(i), .int)
      case .float(let f):
        if f.isNaN {
          try scalar(".nan", .float)
        } else if f.isInfinite {
          try scalar(f < 0 ? "-.inf" : ".inf", .float)
        } else {
          try scalar(JSONWriter.number(f), .float)
        }
      case .duration(let n), .size(let n): try scalar(String(n), .int)
      case .string(let s): try string(s)
      case .list(let items):
        try emit { yaml_sequence_start_event_initialize(&$0, nil, nil, 1, YAML_ANY_SEQUENCE_STYLE) }
        for item in items { try node(item) }
        try emit { yaml_sequence_end_event_initialize(&$0) }
      case .record(let record):
        try emit { yaml_mapping_start_event_initialize(&$0, nil, nil, 1, YAML_ANY_MAPPING_STYLE) }
        for (key, item) in record {
          try string(key)
          try node(item)
        }
        try emit { yaml_mapping_end_event_initialize(&$0) }
      default: try string(Render.plainText(value))
      }
    }

    /// A string, double-quoted when a plain scalar would read back as another type.
    private func string(_ s: String) throws(FormatError) {
      let plain = !s.isEmpty && YAMLScalarType.resolve(s) == .string
      try scalar(s, .string, style: plain ? YAML_ANY_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE)
    }

    private func scalar(
      _ text: String, _ type: YAMLScalarType, style: yaml_scalar_style_t = YAML_ANY_SCALAR_STYLE
    ) throws(FormatError) {
      var bytes = Array(text.utf8)
      guard let length = Int32(exactly: bytes.count) else {
        throw FormatError(format: "YAML", reason: "a string of more than 2 GiB")
      }
      var tag = Array(type.tag.utf8) + [0]
      try emit { event in
        bytes.withUnsafeMutableBufferPointer { value in
          tag.withUnsafeMutableBufferPointer { tag in
            yaml_scalar_event_initialize(
              &event, nil, tag.baseAddress, value.baseAddress, length, 1, 1, style)
          }
        }
      }
    }
  }
}
