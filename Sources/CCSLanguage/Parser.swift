/// Settings that tell the parser about commands whose arguments are not plain arguments.
public struct ParserConfig: Sendable {
  /// Commands whose argument is a row condition, where bare words are fields of the current
  /// item (`where percent > 50 and active`).
  public var rowConditionCommands: Set<String> = [
    "where", "any", "all", "skip-while", "take-while",
  ]
  /// Commands whose positional argument is another command call (`watch cloudron tasks get 5`):
  /// the first bare word among their arguments starts a call that runs to the end of the
  /// stage, passed as a block (`{ cloudron tasks get 5 }`). Their flags never take a bare word
  /// as value.
  public var commandArgumentCommands: Set<String> = ["watch"]
  /// Creates the default configuration.
  public init() {}
}

struct ParseFailure: Error {}

/// Parses tokens into a `Program`, reporting every error it can find in one pass.
///
/// The grammar is in `docs/language.md`; each `parseX` function opens with its production.
/// After an error the parser skips to the next statement boundary at the same nesting level
/// (newline, `;` or a closing `}`), so one run reports several independent errors.
public struct Parser {
  let file: SourceFile
  var tokens: [Token]
  var index = 0
  var diagnostics: [Diagnostic] = []
  /// Whether an error was found at the end of the input: the statement is unfinished.
  var failedAtEndOfInput = false
  let config: ParserConfig
  /// Greater than zero inside `( )` and `[ ]`, where newlines are plain whitespace.
  var newlineInsensitive = 0
  /// Greater than zero inside the body of a `for` or `while` (reset inside closures and defs),
  /// where `break` and `continue` are allowed.
  var loopDepth = 0
  /// Loops around the closure or def being parsed, which its `break` cannot reach.
  var loopsOutsideFunction = 0
  /// How many operands are being parsed inside each other (parentheses, lists, records,
  /// blocks, prefix operators); see ``maxNesting``.
  var nesting = 0
  /// The deepest nesting the parser accepts: deeper input is an error, not a stack overflow.
  public static let maxNesting = 200

  /// Parses a whole file. The program is usable only when the diagnostics are empty.
  public static func parse(
    _ file: SourceFile, config: ParserConfig = ParserConfig()
  )
    -> (Program, [Diagnostic])
  {
    var lexer = Lexer(file: file)
    let tokens = lexer.tokenize()
    var parser = Parser(file: file, tokens: tokens, config: config)
    let block = parser.parseStatements(until: nil)
    let all = (lexer.diagnostics + parser.diagnostics).sorted { $0.range.start < $1.range.start }
    return (Program(block: block, file: file), all)
  }

  /// Whether `source` is unfinished: an open bracket, block or string, or a trailing `|`.
  /// The REPL keeps reading continuation lines while this is true.
  public static func isIncomplete(_ source: String) -> Bool {
    let file = SourceFile(name: "<input>", text: source)
    var lexer = Lexer(file: file)
    let tokens = lexer.tokenize()
    if lexer.endsInsideString { return true }
    var parser = Parser(file: file, tokens: tokens, config: ParserConfig())
    _ = parser.parseStatements(until: nil)
    return parser.failedAtEndOfInput
  }

  init(file: SourceFile, tokens: [Token], config: ParserConfig) {
    self.file = file
    self.tokens = tokens
    self.config = config
  }

  // MARK: - Token access

  var current: Token {
    mutating get {
      if newlineInsensitive > 0 {
        while tokens[index].kind == .newline { index += 1 }
      }
      return tokens[index]
    }
  }

  mutating func peekKind(_ offset: Int = 1) -> TokenKind { peekToken(offset).kind }

  mutating func peekToken(_ offset: Int = 1) -> Token {
    _ = current
    var i = index
    var n = offset
    while n > 0, i < tokens.count - 1 {
      i += 1
      if newlineInsensitive > 0, tokens[i].kind == .newline { continue }
      n -= 1
    }
    return tokens[i]
  }

