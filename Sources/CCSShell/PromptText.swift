/// Prepares a prompt for libedit, which counts every byte as printing width unless it sits
/// between two `\u{1}` markers (`EL_PROMPT_ESC`).
enum PromptText {
  /// The marker around non-printing prompt text.
  static let invisibleMarker: Character = "\u{1}"

  /// Wraps each ANSI escape sequence (CSI `ESC [ … final` and OSC `ESC ] … BEL|ESC \`) in
  /// markers so colored prompts keep the cursor in the right column. Text already containing
  /// markers is returned unchanged.
  static func markingEscapes(_ prompt: String) -> String {
    guard prompt.contains("\u{1B}"), !prompt.contains(invisibleMarker) else { return prompt }
    let scalars = Array(prompt.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      guard scalars[index] == "\u{1B}", index + 1 < scalars.count else {
        out.append(scalars[index])
        index += 1
        continue
      }
      let end = escapeEnd(scalars, from: index)
      out.append("\u{1}")
      out.append(contentsOf: scalars[index..<end])
      out.append("\u{1}")
      index = end
    }
    return String(out)
  }

  /// The index just past the escape sequence starting at `start` (which is an ESC).
  private static func escapeEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
    var index = start + 1
    switch scalars[index] {
    case "[":
      index += 1
      while index < scalars.count {
        let value = scalars[index].value
        index += 1
        if (0x40...0x7E).contains(value) { break }
      }
      return index
    case "]":
      index += 1
      while index < scalars.count {
        if scalars[index] == "\u{7}" { return index + 1 }
        if scalars[index] == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "\\" {
          return index + 2
        }
        index += 1
      }
      return index
    default:
      return index + 1
    }
  }
}
