/// How bare words read inside an expression.
enum ExpressionMode {
  /// Bare words are errors (they are neither variables nor strings).
  case plain
  /// Like `plain`, but a `{` ends the expression (the block of `if`, `for`, `while`).
  case condition
  /// Bare words are fields of the current item (`where active and percent > 50`).
  case rowCondition
  /// Bare words are strings (list items, argument atoms).
  case bareString
}

/// Binary operators by precedence, loosest first. Comparison operators do not chain.
private let precedence: [String: Int] = [
  "or": 1, "||": 1,
  "and": 2, "&&": 2,
  "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "=~": 4, "!~": 4, "in": 4,
  "not-in": 4, "starts-with": 4, "ends-with": 4,
  "..": 5,
  "+": 6, "-": 6,
  "*": 7, "/": 7, "%": 7, "//": 7, "mod": 7,
  "**": 8,
]
private let notPrecedence = 3
private let comparisonPrecedence = 4

extension Parser {
  /// expr := unary (BINOP unary)*      — precedence climbing over the table above
  mutating func parseExpression(mode: ExpressionMode) throws -> Expr {
    try parseBinary(minPrecedence: 1, mode: mode)
  }

  private mutating func binaryOperator() -> String? {
    switch current.kind {
    case .op(let op) where precedence[op] != nil: return op
    case .word(let w) where precedence[w] != nil: return w
    default: return nil
    }
  }

  private mutating func parseBinary(minPrecedence: Int, mode: ExpressionMode) throws -> Expr {
    var lhs = try parseUnary(mode: mode)
    while let op = binaryOperator(), let p = precedence[op], p >= minPrecedence {
      let opToken = advance()
      if isStatementEnd(current.kind) || current.kind == .pipe {
        throw error(
          "expected an operand after '\(op)', found \(current.display)", at: current.range)
      }
      let nextMin = op == "**" ? p : p + 1
      let rhs = try parseBinary(minPrecedence: nextMin, mode: mode)
      if p == comparisonPrecedence, let next = binaryOperator(), precedence[next] == p {
        throw error(
          "comparison operators cannot be chained", at: current.range,
          notes: ["combine comparisons with 'and': a < b and b < c"])
      }
      _ = opToken
      lhs = Expr(.binary(BinaryExpr(op, lhs, rhs)), lhs.range.union(rhs.range))
    }
    return lhs
  }

  /// unary := ('not' | '!') expr@3 | '-' unary | postfix
  private mutating func parseUnary(mode: ExpressionMode) throws -> Expr {
    let start = current
    // Every nested operand passes here once: the one place that bounds the recursion.
    nesting += 1
    defer { nesting -= 1 }
    if nesting > Self.maxNesting {
      throw error(
        "nesting deeper than \(Self.maxNesting) levels", at: start.range,
        notes: ["split the expression with 'let' bindings"])
    }
    if start.kind == .word("not") || start.kind == .op("!") {
      advance()
      let operand = try parseBinary(minPrecedence: notPrecedence + 1, mode: mode)
      return Expr(.unary("not", operand), start.range.union(operand.range))
    }
    if start.kind == .op("-") {
      advance()
      let operand = try parseUnary(mode: mode)
      return Expr(.unary("-", operand), start.range.union(operand.range))
    }
    return try parsePostfix(mode: mode)
  }

  /// postfix := primary ('.' (NAME | INT | STRING) '?'?)*
  private mutating func parsePostfix(mode: ExpressionMode) throws -> Expr {
    let base = try parsePrimary(mode: mode)
    let members = try parsePathMembers()
    if members.isEmpty { return base }
    return Expr(.path(base, members), base.range.union(members.last?.range ?? base.range))
  }