  @discardableResult
  mutating func advance() -> Token {
    let t = current
    if index < tokens.count - 1 { index += 1 }
    return t
  }

  mutating func at(_ kind: TokenKind) -> Bool { current.kind == kind }

  mutating func atWord(_ word: String) -> Bool {
    if case .word(let w) = current.kind { return w == word }
    return false
  }

  mutating func skipNewlines() {
    while current.kind == .newline || current.kind == .semicolon { advance() }
  }

  mutating func error(
    _ message: String, at range: SourceRange, notes: [String] = []
  ) -> ParseFailure {
    if range.start >= file.bytes.count { failedAtEndOfInput = true }
    diagnostics.append(Diagnostic(message, at: range, in: file, notes: notes))
    return ParseFailure()
  }

  mutating func expect(
    _ kind: TokenKind, _ what: String, closing opener: Token? = nil
  ) throws -> Token {
    if current.kind == kind { return advance() }
    let found = current
    if let opener {
      let (line, _) = file.location(of: opener.range.start)
      throw error(
        "expected \(what) to close \(opener.display) at line \(line), found \(found.display)",
        at: found.range)
    }
    throw error("expected \(what), found \(found.display)", at: found.range)
  }

  /// Skips to the next statement boundary at the nesting depth where the failed statement
  /// began (token index `start`): brackets it opened are skipped to their close, a stray `)`
  /// or `]` is skipped, and a `}` that closes the enclosing block stops the skip.
  mutating func synchronize(from start: Int) {
    var depth = 0
    for i in start..<min(index, tokens.count) {
      switch tokens[i].kind {
      case .lparen, .lbracket, .lbrace: depth += 1
      case .rparen, .rbracket, .rbrace: depth = max(0, depth - 1)
      default: break
      }
    }
    let saved = newlineInsensitive
    newlineInsensitive = 0
    defer { newlineInsensitive = saved }
    while true {
      let t = tokens[index]
      switch t.kind {
      case .eof: return
      case .lparen, .lbracket, .lbrace: depth += 1
      case .rbrace where depth == 0: return
      case .rparen, .rbracket, .rbrace:
        depth = max(0, depth - 1)
      case .newline, .semicolon:
        if depth == 0 {
          advance()
          return
        }
      default: break
      }
      advance()
    }
  }

  // MARK: - Statements

  /// statements := (statement (NEWLINE | ';'))*   — up to `}` when `opener` is given, else EOF
  mutating func parseStatements(until opener: Token?) -> Block {
    let saved = newlineInsensitive
    newlineInsensitive = 0
    defer { newlineInsensitive = saved }
    let start = current.range.start
    var statements: [Statement] = []
    while true {
      skipNewlines()
      // An unclosed block is reported by the caller's `expect('}')`.
      if current.kind == .eof { break }
      if current.kind == .rbrace {
        if opener != nil { break }
        diagnostics.append(
          Diagnostic("unexpected '}' with no '{' to close", at: current.range, in: file))
        advance()
        continue
      }
      if current.kind == .rparen || current.kind == .rbracket {
        let closer = current.kind == .rparen ? ("')'", "'('") : ("']'", "'['")
        diagnostics.append(
          Diagnostic(
            "unexpected \(closer.0) with no \(closer.1) to close", at: current.range, in: file))
        synchronize(from: index)
        continue
      }
      let statementStart = index
      do {
        let statement = try parseStatement()
        statements.append(statement)
        switch current.kind {
        case .newline, .semicolon, .eof: break
        case .rbrace where opener != nil: break
        case .rparen, .rbracket:
          let closer = current.kind == .rparen ? ("')'", "'('") : ("']'", "'['")
          throw error("unexpected \(closer.0) with no \(closer.1) to close", at: current.range)
        default:
          throw error("expected end of statement, found \(current.display)", at: current.range)
        }
      } catch {
        synchronize(from: statementStart)
      }
    }
    return Block(statements: statements, range: SourceRange(start, current.range.start))
  }

