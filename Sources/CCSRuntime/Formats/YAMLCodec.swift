import Foundation
import Yams

/// Converts between YAML text and values, through Yams' node tree.
///
/// Reading types plain scalars by the YAML 1.1 core rules Yams applies: ints, floats, bools,
/// null; everything else (timestamps included) stays a string. Mapping keys become strings.
/// Several documents (`---`) read as a list of documents; an empty input reads as null.
/// Aliases read as a copy of their anchor's node, within the limits of ``YAMLGuard``.
public enum YAMLCodec {
  /// Parses YAML text.
  public static func decode(_ text: String) throws -> Value {
    try YAMLGuard.check(text)
    var documents: [Node] = []
    do {
      // The sequence stops at a parse error and keeps it in `error` instead of throwing.
      var sequence = try compose_all(yaml: text)
      while let node = sequence.next() { documents.append(node) }
      if let error = sequence.error { throw error }
    } catch let error as YamlError {
      throw formatError(error)
    }
    switch documents.count {
    case 0: return .null
    case 1: return try value(of: documents[0])
    default: return .list(try documents.map { try value(of: $0) })
    }
  }

  /// Writes a value as a YAML document (block style, strings quoted only when needed).
  public static func encode(_ value: Value) throws -> String {
    try serialize(node: node(for: value))
  }

  // MARK: - Reading

  /// The most text that mapping keys which are not scalars may render to, together. Such a
  /// key becomes the text of its value, and a key nested in such a key is escaped again at
  /// each level, so without a bound a few hundred bytes of `? ? ? …` render to gigabytes.
  static let maxComplexKeyText = 1 << 20

  static func value(of node: Node) throws -> Value {
    var budget = maxComplexKeyText
    return try value(of: node, complexKeyBudget: &budget)
  }

  private static func value(of node: Node, complexKeyBudget budget: inout Int) throws -> Value {
    switch node {
    case .scalar(let scalar):
      if scalar.style != .plain, scalar.style != .any { return .string(scalar.string) }
      let tag = node.tag
      if tag == Tag(.null) { return .null }
      if tag == Tag(.bool) { return node.bool.map(Value.bool) ?? .string(scalar.string) }
      if tag == Tag(.int) { return node.int.map(Value.int) ?? .string(scalar.string) }
      if tag == Tag(.float), let d = node.float, d.isFinite { return .float(d) }
      return .string(scalar.string)
    case .sequence(let seq):
      return .list(try seq.map { try value(of: $0, complexKeyBudget: &budget) })
    case .mapping(let mapping):
      var record = RecordBuilder(capacity: mapping.count)
      for (k, v) in mapping {
        let key: String
        if case .scalar(let s) = k {
          key = s.string
        } else {
          key = Render.plainText(try value(of: k, complexKeyBudget: &budget))
          budget -= key.utf8.count
          guard budget >= 0 else {
            throw FormatError(
              format: "YAML",
              reason: "mapping keys that are not scalars render to more than "
                + "\(maxComplexKeyText) bytes of text",
              line: k.mark.map { $0.line }, column: k.mark.map { $0.column })
          }
        }
        record.set(key, try value(of: v, complexKeyBudget: &budget))
      }
      return .record(record.record)
    case .alias:
      return .null
    }
  }

  static func formatError(_ error: YamlError) -> FormatError {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var reason = problem
      if let context { reason = "\(problem) \(context.text)" }
      return FormatError(format: "YAML", reason: reason, line: mark.line, column: mark.column)
    default:
      return FormatError(format: "YAML", reason: "\(error)")
    }
  }

  // MARK: - Writing

  static func node(for value: Value) -> Node {
    switch value {
    case .null: return Node("null", Tag(.null))
    case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
    case .int(let i): return Node(String(i), Tag(.int))
    case .float(let f):
      if f.isNaN { return Node(".nan", Tag(.float)) }
      if f.isInfinite { return Node(f < 0 ? "-.inf" : ".inf", Tag(.float)) }
      return Node(JSONWriter.number(f), Tag(.float))
    case .duration(let n), .size(let n): return Node(String(n), Tag(.int))
    case .string(let s): return stringNode(s)
    case .list(let items): return Node(items.map(node(for:)))
    case .record(let r): return Node(r.map { (stringNode($0.0), node(for: $0.1)) })
    default: return stringNode(Render.plainText(value))
    }
  }

  /// A string scalar, double-quoted when a plain scalar would read back as another type.
  static func stringNode(_ s: String) -> Node {
    let plain = Node(s)
    if plain.tag == Tag(.str), !s.isEmpty { return Node(s, Tag(.str)) }
    return Node(s, Tag(.str), .doubleQuoted)
  }
}
