import CCSLanguage

/// How top-level values are written out.
public enum OutputFormat: String, Sendable, CaseIterable {
  /// A table at a terminal; JSON for structures and plain text for scalars elsewhere.
  case auto
  case json, yaml, ndjson, csv, table
}

/// Writes the value of each top-level statement to standard output in the chosen format.
///
/// Streams are written item by item as they arrive (one line each), so `watch` and long lists
/// show progress and use constant memory.
public struct OutputRenderer: Sendable {
  /// The format.
  public var format: OutputFormat
  /// The interpreter whose registry provides `to yaml`, `to csv` and `to table`.
  public let interpreter: Interpreter

  /// Creates a renderer.
  public init(format: OutputFormat, interpreter: Interpreter) {
    self.format = format
    self.interpreter = interpreter
  }

  private var out: any OutputSink { interpreter.context.stdout }
  private var terminal: Bool { interpreter.context.isTerminal }

  /// Writes one value.
  public func emit(_ value: Value) async throws {
    switch value {
    case .null: return
    case .stream(let s):
      if s.isByteStream {
        while let chunk = try await s.next() {
          if case .binary(let b) = chunk {
            out.write(b.bytes)
          } else {
            out.write(Render.plainText(chunk))
          }
        }
        return
      }
      switch format {
      case .auto where terminal && s.redrawsInPlace:
        // Like watch(1): move up over the previous drawing and clear it, then draw.
        var previousLines = 0
        while let item = try await s.next() {
          let text = try await render(item)
          if previousLines > 0 { out.write("\u{1B}[\(previousLines)F\u{1B}[J") }
          out.write(text)
          previousLines = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        }
      case .auto, .ndjson:
        while let item = try await s.next() { out.write(line(item) + "\n") }
      default:
        try await emit(.list(try await s.collect()))
      }
    case .binary(let b) where format == .auto:
      if terminal, String(validating: b.bytes, as: UTF8.self) == nil {
        out.write("<binary \(b.bytes.count) bytes, \(b.mediaType)> (use 'save FILE' to write it)\n")
      } else {
        out.write(b.bytes)
      }
    default:
      out.write(try await render(value))
    }
  }

  /// One stream item on one line: text as is, anything else as compact JSON. At a terminal
  /// (format auto) the text of fields named like secrets is masked, as in a table: a streamed
  /// `tokens list` must not show what `[…] | to table` hides. `to ndjson`, `get FIELD` and a
  /// pipe show it.
  func line(_ item: Value) -> String {
    switch item {
    case .string(let s) where format == .auto: s
    case .list where format == .auto && terminal, .record where format == .auto && terminal:
      JSONWriter.write(Self.maskingSecrets(item), pretty: false)
    case .list, .record, .string, .error, .date, .binary: JSONWriter.write(item, pretty: false)
    default: Render.plainText(item)
    }
  }

  /// `value` with the non-empty text of every field named like a secret
  /// (``TableRenderer/isSecretField(_:)``) replaced by the table's mask, at any depth (values
  /// are at most 1,000 levels deep, so the recursion is bounded).
  static func maskingSecrets(_ value: Value) -> Value {
    switch value {
    case .record(let record):
      var masked = Record()
      for (key, field) in record {
        if case .string(let text) = field, !text.isEmpty, TableRenderer.isSecretField(key) {
          masked[key] = .string(TableRenderer.secretMask)
        } else {
          masked[key] = maskingSecrets(field)
        }
      }
      return .record(masked)
    case .list(let items): return .list(items.map(maskingSecrets))
    default: return value
    }
  }

  /// The full text for a non-stream value, ending in a newline.
  func render(_ value: Value) async throws -> String {
    switch format {
    case .auto:
      if terminal,
        let table = try await via(
          "to table", value,
          flags: [
            "width": .int(interpreter.context.terminalWidth),
            "color": .bool(interpreter.context.color),
          ])
      {
        return table.hasSuffix("\n") ? table : table + "\n"
      }
      switch value {
      case .list, .record, .error: return JSONWriter.write(value, pretty: true) + "\n"
      default:
        let text = Render.plainText(value)
        return text.hasSuffix("\n") ? text : text + "\n"
      }
    case .json:
      return JSONWriter.write(value, pretty: true) + "\n"
    case .ndjson:
      if case .list(let items) = value {
        return items.map { JSONWriter.write($0, pretty: false) + "\n" }.joined()
      }
      return JSONWriter.write(value, pretty: false) + "\n"
    case .yaml, .csv, .table:
      guard
        let text = try await via(
          "to \(format.rawValue)", value, flags: ["width": .int(interpreter.context.terminalWidth)])
      else {
        throw RuntimeError("output format '\(format.rawValue)' is not available")
      }
      return text.hasSuffix("\n") ? text : text + "\n"
    }
  }

  private func via(_ name: String, _ value: Value, flags: [String: Value]) async throws -> String? {
    guard let command = interpreter.registry.command(named: name) else { return nil }
    let result = try await interpreter.run(
      command, input: value, flags: flags, in: SourceFile(name: "<output>", text: ""))
    return Render.plainText(result)
  }
}