  /// The block of a `for` or `while`, where `break` and `continue` are allowed.
  mutating func parseLoopBody() throws -> Block {
    loopDepth += 1
    defer { loopDepth -= 1 }
    return try parseBlock()
  }

  /// A block that runs as its own function (closure, def body): loops outside it are not
  /// reachable by `break` or `continue`.
  mutating func parseFunctionBody<T>(_ body: (inout Parser) throws -> T) rethrows -> T {
    let saved = (loopDepth, loopsOutsideFunction)
    loopsOutsideFunction += loopDepth
    loopDepth = 0
    defer { (loopDepth, loopsOutsideFunction) = saved }
    return try body(&self)
  }

  /// block := '{' statements '}'
  mutating func parseBlock() throws -> Block {
    let open = try expect(.lbrace, "'{'")
    var block = parseStatements(until: open)
    let close = try expect(.rbrace, "'}'", closing: open)
    block.range = open.range.union(close.range)
    return block
  }

  /// statement := let | mut | def | for | while | break | continue | return | source
  ///            | assignment | pipeline
  mutating func parseStatement() throws -> Statement {
    let start = current
    if case .word(let w) = start.kind {
      switch w {
      case "let", "mut": return try parseBinding()
      case "def": return try parseDefinition()
      case "for": return try parseFor()
      case "while":
        advance()
        let condition = try parseExpression(mode: .condition)
        let body = try parseLoopBody()
        return Statement(.whileLoop(condition, body), start.range.union(body.range))
      case "break", "continue":
        advance()
        if loopDepth == 0 {
          throw error(
            "'\(w)' is only allowed inside a loop", at: start.range,
            notes: loopsOutsideFunction > 0
              ? ["a closure or def body cannot '\(w)' the loop around it"] : [])
        }
        return Statement(w == "break" ? .breakLoop : .continueLoop, start.range)
      case "return":
        advance()
        if isStatementEnd(current.kind) { return Statement(.returnValue(nil), start.range) }
        let value = try parsePipeline()
        return Statement(.returnValue(value), start.range.union(value.range))
      case "source":
        advance()
        let path = try parseArgumentAtom()
        return Statement(.source(path), start.range.union(path.range))
      default:
        if case .op(let op) = peekKind(), ["=", "+=", "-=", "*="].contains(op),
          peekToken().spaceBefore || op != "="
        {
          advance()
          advance()
          let value = try parsePipeline()
          return Statement(
            .assignment(name: w, path: [], op: op, value: value), start.range.union(value.range))
        }
      }
    }
    if case .variable(let name) = start.kind, let assignment = try parseVariableAssignment(name) {
      return assignment
    }
    let pipeline = try parsePipeline()
    return Statement(.pipeline(pipeline), pipeline.range)
  }

  func isStatementEnd(_ kind: TokenKind) -> Bool {
    switch kind {
    case .newline, .semicolon, .eof, .rbrace, .rparen: true
    default: false
    }
  }

  /// assignment := '$'NAME path? ('=' | '+=' | '-=' | '*=') pipeline
  mutating func parseVariableAssignment(_ name: String) throws -> Statement? {
    let saved = index
    let start = advance()
    let members = try parsePathMembers()
    if case .op(let op) = current.kind, ["=", "+=", "-=", "*="].contains(op) {
      advance()
      let value = try parsePipeline()
      return Statement(
        .assignment(name: name, path: members, op: op, value: value), start.range.union(value.range)
      )
    }
    index = saved
    return nil
  }