  /// Path members glued to the previous token: `.name`, `.0`, `."odd key"`, `.name?`.
  mutating func parsePathMembers() throws -> [PathMember] {
    var members: [PathMember] = []
    while current.kind == .dot, !current.spaceBefore {
      let dot = advance()
      let t = current
      switch t.kind {
      case .int(let i):
        advance()
        members.append(PathMember(.index(i), dot.range.union(t.range)))
      case .word(let w):
        advance()
        members.append(contentsOf: Self.splitPath(w, at: t.range.start))
      case .string(let parts):
        advance()
        let text = parts.compactMap { if case .text(let s) = $0 { return s } else { return nil } }
        members.append(PathMember(.key(text.joined()), t.range))
      case .rawString(let s):
        advance()
        members.append(PathMember(.key(s), t.range))
      default:
        throw error("expected a field name or index after '.', found \(t.display)", at: t.range)
      }
    }
    return members
  }

  /// Splits `a.b.0` into members, giving each its own range.
  public static func splitPath(_ text: String, at offset: Int) -> [PathMember] {
    var members: [PathMember] = []
    var position = offset
    for part in text.split(separator: ".", omittingEmptySubsequences: false) {
      let length = part.utf8.count
      let range = SourceRange(position, position + length)
      position += length + 1
      if part.isEmpty { continue }
      if let i = Int(part) {
        members.append(PathMember(.index(i), range))
      } else {
        members.append(PathMember(.key(String(part)), range))
      }
    }
    return members
  }

  // MARK: - Primaries

  /// primary := literal | STRING | '$'NAME | '(' pipeline ')' | list | record | closure
  ///          | 'if' … | 'try' … | NAME (a field in row conditions, a string in lists)
  mutating func parsePrimary(mode: ExpressionMode) throws -> Expr {
    let t = current
    switch t.kind {
    case .int(let i): advance(); return Expr(.int(i), t.range)
    case .float(let f): advance(); return Expr(.float(f), t.range)
    case .duration(let d): advance(); return Expr(.duration(d), t.range)
    case .size(let s): advance(); return Expr(.size(s), t.range)
    case .datetime(let seconds): advance(); return Expr(.datetime(seconds), t.range)
    case .rawString(let s): advance(); return Expr(.string(s), t.range)
    case .string(let parts):
      advance()
      return try interpolation(parts, range: t.range)
    case .variable(let name):
      advance()
      return Expr(.variable(name), t.range)
    case .lparen:
      advance()
      newlineInsensitive += 1
      defer { newlineInsensitive -= 1 }
      let pipeline = try parsePipeline()
      let close = try expect(.rparen, "')'", closing: t)
      return Expr(.subexpression(pipeline), t.range.union(close.range))
    case .lbracket:
      return try parseList()
    case .lbrace:
      return try parseBraced()
    case .word(let w):
      switch w {
      case "true": advance(); return Expr(.bool(true), t.range)
      case "false": advance(); return Expr(.bool(false), t.range)
      case "null": advance(); return Expr(.null, t.range)
      case "if": return try parseIf()
      case "try": return try parseTry()
      default: break
      }
      switch mode {
      case .rowCondition:
        advance()
        let parts = Self.splitPath(w, at: t.range.start)
        guard case .key(let field)? = parts.first?.kind else {
          return Expr(.bareword(w), t.range)
        }
        let base = Expr(.field(field), parts[0].range)
        return parts.count == 1 ? base : Expr(.path(base, Array(parts.dropFirst())), t.range)
      case .bareString:
        advance()
        return Expr(.bareword(w), t.range)
      case .plain, .condition:
        throw error(
          "unexpected bare word '\(w)' in an expression", at: t.range,
          notes: ["write $\(w) for a variable, \"\(w)\" for a string, or (\(w) …) to run a command"]
        )
      }
    case .eof:
      throw error("expected an expression, found end of input", at: t.range)
    default:
      throw error("expected an expression, found \(t.display)", at: t.range)
    }
  }

