/// Resolves each profile's credentials once per session and remembers them, so a
/// `token_command` runs once however many requests follow.
///
/// Concurrent requests for the same profile share one resolution. Every resolved secret is
/// registered with the transport, so its logs and errors mask it.
///
/// ```swift
/// let cache = CredentialCache(resolver: store.resolver(), transport: transport)
/// let credentials = try await cache.credentials(for: profile)
/// credentials.apply(to: &request)
/// ```
public actor CredentialCache {
  private let resolver: SecretResolver
  private let transport: HTTPTransport?
  private var entries: [Profile: Task<Credentials, any Error>] = [:]

  /// Creates a cache resolving with `resolver` and registering secrets with `transport`.
  public init(resolver: SecretResolver, transport: HTTPTransport? = nil) {
    self.resolver = resolver
    self.transport = transport
  }

  /// The credentials of `profile`, resolved on first use. A failed resolution is not
  /// remembered: the next call tries again (after the user exported the variable, say).
  public func credentials(for profile: Profile) async throws -> Credentials {
    if let task = entries[profile] {
      return try await task.value
    }
    let resolver = resolver
    let transport = transport
    let task = Task {
      let credentials = try await profile.credentials(using: resolver)
      transport?.register(credentials)
      return credentials
    }
    entries[profile] = task
    do {
      return try await task.value
    } catch {
      entries[profile] = nil
      throw error
    }
  }

  /// Forgets every resolved credential (for example after `profile use` or a 401).
  public func removeAll() {
    entries.removeAll()
  }
}
