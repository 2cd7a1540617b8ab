/// How a `SandboxServer` is started: address, seed of the demo data, timings and faults.
///
/// ```swift
/// var options = SandboxOptions(seed: 7, taskDuration: .milliseconds(200))
/// options.faults.serverErrorRate = 0.1
/// let endpoints = try await SandboxServer(options: options).start()
/// ```
public struct SandboxOptions: Sendable {
  /// Interface to bind; loopback by default.
  public var host: String = "127.0.0.1"
  /// TCP port to bind; `0` picks an ephemeral port.
  public var port: Int = 0
  /// Seed of the deterministic demo data (same seed, same data).
  public var seed: UInt64 = 42
  /// How long an asynchronous Cloudron task takes from start to finish.
  public var taskDuration: Duration = .seconds(3)
  /// Faults active from the start (none by default).
  public var faults: FaultSettings = FaultSettings()
  /// Period of the Clever Cloud log stream `HEARTBEAT` events (the real server uses 2 s).
  public var heartbeatInterval: Duration = .seconds(2)
  /// Delay between two live log events when a Clever Cloud log stream follows; `.zero`
  /// emits as fast as the connection accepts (the rate knob for benchmarks).
  public var liveLogInterval: Duration = .seconds(1)

  /// Creates options; every parameter has the documented default.
  public init(
    host: String = "127.0.0.1",
    port: Int = 0,
    seed: UInt64 = 42,
    taskDuration: Duration = .seconds(3),
    faults: FaultSettings = FaultSettings(),
    heartbeatInterval: Duration = .seconds(2),
    liveLogInterval: Duration = .seconds(1)
  ) {
    self.host = host
    self.port = port
    self.seed = seed
    self.taskDuration = taskDuration
    self.faults = faults
    self.heartbeatInterval = heartbeatInterval
    self.liveLogInterval = liveLogInterval
  }
}

/// Faults the sandbox injects into API responses (never into `/__sandbox` admin routes).
///
/// Random choices use a generator seeded from the server seed, so a run is reproducible.
public struct FaultSettings: Sendable, Equatable {
  /// Close every SSE connection (without an end marker) after this many data events.
  public var dropStreamAfterEvents: Int? = nil
  /// Probability in 0...1 that an SSE connection is dropped after each data event.
  public var dropStreamProbability: Double = 0
  /// After this many data events an SSE connection goes silent (no events, no heartbeat)
  /// but stays open, as a stalled proxy would.
  public var stallStreamAfterEvents: Int? = nil
  /// Clever log events are sent without `id:` lines (a server whose events cannot be resumed).
  public var omitEventIDs: Bool = false
  /// Fraction in 0...1 of API requests answered with `serverErrorStatus`.
  public var serverErrorRate: Double = 0
  /// Status used by `serverErrorRate` (500 by default).
  public var serverErrorStatus: Int = 500
  /// The next N API requests are answered 429 with a `Retry-After` header.
  public var rateLimitNextRequests: Int = 0
  /// Value of the `Retry-After` header, in seconds.
  public var retryAfterSeconds: Int = 1
  /// Delay added before every API response.
  public var responseDelay: Duration = .zero
  /// Fraction in 0...1 of non-streaming API responses whose body is cut in half while the
  /// `Content-Length` header announces the full size; the connection is then closed.
  public var truncateBodyRate: Double = 0

  /// Creates fault settings; the defaults inject nothing.
  public init(
    dropStreamAfterEvents: Int? = nil,
    dropStreamProbability: Double = 0,
    serverErrorRate: Double = 0,
    serverErrorStatus: Int = 500,
    rateLimitNextRequests: Int = 0,
    retryAfterSeconds: Int = 1,
    responseDelay: Duration = .zero,
    truncateBodyRate: Double = 0,
    stallStreamAfterEvents: Int? = nil
  ) {
    self.stallStreamAfterEvents = stallStreamAfterEvents
    self.dropStreamAfterEvents = dropStreamAfterEvents
    self.dropStreamProbability = dropStreamProbability
    self.serverErrorRate = serverErrorRate
    self.serverErrorStatus = serverErrorStatus
    self.rateLimitNextRequests = rateLimitNextRequests
    self.retryAfterSeconds = retryAfterSeconds
    self.responseDelay = responseDelay
    self.truncateBodyRate = truncateBodyRate
  }

  /// True when no fault is configured.
  public var isEmpty: Bool { self == FaultSettings() }
}

/// OAuth 1.0 PLAINTEXT credentials accepted by the sandbox's Clever Cloud API.
public struct CleverOAuthCredentials: Sendable, Equatable {
  /// The OAuth consumer key (`oauth_consumer_key`).
  public let consumerKey: String
  /// The OAuth consumer secret (first half of the PLAINTEXT signature).
  public let consumerSecret: String
  /// The user's OAuth token (`oauth_token`).
  public let token: String
  /// The user's OAuth token secret (second half of the PLAINTEXT signature).
  public let secret: String

  /// Creates a credential set.
  public init(consumerKey: String, consumerSecret: String, token: String, secret: String) {
    self.consumerKey = consumerKey
    self.consumerSecret = consumerSecret
    self.token = token
    self.secret = secret
  }
}

/// Where a started sandbox listens and the demo credentials it accepts.
public struct SandboxEndpoints: Sendable {
  /// Clever Cloud base URL, e.g. `http://127.0.0.1:PORT` (paths `/v2/…`, `/v4/…` below it).
  public let cleverBaseURL: String
  /// Cloudron base URL, e.g. `http://127.0.0.1:PORT/api/v1`.
  public let cloudronBaseURL: String
  /// Admin base URL, e.g. `http://127.0.0.1:PORT/__sandbox`.
  public let adminURL: String
  /// Cloudron read-write token of the owner.
  public let cloudronToken: String
  /// Cloudron readonly token of the owner (GET only).
  public let cloudronReadonlyToken: String
  /// Cloudron read-write token of a member whose role is `user`: admin routes answer 403.
  public let cloudronMemberToken: String
  /// Clever Cloud API token, sent as `Authorization: Bearer …`.
  public let cleverAPIToken: String
  /// Clever Cloud OAuth1 PLAINTEXT credentials.
  public let cleverOAuth: CleverOAuthCredentials
  /// The TCP port the server is bound to.
  public let port: Int
}

/// The fixed demo credentials (fake, printed on purpose by `ccs sandbox serve`).
enum DemoCredentials {
  static let cloudronToken = "cloudron-demo-owner-token-rw"
  static let cloudronReadonlyToken = "cloudron-demo-owner-token-ro"
  static let cloudronMemberToken = "cloudron-demo-member-token-rw"
  static let cleverAPIToken = "clever-demo-api-token"
  static let cleverOAuth = CleverOAuthCredentials(
    consumerKey: "sandbox-consumer-key",
    consumerSecret: "sandbox-consumer-secret",
    token: "sandbox-oauth-token",
    secret: "sandbox-oauth-secret"
  )
}