  /// An argument atom: a bare word is a string; anything else is a primary with its path.
  mutating func parseArgumentAtom() throws -> Expr {
    let t = current
    if case .word(let w) = t.kind, !["true", "false", "null"].contains(w) {
      advance()
      return Expr(.bareword(w), t.range)
    }
    return try parsePostfix(mode: .bareString)
  }

  mutating func interpolation(_ parts: [StringPart], range: SourceRange) throws -> Expr {
    if parts.isEmpty { return Expr(.string(""), range) }
    if parts.count == 1, case .text(let s) = parts[0] { return Expr(.string(s), range) }
    var out: [InterpolationPart] = []
    for part in parts {
      switch part {
      case .text(let s): out.append(.text(s))
      case .variable(let name, let r): out.append(.expr(Expr(.variable(name), r)))
      case .subexpression(let r):
        var lexer = Lexer(file: file, range: r)
        let tokens = lexer.tokenize()
        var sub = Parser(file: file, tokens: tokens, config: config)
        sub.newlineInsensitive = 1
        sub.nesting = nesting
        do {
          let pipeline = try sub.parsePipeline()
          if sub.current.kind != .eof {
            throw sub.error(
              "expected ')' to end '$(', found \(sub.current.display)", at: sub.current.range)
          }
          out.append(.expr(Expr(.subexpression(pipeline), r)))
        } catch {
          diagnostics.append(contentsOf: lexer.diagnostics + sub.diagnostics)
          throw ParseFailure()
        }
        if !lexer.diagnostics.isEmpty {
          diagnostics.append(contentsOf: lexer.diagnostics)
          throw ParseFailure()
        }
      }
    }
    return Expr(.interpolation(out), range)
  }

  /// list := '[' (expr (',' | NEWLINE)?)* ']'
  private mutating func parseList() throws -> Expr {
    let open = advance()
    newlineInsensitive += 1
    defer { newlineInsensitive -= 1 }
    var items: [Expr] = []
    while current.kind != .rbracket {
      if current.kind == .eof {
        _ = try expect(.rbracket, "']'", closing: open)
      }
      items.append(try parseExpression(mode: .bareString))
      if current.kind == .comma { advance() }
    }
    let close = advance()
    return Expr(.list(items), open.range.union(close.range))
  }

  /// braced := '{' '|' params '|' statements '}' | '{' (key ':' expr ','?)* '}' | block
  /// `keepLoops`: the braces are a `catch` handler, which runs inside the loop around the `try`.
  private mutating func parseBraced(keepLoops: Bool = false) throws -> Expr {
    let open = current
    var i = index + 1
    while tokens[i].kind == .newline { i += 1 }
    let first = tokens[i].kind
    let second = tokens[min(i + 1, tokens.count - 1)].kind
    if first == .pipe || first == .op("||") {
      return keepLoops ? try parseClosureBody() : try parseClosure()
    }
    let isRecord: Bool
    switch first {
    case .rbrace: isRecord = true
    case .lparen:
      // `{(expr): value}`: a computed key when a ':' follows the matching ')'.
      var j = i + 1
      var depth = 1
      while depth > 0, tokens[j].kind != .eof {
        if tokens[j].kind == .lparen { depth += 1 } else if tokens[j].kind == .rparen { depth -= 1 }
        j += 1
      }
      isRecord = tokens[j].kind == .colon
    case .word, .string, .rawString, .int, .variable: isRecord = second == .colon
    default: isRecord = false
    }
    if isRecord { return try parseRecord() }
    let block = keepLoops ? try parseBlock() : try parseFunctionBody { try $0.parseBlock() }
    return Expr(
      .closure(ClosureLiteral(params: [], body: block, range: block.range, isBlock: true)),
      open.range.union(block.range))
  }

  /// closure := '{' '|' params '|' statements '}'
  mutating func parseClosure() throws -> Expr {
    try parseFunctionBody { try $0.parseClosureBody() }
  }

