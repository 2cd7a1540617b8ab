/// One instruction of the matching program (Thompson's construction, as in Russ Cox's
/// "Regular Expression Matching: the Virtual Machine Approach").
enum Instruction: Sendable {
  case scalar(UInt32)
  /// A scalar compared after ``CaseFolding/fold(_:)``; the operand is folded.
  case foldedScalar(UInt32)
  /// A member of `sets[n]`.
  case set(Int)
  case any
  case anyButLineTerminator
  case assert(Assertion)
  /// Try the first target, then the second (priority order: leftmost-first semantics).
  case split(Int, Int)
  /// The back edge of an unbounded loop to its head `n`. When the head was already reached at
  /// this position, the iteration just run matched nothing: leave the loop (go on to the next
  /// instruction) instead, as backtracking engines do, so the empty iteration's captures and
  /// priority are Perl's. See `PikeVM.ThreadList.add`.
  case loop(Int)
  case jump(Int)
  /// Record the position in capture slot `n` (group `n / 2`, start or end).
  case save(Int)
  case match
}

/// A bracket expression or class escape, ready to test: a bitmap for ASCII, the set for the
/// rest.
struct SetMatcher: Sendable {
  private let low: UInt64
  private let high: UInt64
  private let set: ScalarSet
  private let caseless: Bool

  init(_ set: ScalarSet, caseless: Bool) {
    self.set = set
    self.caseless = caseless
    var low: UInt64 = 0
    var high: UInt64 = 0
    for v: UInt32 in 0..<128 where set.contains(v, caseless: caseless) {
      if v < 64 { low |= 1 << UInt64(v) } else { high |= 1 << UInt64(v - 64) }
    }
    self.low = low
    self.high = high
  }

  @inline(__always) func contains(_ v: UInt32) -> Bool {
    if v < 64 { return low >> UInt64(v) & 1 == 1 }
    if v < 128 { return high >> UInt64(v - 64) & 1 == 1 }
    return set.contains(v, caseless: caseless)
  }
}

/// A compiled pattern: the instructions and what lets a search skip work.
struct RegexProgram: Sendable {
  /// The most instructions a pattern compiles to: bounds the matcher's memory per position.
  static let maxInstructions = 20_000

  var instructions: [Instruction] = []
  var sets: [SetMatcher] = []
  /// Capture groups, not counting the whole match.
  var groupCount = 0
  /// The pattern can only match at the start of the text (`^…`, `\A…`).
  var anchoredAtStart = false
  /// UTF-8 bytes every match starts with (case-sensitive), for skipping ahead with `memmem`.
  var literalPrefix: [UInt8] = []
  /// The whole pattern is ``literalPrefix``: matching is a substring search.
  var isLiteral = false
  /// The bytes a match can start with, when not every byte can: a search with no thread
  /// alive skips to the next such byte.
  var firstBytes: ByteSet?

  init(_ node: RegexNode, groupCount: Int) throws(RegexError) {
    self.groupCount = groupCount
    try emit(.save(0))
    try compile(node)
    try emit(.save(1))
    try emit(.match)
    analyse(node)
    firstBytes = startingBytes()
  }

  /// The lead bytes of the scalars the instructions reachable from the start without
  /// consuming anything accept; nil when a match can be empty or start with any byte.
  private func startingBytes() -> ByteSet? {
    var bytes = ByteSet()
    var seen = Array(repeating: false, count: instructions.count)
    var stack = [0]
    func addLeadBytes(of v: UInt32) {
      guard let scalar = Unicode.Scalar(v) else { return }
      var first = true
      UTF8.encode(scalar) { byte in
        if first { bytes.insert(byte) }
        first = false
      }
    }
    while let pc = stack.popLast() {
      guard !seen[pc] else { continue }
      seen[pc] = true
      switch instructions[pc] {
      case .scalar(let v): addLeadBytes(of: v)
      case .foldedScalar(let v):
        addLeadBytes(of: v)
        for variant in CaseFolding.variants(of: v) { addLeadBytes(of: variant) }
        // Other scalars folding to `v` are not variants of it: the Kelvin sign folds to k,
        // long s to s, dotless i to i.
        if v >= 0x80 || v == 0x69 || v == 0x6B || v == 0x73 { bytes.insertNonASCIILeads() }
      case .set(let k):
        for b in 0..<128 where sets[k].contains(UInt32(b)) { bytes.insert(UInt8(b)) }
        bytes.insertNonASCIILeads()
      case .any, .anyButLineTerminator, .match: return nil
      case .split(let a, let b): stack.append(contentsOf: [a, b])
      case .jump(let target): stack.append(target)
      case .loop(let head): stack.append(contentsOf: [head, pc + 1])
      case .save, .assert: stack.append(pc + 1)
      }
    }
    return bytes
  }

