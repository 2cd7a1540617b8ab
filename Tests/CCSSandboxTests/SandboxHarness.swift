import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

@testable import CCSSandbox

/// A response read completely.
struct HTTPResult: Sendable {
  var status: Int
  var headers: HTTPHeaders
  var body: Data

  var text: String { String(decoding: body, as: UTF8.self) }
  var json: JSONValue? { JSONValue(parsing: body) }

  func header(_ name: String) -> String? { headers.first(name: name) }
}

/// A started sandbox on an ephemeral loopback port plus request helpers.
struct SandboxHarness: Sendable {
  let server: SandboxServer
  let endpoints: SandboxEndpoints

  static func start(
    seed: UInt64 = 42, taskDuration: Duration = .milliseconds(400),
    faults: FaultSettings = FaultSettings(), heartbeat: Duration = .seconds(2),
    liveLogInterval: Duration = .seconds(1)
  ) async throws -> SandboxHarness {
    let server = SandboxServer(
      options: SandboxOptions(
        seed: seed, taskDuration: taskDuration, faults: faults, heartbeatInterval: heartbeat,
        liveLogInterval: liveLogInterval))
    return SandboxHarness(server: server, endpoints: try await server.start())
  }

  func stop() async { await server.stop() }

  var base: String { endpoints.cleverBaseURL }
  /// The bound loopback port, from the base URL.
  var port: Int { base.split(separator: ":").last.flatMap { Int($0) } ?? 0 }
  var cloudronAuth: [(String, String)] { [("Authorization", "Bearer \(endpoints.cloudronToken)")] }
  var cleverAuth: [(String, String)] { [("Authorization", "Bearer \(endpoints.cleverAPIToken)")] }

  /// Sends a request to `path` (below the server root) and reads the whole body.
  func send(
    _ method: String, _ path: String, headers: [(String, String)] = [], body: Data? = nil
  ) async throws -> HTTPResult {
    var request = HTTPClientRequest(url: base + path)
    request.method = HTTPMethod(rawValue: method)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
    return HTTPResult(
      status: Int(response.status.code), headers: response.headers,
      body: Data(bytes.readableBytesView))
  }

  func cloudron(
    _ method: String, _ path: String, json: JSONValue? = nil, headers: [(String, String)] = []
  ) async throws -> HTTPResult {
    var all = cloudronAuth + headers
    if json != nil { all.append(("Content-Type", "application/json")) }
    return try await send(method, "/api/v1" + path, headers: all, body: json?.data)
  }

  func clever(_ method: String, _ path: String, json: JSONValue? = nil) async throws -> HTTPResult {
    var all = cleverAuth
    if json != nil { all.append(("Content-Type", "application/json")) }
    return try await send(method, path, headers: all, body: json?.data)
  }

  /// Opens a streaming request and reads chunks until `until` holds or the body ends.
  /// Returns the bytes read and whether the body ended by itself (`ended`) or with an error.
  func stream(
    _ path: String, headers: [(String, String)], until: @Sendable (Data) -> Bool = { _ in false }
  ) async throws -> (status: Int, headers: HTTPHeaders, body: Data, outcome: StreamOutcome) {
    var request = HTTPClientRequest(url: base + path)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    var collected = Data()
    do {
      for try await chunk in response.body {
        collected.append(contentsOf: chunk.readableBytesView)
        if until(collected) {
          return (Int(response.status.code), response.headers, collected, .stoppedByReader)
        }
      }
    } catch {
      return (Int(response.status.code), response.headers, collected, .failed)
    }
    return (Int(response.status.code), response.headers, collected, .ended)
  }

  // MARK: - Seeded ids

  struct CleverIDs: Sendable {
    var userId: String
    var orgId: String
    var appId: String
    var deploymentId: String
    var invoiceId: String
    var drainId: String
    var otoroshiId: String
    var keycloakId: String
    var pulsarId: String
  }

  func cleverIDs() async throws -> CleverIDs {
    let user = try #require(try await clever("GET", "/v2/self").json?.stringMember("id"))
    guard case .array(let orgs)? = try await clever("GET", "/v2/organisations").json,
      let orgId = orgs.first?.stringMember("id")
    else { throw HarnessError.missing("organisations") }
    guard
      case .array(let apps)? = try await clever("GET", "/v2/organisations/\(orgId)/applications")
        .json,
      let appId = apps.first?.stringMember("id")
    else { throw HarnessError.missing("applications") }
    let app = "/v4/orchestration/organisations/\(orgId)/applications/\(appId)"
    guard case .array(let deployments)? = try await clever("GET", app + "/deployments").json,
      let deploymentId = deployments.first?.stringMember("id")
    else { throw HarnessError.missing("deployments") }
    guard
      case .array(let invoices)? = try await clever(
        "GET", "/v4/billing/organisations/\(orgId)/invoices"
      ).json,
      let invoiceId = invoices.first?.stringMember("invoice_number")
    else { throw HarnessError.missing("invoices") }
    guard
      case .array(let drains)? = try await clever(
        "GET", "/v4/drains/organisations/\(orgId)/resources/\(appId)/drains"
      ).json,
      let drainId = drains.first?.stringMember("id")
    else { throw HarnessError.missing("drains") }
    guard
      case .array(let addons)? = try await clever("GET", "/v2/organisations/\(orgId)/addons").json
    else { throw HarnessError.missing("addons") }
    func realId(_ provider: String) throws -> String {
      guard let addon = addons.first(where: { $0["provider"]?.stringMember("id") == provider }),
        let id = addon.stringMember("realId")
      else { throw HarnessError.missing(provider) }
      return id
    }
    return CleverIDs(
      userId: user, orgId: orgId, appId: appId, deploymentId: deploymentId, invoiceId: invoiceId,
      drainId: drainId, otoroshiId: try realId("addon-otoroshi"),
      keycloakId: try realId("addon-keycloak"), pulsarId: try realId("addon-pulsar"))
  }