  private mutating func parseClosureBody() throws -> Expr {
    let open = try expect(.lbrace, "'{'")
    var params: [Param] = []
    while current.kind == .newline { advance() }
    if current.kind == .op("||") {
      advance()
    } else {
      let bar = try expect(.pipe, "'|'")
      params = try parseParams(closing: .pipe, opener: bar)
    }
    var body = parseStatements(until: open)
    let close = try expect(.rbrace, "'}'", closing: open)
    body.range = open.range.union(close.range)
    let range = open.range.union(close.range)
    return Expr(
      .closure(ClosureLiteral(params: params, body: body, range: range, isBlock: false)), range)
  }

  /// record := '{' (key ':' expr (',' | NEWLINE)?)* '}'     key := NAME | STRING | '(' expr ')'
  private mutating func parseRecord() throws -> Expr {
    let open = advance()
    newlineInsensitive += 1
    defer { newlineInsensitive -= 1 }
    var entries: [RecordEntry] = []
    while current.kind != .rbrace {
      let t = current
      let key: Expr
      switch t.kind {
      case .word(let w): advance(); key = Expr(.string(w), t.range)
      case .int(let i): advance(); key = Expr(.string(String(i)), t.range)
      case .rawString(let s): advance(); key = Expr(.string(s), t.range)
      case .string(let parts): advance(); key = try interpolation(parts, range: t.range)
      case .variable, .lparen: key = try parsePostfix(mode: .plain)
      case .eof: _ = try expect(.rbrace, "'}'", closing: open); continue
      default:
        throw error("expected a record key, found \(t.display)", at: t.range)
      }
      guard current.kind == .colon else {
        throw error("expected ':' after record key, found \(current.display)", at: current.range)
      }
      advance()
      let value = try parseExpression(mode: .bareString)
      entries.append(RecordEntry(key: key, value: value))
      if current.kind == .comma { advance() }
    }
    let close = advance()
    return Expr(.record(entries), open.range.union(close.range))
  }

  /// if := 'if' expr block ('else' (if | block))?
  private mutating func parseIf() throws -> Expr {
    let keyword = advance()
    let condition = try parseExpression(mode: .condition)
    guard current.kind == .lbrace else {
      throw error(
        "expected '{' to start the body of 'if', found \(current.display)", at: current.range)
    }
    let then = try parseBlock()
    var end = then.range
    var elsePart: Else?
    var look = index
    while tokens[look].kind == .newline { look += 1 }
    if tokens[look].kind == .word("else") {
      index = look
      advance()
      if atWord("if") {
        let nested = try parseIf()
        elsePart = .elseIf(nested)
        end = nested.range
      } else {
        guard current.kind == .lbrace else {
          throw error(
            "expected '{' or 'if' after 'else', found \(current.display)", at: current.range)
        }
        let block = try parseBlock()
        elsePart = .block(block)
        end = block.range
      }
    }
    return Expr(.ifElse(condition, then, elsePart), keyword.range.union(end))
  }

  /// try := 'try' block ('catch' (closure | block))?
  private mutating func parseTry() throws -> Expr {
    let keyword = advance()
    guard current.kind == .lbrace else {
      throw error(
        "expected '{' to start the body of 'try', found \(current.display)", at: current.range)
    }
    let body = try parseBlock()
    var end = body.range
    var handler: ClosureLiteral?
    var look = index
    while tokens[look].kind == .newline { look += 1 }
    if tokens[look].kind == .word("catch") {
      index = look
      advance()
      guard current.kind == .lbrace else {
        throw error(
          "expected '{' or '{|e|' after 'catch', found \(current.display)", at: current.range)
      }
      let expr = try parseBraced(keepLoops: true)
      guard case .closure(let c) = expr.kind else {
        throw error("expected a block after 'catch'", at: expr.range)
      }
      handler = c
      end = expr.range
    }
    return Expr(.tryCatch(body, handler), keyword.range.union(end))
  }
}