  @discardableResult
  private mutating func emit(_ instruction: Instruction) throws(RegexError) -> Int {
    guard instructions.count < Self.maxInstructions else {
      throw RegexError(
        .tooLarge("the pattern compiles to more than 20,000 instructions"),
        at: 0)
    }
    instructions.append(instruction)
    return instructions.count - 1
  }

  private mutating func compile(_ node: RegexNode) throws(RegexError) {
    switch node {
    case .empty: break
    case .scalar(let v, let caseless):
      if caseless && !CaseFolding.variants(of: v).isEmpty {
        try emit(.foldedScalar(CaseFolding.fold(v)))
      } else {
        try emit(.scalar(v))
      }
    case .set(let set, let caseless):
      sets.append(SetMatcher(set, caseless: caseless))
      try emit(.set(sets.count - 1))
    case .dot(let all): try emit(all ? .any : .anyButLineTerminator)
    case .assertion(let a): try emit(.assert(a))
    case .capture(let n, let body):
      try emit(.save(2 * n))
      try compile(body)
      try emit(.save(2 * n + 1))
    case .concatenation(let items):
      for item in items { try compile(item) }
    case .alternation(let branches):
      var exits: [Int] = []
      for (k, branch) in branches.enumerated() {
        if k == branches.count - 1 {
          try compile(branch)
        } else {
          let split = try emit(.split(0, 0))
          try compile(branch)
          exits.append(try emit(.jump(0)))
          instructions[split] = .split(split + 1, instructions.count)
        }
      }
      for exit in exits { instructions[exit] = .jump(instructions.count) }
    case .repetition(let body, let minimum, let maximum, let greedy):
      try compileRepetition(body, minimum, maximum, greedy)
    }
  }

  private mutating func compileRepetition(
    _ body: RegexNode, _ minimum: Int, _ maximum: Int?, _ greedy: Bool
  ) throws(RegexError) {
    func split(_ at: Int, _ preferred: Int, _ other: Int) {
      instructions[at] = greedy ? .split(preferred, other) : .split(other, preferred)
    }
    guard let maximum else {
      if minimum == 0 {
        // L: split body, end; body; loop L
        let head = try emit(.split(0, 0))
        try compile(body)
        try emit(.loop(head))
        split(head, head + 1, instructions.count)
      } else {
        // min - 1 copies, then L: body; split L, end. An empty last iteration finds L
        // visited and leaves by the split's other branch, as `loop` does for `*`.
        for _ in 1..<minimum { try compile(body) }
        let start = instructions.count
        try compile(body)
        let back = try emit(.split(0, 0))
        split(back, start, back + 1)
      }
      return
    }
    for _ in 0..<minimum { try compile(body) }
    // Each optional copy: split body, end (nested, so a later copy needs the earlier ones).
    var splits: [Int] = []
    for _ in minimum..<maximum {
      splits.append(try emit(.split(0, 0)))
      try compile(body)
    }
    for at in splits { split(at, at + 1, instructions.count) }
  }

  /// Finds the anchoring and the literal prefix from the top of the pattern.
  private mutating func analyse(_ node: RegexNode) {
    let items: [RegexNode]
    switch node {
    case .concatenation(let list): items = list
    default: items = [node]
    }
    if case .assertion(.startOfText) = items.first { anchoredAtStart = true }
    var prefix: [UInt32] = []
    for item in items {
      guard case .scalar(let v, caseless: false) = item else { break }
      prefix.append(v)
    }
    isLiteral = !prefix.isEmpty && prefix.count == items.count
    var bytes: [UInt8] = []
    for v in prefix {
      guard let scalar = Unicode.Scalar(v) else { break }
      UTF8.encode(scalar) { bytes.append($0) }
    }
    literalPrefix = bytes
  }
}

/// A set of bytes, as a 256-bit map.
struct ByteSet: Sendable {
  private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  mutating func insert(_ b: UInt8) {
    let bit = UInt64(1) << UInt64(b & 63)
    switch b >> 6 {
    case 0: words.0 |= bit
    case 1: words.1 |= bit
    case 2: words.2 |= bit
    default: words.3 |= bit
    }
  }

  /// Every byte that starts a multi-byte UTF-8 sequence.
  mutating func insertNonASCIILeads() {
    words.3 = ~0
  }

  @inline(__always) func contains(_ b: UInt8) -> Bool {
    let word: UInt64
    switch b >> 6 {
    case 0: word = words.0
    case 1: word = words.1
    case 2: word = words.2
    default: word = words.3
    }
    return word >> UInt64(b & 63) & 1 == 1
  }
}
