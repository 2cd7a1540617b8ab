/// The matcher: a Pike VM. Every thread of the program advances together, one scalar at a
/// time, and two threads at the same instruction are one, so a search costs O(text ×
/// pattern) whatever the pattern: `(x+x+)+y` is as cheap as `xy`. There is no backtracking,
/// hence no backreferences or lookaround. Threads are kept in priority order, which gives
/// the leftmost-first matches (and captures) of Perl-style engines.
struct PikeVM {
  private let program: RegexProgram
  /// Capture slots tracked per thread (two per group, the whole match first); 0 when only
  /// whether there is a match counts.
  private let slots: Int
  private var current: ThreadList
  private var next: ThreadList
  private var stack: [Frame] = []
  private var scratch: [Int]
  private var steps = 0
  /// The slots of the last match ``search(_:from:earliest:)`` found.
  private(set) var captures: [Int] = []

  init(_ program: RegexProgram, slots: Int) {
    self.program = program
    self.slots = slots
    current = ThreadList(size: program.instructions.count)
    next = ThreadList(size: program.instructions.count)
    scratch = Array(repeating: -1, count: slots)
  }

  private enum Frame {
    case explore(Int)
    case restore(slot: Int, value: Int)
  }

  /// Searches `text` from byte offset `start` (a scalar boundary). With `earliest`, stops at
  /// the first position any match ends and leaves ``captures`` empty; otherwise finds the
  /// leftmost-first match and fills ``captures``. Throws `CancellationError` when the task is
  /// cancelled, checked every 4,096 scalars.
  mutating func search(
    _ text: UnsafeBufferPointer<UInt8>, from start: Int, earliest: Bool
  ) throws -> Bool {
    let n = text.count
    var pos = start
    var found = false
    current.clear()
    while true {
      if !found {
        if current.pcs.isEmpty {
          if program.anchoredAtStart && pos > 0 { break }
          if !program.literalPrefix.isEmpty {
            guard let at = ByteSearch.find(program.literalPrefix, in: text, from: pos) else {
              break
            }
            pos = at
          } else if let first = program.firstBytes {
            while pos < n && !first.contains(text[pos]) { pos += 1 }
            if pos == n { break }
          }
        }
        for k in 0..<slots { scratch[k] = -1 }
        current.add(
          0, at: pos, text, program, slots: slots, stack: &stack, scratch: &scratch)
      }
      var c: UInt32 = .max
      var width = 0
      if pos < n { (c, width) = UTF8Text.decode(text, at: pos) }
      if current.pcs.isEmpty {
        // No thread survived here: try the next position, unless a match is settled.
        if found || pos >= n { break }
        pos += width
        current.clear()
        try checkCancellation()
        continue
      }
      next.clear()
      threads: for t in 0..<current.pcs.count {
        let pc = current.pcs[t]
        let consumed: Bool
        switch program.instructions[pc] {
        case .match:
          found = true
          if earliest { return true }
          captures = Array(current.captures[t * slots..<(t + 1) * slots])
          break threads  // the threads after this one have lower priority
        case .scalar(let v): consumed = c == v
        case .foldedScalar(let v): consumed = width > 0 && CaseFolding.fold(c) == v
        case .set(let k): consumed = width > 0 && program.sets[k].contains(c)
        case .any: consumed = width > 0
        case .anyButLineTerminator: consumed = width > 0 && !UTF8Text.isLineTerminator(c)
        default: consumed = false  // lists hold only consuming instructions and `match`
        }
        if consumed {
          for k in 0..<slots { scratch[k] = current.captures[t * slots + k] }
          next.add(
            pc + 1, at: pos + width, text, program, slots: slots, stack: &stack,
            scratch: &scratch)
        }
      }
      if pos >= n { break }
      pos += width
      swap(&current, &next)
      try checkCancellation()
    }
    return found
  }

  private mutating func checkCancellation() throws {
    steps &+= 1
    if steps & 0xFFF == 0 && Task.isCancelled { throw CancellationError() }
  }

  /// The threads at one position, in priority order, with their capture slots.
  private struct ThreadList {
    var pcs: [Int] = []
    var captures: [Int] = []
    /// Instructions visited at this position: `marks[pc] == generation`.
    private var marks: [UInt32]
    private var generation: UInt32 = 1

    init(size: Int) {
      marks = Array(repeating: 0, count: size)
    }

    mutating func clear() {
      pcs.removeAll(keepingCapacity: true)
      captures.removeAll(keepingCapacity: true)
      generation &+= 1
      if generation == 0 {
        for k in marks.indices { marks[k] = 0 }
        generation = 1
      }
    }

    /// Follows the empty transitions from `start` at byte offset `pos` and adds the threads
    /// that reach an instruction consuming a scalar (or `match`), in priority order. `scratch`
    /// holds the thread's slots and is restored before returning.
    mutating func add(
      _ start: Int, at pos: Int, _ text: UnsafeBufferPointer<UInt8>, _ program: RegexProgram,
      slots: Int, stack: inout [Frame], scratch: inout [Int]
    ) {
      stack.append(.explore(start))
      while let frame = stack.popLast() {
        switch frame {
        case .restore(let slot, let value):
          scratch[slot] = value
        case .explore(let pc):
          guard marks[pc] != generation else { continue }
          marks[pc] = generation
          switch program.instructions[pc] {
          case .jump(let target):
            stack.append(.explore(target))
          case .loop(let head):
            stack.append(.explore(marks[head] == generation ? pc + 1 : head))
          case .split(let preferred, let other):
            stack.append(.explore(other))
            stack.append(.explore(preferred))
          case .save(let slot):
            if slot < slots {
              stack.append(.restore(slot: slot, value: scratch[slot]))
              scratch[slot] = pos
            }
            stack.append(.explore(pc + 1))
          case .assert(let assertion):
            if UTF8Text.holds(assertion, at: pos, text) { stack.append(.explore(pc + 1)) }
          default:
            pcs.append(pc)
            if slots > 0 { captures.append(contentsOf: scratch) }
          }
        }
      }
    }
  }
}
