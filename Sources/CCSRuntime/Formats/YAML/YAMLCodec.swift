/// Converts between YAML text and values: ``YAMLReader`` reads, ``YAMLWriter`` writes, both over
/// libyaml's events.
public enum YAMLCodec {
  /// Parses YAML text: one document reads as its value, several as a list of them, none as null.
  public static func decode(_ text: String) throws -> Value {
    try YAMLReader.read(text)
  }

  /// Writes a value as a YAML document (block style, strings quoted only when needed).
  public static func encode(_ value: Value) throws -> String {
    try YAMLWriter.write(value)
  }
}
