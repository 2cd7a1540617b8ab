import Synchronization

/// The demo data of the last seed built, kept for the next store or reset of the same seed:
/// building it formats thousands of ids and dates, and a sandbox resets (the tests, the fuzz
/// target with a fresh world per input) far more often than it changes seed. Both worlds are
/// values, so every store gets its own copy.
enum SeededWorlds {
  private struct Built: Sendable {
    var seed: UInt64
    var clever: CleverWorld
    var cloudron: CloudronWorld
  }

  private static let last = Mutex<Built?>(nil)

  static func worlds(seed: UInt64) -> (clever: CleverWorld, cloudron: CloudronWorld) {
    if let built = last.withLock({ $0 }), built.seed == seed {
      return (built.clever, built.cloudron)
    }
    let built = Built(
      seed: seed, clever: CleverWorld.seeded(seed: seed),
      cloudron: CloudronWorld.seeded(seed: seed))
    last.withLock { $0 = built }
    return (built.clever, built.cloudron)
  }
}