  struct CloudronIDs: Sendable {
    var userId: String
    var tokenId: String
    var passwordId: String
    var eventId: String
    var notificationId: String
    var taskId: String
  }

  func cloudronIDs() async throws -> CloudronIDs {
    let user = try #require(try await cloudron("GET", "/profile").json?.stringMember("id"))
    func first(
      _ path: String, _ key: String, where predicate: (JSONValue) -> Bool = { _ in true }
    )
      async throws -> String
    {
      guard case .array(let items)? = try await cloudron("GET", path).json?[key],
        let id = items.first(where: predicate)?.stringMember("id")
      else { throw HarnessError.missing(path) }
      return id
    }
    return CloudronIDs(
      userId: user,
      tokenId: try await first("/tokens", "tokens") {
        $0.stringMember("accessToken") != endpoints.cloudronToken
          && $0.stringMember("accessToken") != endpoints.cloudronReadonlyToken
      },
      passwordId: try await first("/app_passwords", "appPasswords"),
      eventId: try await first("/eventlog", "eventlogs"),
      notificationId: try await first("/notifications", "notifications"),
      taskId: try await first("/tasks", "tasks"))
  }
}

enum StreamOutcome: Sendable, Equatable {
  case ended
  case failed
  case stoppedByReader
}

enum HarnessError: Error {
  case missing(String)
}

/// The thread every sandbox test's body runs on (``withSandbox``).
///
/// Swift Testing runs the whole suite's tests as tasks on the cooperative pool, one thread per
/// core, and many tests are CPU-bound for seconds (parsers, evaluation, fuzz regressions). A
/// test that watches time pass in the sandbox (a three-second task still active when read back,
/// a heartbeat, a live stream's pace) resumed after each response only when the pool had a free
/// thread: seconds late on a two-core machine. On a thread of their own, the sandbox tests
/// observe the sandbox's timing, not the rest of the run's load.
private let harnessExecutor = EventLoopTaskExecutor(
  MultiThreadedEventLoopGroup(numberOfThreads: 1).next())

/// Runs `body` against a fresh sandbox and stops it afterwards, on ``harnessExecutor``.
func withSandbox<Result: Sendable>(
  seed: UInt64 = 42, taskDuration: Duration = .milliseconds(400),
  faults: FaultSettings = FaultSettings(), heartbeat: Duration = .seconds(2),
  liveLogInterval: Duration = .seconds(1),
  _ body: (SandboxHarness) async throws -> Result
) async throws -> Result {
  try await withTaskExecutorPreference(harnessExecutor) {
    try await runSandbox(
      seed: seed, taskDuration: taskDuration, faults: faults, heartbeat: heartbeat,
      liveLogInterval: liveLogInterval, body)
  }
}

private func runSandbox<Result: Sendable>(
  seed: UInt64, taskDuration: Duration, faults: FaultSettings, heartbeat: Duration,
  liveLogInterval: Duration, _ body: (SandboxHarness) async throws -> Result
) async throws -> Result {
  let harness = try await SandboxHarness.start(
    seed: seed, taskDuration: taskDuration, faults: faults, heartbeat: heartbeat,
    liveLogInterval: liveLogInterval)
  do {
    let result = try await body(harness)
    await harness.stop()
    return result
  } catch {
    await harness.stop()
    throw error
  }
}

/// A multipart/form-data body with one file field.
func multipartBody(
  field: String, fileName: String, bytes: Data
) -> (
  contentType: String, body: Data
) {
  let boundary = "----ccs-sandbox-test-boundary"
  var body = Data()
  body.append(Data("--\(boundary)\r\n".utf8))
  body.append(
    Data("Content-Disposition: form-data; name=\"\(field)\"; filename=\"\(fileName)\"\r\n".utf8))
  body.append(Data("Content-Type: image/png\r\n\r\n".utf8))
  body.append(bytes)
  body.append(Data("\r\n--\(boundary)--\r\n".utf8))
  return ("multipart/form-data; boundary=\(boundary)", body)
}
