/// The ids of the last delivered events, to drop events a server replays after a reconnection.
///
/// Holds at most `capacity` ids (a ring plus a set); the oldest is forgotten first, so memory
/// stays constant however long the stream runs.
struct SeenEventIDs {
  private var ring: [String?]
  private var next = 0
  private var members: Set<String> = []

  init(capacity: Int) {
    ring = Array(repeating: nil, count: max(1, capacity))
  }

  /// Whether `id` is among the remembered ids.
  func contains(_ id: String) -> Bool {
    members.contains(id)
  }

  /// Remembers `id`, forgetting the oldest when full.
  mutating func insert(_ id: String) {
    guard !members.contains(id) else { return }
    if let old = ring[next] { members.remove(old) }
    ring[next] = id
    members.insert(id)
    next = next + 1 == ring.count ? 0 : next + 1
  }

  /// How many ids are remembered.
  var count: Int { members.count }
}