  /// binding := ('let' | 'mut') NAME (':' TYPE)? '=' pipeline
  mutating func parseBinding() throws -> Statement {
    let keyword = advance()
    let mutable = keyword.kind == .word("mut")
    let name: String
    switch current.kind {
    case .word(let w) where Self.isIdentifier(w): name = w
    case .variable(let v): name = v
    default:
      throw error(
        "expected a variable name after '\(mutable ? "mut" : "let")', found \(current.display)",
        at: current.range, notes: Self.dashNote(current.kind))
    }
    advance()
    var type: String?
    if current.kind == .colon {
      advance()
      guard case .word(let t) = current.kind else {
        throw error("expected a type name after ':', found \(current.display)", at: current.range)
      }
      type = t
      advance()
    }
    guard current.kind == .op("=") else {
      throw error("expected '=' after 'let \(name)', found \(current.display)", at: current.range)
    }
    advance()
    if isStatementEnd(current.kind) {
      throw error("expected a value after '=', found \(current.display)", at: current.range)
    }
    let value = try parsePipeline()
    return Statement(
      .binding(name: name, type: type, mutable: mutable, value: value),
      keyword.range.union(value.range))
  }

  /// Variable and parameter names: a letter or `_`, then letters, digits and `_`. A `-` is not
  /// allowed because `$a-1` reads as a subtraction; a flag `--dry-run` binds `$dry_run`.
  static func isIdentifier(_ w: String) -> Bool {
    guard let first = w.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else {
      return false
    }
    return w.unicodeScalars.allSatisfy {
      $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)
    }
  }

  /// A hint for a name like `dry-run` that would be valid with `_` instead of `-`.
  static func dashNote(_ kind: TokenKind) -> [String] {
    guard case .word(let w) = kind, w.contains("-") else { return [] }
    let fixed = String(w.map { $0 == "-" ? "_" : $0 })
    return isIdentifier(fixed) ? ["names cannot contain '-': write \(fixed)"] : []
  }

  /// for := 'for' NAME 'in' expr block
  mutating func parseFor() throws -> Statement {
    let keyword = advance()
    let nameToken = current
    let name: String
    switch nameToken.kind {
    case .word(let w) where Self.isIdentifier(w): name = w
    case .variable(let v): name = v
    default:
      throw error(
        "expected a loop variable after 'for', found \(current.display)", at: current.range,
        notes: Self.dashNote(current.kind))
    }
    advance()
    guard atWord("in") else {
      throw error("expected 'in' after 'for \(name)', found \(current.display)", at: current.range)
    }
    advance()
    let iterable = try parseExpression(mode: .condition)
    let body = try parseLoopBody()
    return Statement(
      .forLoop(name: name, nameRange: nameToken.range, iterable: iterable, body: body),
      keyword.range.union(body.range))
  }

  /// def := 'def' NAME '[' params ']' block
  mutating func parseDefinition() throws -> Statement {
    let keyword = advance()
    let nameToken = current
    let name: String
    switch nameToken.kind {
    case .word(let w): name = w
    case .rawString(let s): name = s
    case .string(let parts):
      name = parts.compactMap { if case .text(let t) = $0 { return t } else { return nil } }
        .joined()
    default:
      throw error(
        "expected a command name after 'def', found \(current.display)", at: current.range)
    }
    advance()
    guard current.kind == .lbracket else {
      throw error(
        "expected '[' to start the parameters of '\(name)', found \(current.display)",
        at: current.range, notes: ["write 'def \(name) [] { … }' for a command without parameters"])
    }
    let params = try parseParams(closing: .rbracket, opener: advance())
    let body = try parseFunctionBody { try $0.parseBlock() }
    let doc = docComment(before: keyword.range.start)
    return Statement(
      .definition(
        Definition(
          name: name, params: params, body: body, doc: doc, range: keyword.range.union(body.range),
          nameRange: nameToken.range)),
      keyword.range.union(body.range))
  }

  /// The `#` comment lines directly above `offset`, joined.
  func docComment(before offset: Int) -> String {
    var (line, _) = file.location(of: offset)
    var lines: [String] = []
    while line > 1 {
      line -= 1
      let text = file.lineText(line).trimmingSpaces()
      guard text.hasPrefix("#") else { break }
      lines.append(String(text.dropFirst()).trimmingSpaces())
    }
    // Appended by hand: the generic `joined(separator:)` is not specialized for [String], and
    // its first use cost more than the whole parse of the prelude.
    var doc = ""
    for text in lines.reversed() {
      if !doc.isEmpty { doc += "\n" }
      doc += text
    }
    return doc
  }

  /// params := (param (',' | NEWLINE)?)*
  /// param  := NAME '?'? (':' TYPE)? ('=' expr)? | '--'NAME ('(' '-'C ')')? (':' TYPE)? ('=' expr)?
  ///         | '...'NAME (':' TYPE)?
  mutating func parseParams(closing: TokenKind, opener: Token) throws -> [Param] {
    newlineInsensitive += 1
    defer { newlineInsensitive -= 1 }
    var params: [Param] = []
    var seen = Set<String>()
    while current.kind != closing {
      let start = current
      var param: Param
      switch start.kind {
      case .word(let w) where w.hasPrefix("..."):
        param = Param(
          name: String(w.dropFirst(3)), kind: .rest, type: nil, defaultValue: nil, optional: true,
          range: start.range)
        advance()
      case .word(var w):
        var optional = false
        if w.hasSuffix("?") {
          w.removeLast()
          optional = true
        }
        guard Self.isIdentifier(w) else {
          throw error(
            "expected a parameter name, found '\(w)'", at: start.range,
            notes: Self.dashNote(.word(w)))
        }
        param = Param(
          name: w, kind: .positional, type: nil, defaultValue: nil, optional: optional,
          range: start.range)
        advance()
      case .longFlag(let f):
        param = Param(
          name: f, kind: .flag(short: nil), type: nil, defaultValue: nil, optional: true,
          range: start.range)
        advance()
        if current.kind == .lparen, case .shortFlag(let s) = peekKind(), peekKind(2) == .rparen {
          advance()
          advance()
          advance()
          param.kind = .flag(short: s)
        } else if current.kind == .lparen, peekKind() == .op("-"), case .word(let s) = peekKind(2),
          s.count == 1, peekKind(3) == .rparen
        {
          // `(-t)`: the lexer reads a `-` glued to `(` as an operator, not a short flag.
          for _ in 0..<4 { advance() }
          param.kind = .flag(short: s)
        }
      case .eof:
        _ = try expect(closing, closing == .rbracket ? "']'" : "'|'", closing: opener)
        return params
      default:
        throw error("expected a parameter, found \(start.display)", at: start.range)
      }
      if current.kind == .colon {
        advance()
        guard case .word(let t) = current.kind else {
          throw error("expected a type name after ':', found \(current.display)", at: current.range)
        }
        param.type = t
        advance()
      }
      if current.kind == .op("=") {
        advance()
        param.defaultValue = try parseExpression(mode: .bareString)
        param.optional = true
      }
      if !seen.insert(param.name).inserted {
        throw error("duplicate parameter '\(param.name)'", at: param.range)
      }
      params.append(param)
      if current.kind == .comma { advance() }
    }
    advance()
    return params
  }

  // MARK: - Pipelines

  /// pipeline := stage ('|' NEWLINE* stage)*   (a line starting with '|' continues it too)
  mutating func parsePipeline() throws -> Pipeline {
    var stages: [Stage] = []
    let start = current.range
    var end = start
    while true {
      let (stage, range) = try parseStage()
      stages.append(stage)
      end = range
      if current.kind == .pipe {
        advance()
        while current.kind == .newline { advance() }
        continue
      }
      if current.kind == .newline, continuesWithPipe() {
        while current.kind == .newline { advance() }
        advance()
        while current.kind == .newline { advance() }
        continue
      }
      break
    }
    return Pipeline(stages: stages, range: start.union(end))
  }

  private mutating func continuesWithPipe() -> Bool {
    var i = index
    while tokens[i].kind == .newline { i += 1 }
    return tokens[i].kind == .pipe
  }

  /// stage := command arg* | expr
  mutating func parseStage() throws -> (Stage, SourceRange) {
    let start = current
    if case .word(let w) = start.kind, !Self.expressionKeywords.contains(w) {
      let call = try parseCall()
      return (.command(call), call.range)
    }
    switch start.kind {
    case .pipe, .eof, .newline, .semicolon, .rparen, .rbrace:
      throw error("expected a command or an expression, found \(start.display)", at: start.range)
    default:
      let expr = try parseExpression(mode: .plain)
      return (.expr(expr), expr.range)
    }
  }

  static let expressionKeywords: Set<String> = ["true", "false", "null", "if", "try", "not"]

  /// call := WORD+ arg*     arg := '--'NAME ('=' atom | atom)? | '-'C atom? | atom
  mutating func parseCall() throws -> Call {
    var words: [(String, SourceRange)] = []
    var range = current.range
    while case .word(let w) = current.kind {
      if !words.isEmpty && Self.expressionKeywords.contains(w) { break }
      words.append((w, current.range))
      range = range.union(current.range)
      advance()
      if config.rowConditionCommands.contains(w), words.count == 1 { break }
      if config.commandArgumentCommands.contains(w), words.count == 1 { break }
    }
    let takesCommand = words.count == 1 && config.commandArgumentCommands.contains(words[0].0)
    var args: [Argument] = []
    if let first = words.first?.0, words.count == 1, config.rowConditionCommands.contains(first),
      !isArgumentEnd(current.kind)
    {
      if case .longFlag = current.kind {
      } else {
        let condition = try parseExpression(mode: .rowCondition)
        args.append(.positional(condition))
        range = range.union(condition.range)
      }
    }
    while !isArgumentEnd(current.kind) {
      let token = current
      switch token.kind {
      case .longFlag(let name), .shortFlag(let name):
        advance()
        let isShort: Bool
        if case .shortFlag = token.kind { isShort = true } else { isShort = false }
        var value: Expr?
        var explicit = false
        if current.kind == .op("="), !current.spaceBefore {
          advance()
          explicit = true
          value = try parseArgumentAtom()
        } else if startsArgumentAtom(current.kind), !(takesCommand && isCommandWord(current.kind)) {
          value = try parseArgumentAtom()
        }
        let end = value?.range ?? token.range
        args.append(
          .flag(name: name, isShort: isShort, value: value, explicit: explicit, range: token.range))
        range = range.union(end)
      case .op(let op):
        throw error(
          "unexpected operator '\(op)' in command arguments", at: token.range,
          notes: [
            "wrap an expression in parentheses to pass its value: (\(op == "-" ? "$a - 1" : "$a \(op) $b"))"
          ])
      default:
        if takesCommand, isCommandWord(token.kind) {
          let inner = try parseCall()
          args.append(.positional(Self.block(running: inner)))
          range = range.union(inner.range)
          continue
        }
        let atom = try parseArgumentAtom()
        args.append(.positional(atom))
        range = range.union(atom.range)
      }
    }
    return Call(words: words, args: args, range: range)
  }

  private func isCommandWord(_ kind: TokenKind) -> Bool {
    if case .word(let w) = kind { return !Self.expressionKeywords.contains(w) }
    return false
  }

  /// `{ call }`: a command given as the argument of another, deferred like a block.
  static func block(running call: Call) -> Expr {
    let pipeline = Pipeline(stages: [.command(call)], range: call.range)
    let body = Block(statements: [Statement(.pipeline(pipeline), call.range)], range: call.range)
    return Expr(
      .closure(ClosureLiteral(params: [], body: body, range: call.range, isBlock: true)), call.range
    )
  }

  func isArgumentEnd(_ kind: TokenKind) -> Bool {
    switch kind {
    case .pipe, .newline, .semicolon, .eof, .rparen, .rbrace, .rbracket, .comma: true
    default: false
    }
  }

  func startsArgumentAtom(_ kind: TokenKind) -> Bool {
    switch kind {
    case .word, .variable, .int, .float, .duration, .size, .datetime, .string, .rawString, .lparen,
      .lbracket, .lbrace:
      true
    default: false
    }
  }
}

extension String {
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
    return String(s)
  }
}
