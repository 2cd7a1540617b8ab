/// One piece of a double-quoted string: literal text or an interpolated part.
public enum StringPart: Sendable, Equatable {
  /// Literal text, escapes already decoded.
  case text(String)
  /// `$name`, with the range of the variable name.
  case variable(String, SourceRange)
  /// `$(pipeline)`, with the range of the source between the parentheses.
  case subexpression(SourceRange)
}

/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Equatable {
  /// A bare word: a command name, a keyword, a field name, or a string argument.
  case word(String)
  /// `$name`
  case variable(String)
  case int(Int)
  case float(Double)
  /// A duration literal in nanoseconds.
  case duration(Int)
  /// A size literal in bytes.
  case size(Int)
  /// A datetime literal (`2025-01-01`, `2025-01-01T10:00:00Z`), in seconds since 1970 UTC.
  case datetime(Double)
  /// A double-quoted string with its interpolated parts.
  case string([StringPart])
  /// A single-quoted string, taken literally.
  case rawString(String)
  /// `--name` (and `--name=value`, whose value follows as the next token).
  case longFlag(String)
  /// `-x`
  case shortFlag(String)
  /// An operator: `+ - * / % ** == != < <= > >= =~ !~ = += -= .. !`
  case op(String)
  case pipe
  case semicolon
  case newline
  case comma
  case colon
  case dot
  case lparen
  case rparen
  case lbracket
  case rbracket
  case lbrace
  case rbrace
  case eof
}

/// A token with its source range and whether whitespace preceded it.
public struct Token: Sendable, Equatable {
  /// What the token is.
  public var kind: TokenKind
  /// The bytes it covers.
  public var range: SourceRange
  /// True when whitespace (or a line start) separates it from the previous token.
  public var spaceBefore: Bool

  /// Creates a token.
  public init(_ kind: TokenKind, _ range: SourceRange, spaceBefore: Bool) {
    self.kind = kind
    self.range = range
    self.spaceBefore = spaceBefore
  }

  /// A short description for diagnostics: `'|'`, `word 'foo'`, `end of input`.
  public var display: String {
    switch kind {
    case .word(let w): "'\(w)'"
    case .variable(let v): "'$\(v)'"
    case .int(let i): "number \(i)"
    case .float(let f): "number \(f)"
    case .duration: "duration"
    case .size: "size"
    case .datetime: "datetime"
    case .string, .rawString: "string"
    case .longFlag(let f): "flag '--\(f)'"
    case .shortFlag(let f): "flag '-\(f)'"
    case .op(let o): "'\(o)'"
    case .pipe: "'|'"
    case .semicolon: "';'"
    case .newline: "end of line"
    case .comma: "','"
    case .colon: "':'"
    case .dot: "'.'"
    case .lparen: "'('"
    case .rparen: "')'"
    case .lbracket: "'['"
    case .rbracket: "']'"
    case .lbrace: "'{'"
    case .rbrace: "'}'"
    case .eof: "end of input"
    }
  }
}
