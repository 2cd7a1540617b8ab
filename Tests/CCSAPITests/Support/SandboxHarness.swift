import CCS
import CCSRuntime
import CCSSandbox
import Foundation

@testable import CCSAPI

/// One sandbox for the whole test process (stopping a server while a pooled client connection
/// is open crashes NIO), plus an engine wired to it like `ccs --sandbox`.
actor SharedSandbox {
  static let shared = SharedSandbox()
  private var started: (SandboxServer, SandboxEndpoints)?

  func endpoints() async throws -> SandboxEndpoints {
    if let started { return started.1 }
    let server = SandboxServer(options: SandboxOptions(taskDuration: .milliseconds(300)))
    let e = try await server.start()
    started = (server, e)
    return e
  }
}

/// Serializes the end-to-end tests: they share the sandbox's request log and faults.
actor SandboxLock {
  static let shared = SandboxLock()
  private var busy = false
  private var waiters: [CheckedContinuation<Void, Never>] = []
  func acquire() async {
    if !busy { busy = true; return }
    await withCheckedContinuation { waiters.append($0) }
  }
  func release() {
    if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
  }
}

/// A request as the sandbox recorded it.
struct SandboxRecord: Sendable {
  var method: String
  var path: String
  var query: String
  var headers: [String: String]

  func queryValue(_ name: String) -> String? {
    URLComponents(string: "http://x/?\(query)")?.queryItems?.first { $0.name == name }?.value
  }
}

final class SandboxHarness: @unchecked Sendable {
  let endpoints: SandboxEndpoints
  let engine: Engine
  let api: APIContext
  private let admin = HTTPTransport(configuration: .init(version: "test"))

  /// Runs `body` with exclusive use of the shared sandbox, its log and faults cleared.
  static func with<T>(
    cloudronAuth: Profile.AuthScheme = .bearer, readonly: Bool = false, verbose: Bool = false,
    _ body: (SandboxHarness) async throws -> T
  ) async throws -> T {
    let e = try await SharedSandbox.shared.endpoints()
    await SandboxLock.shared.acquire()
    do {
      let h = try await make(e, cloudronAuth: cloudronAuth, readonly: readonly, verbose: verbose)
      try await h.adminSend(.delete, "faults")
      try await h.adminSend(.delete, "requests")
      let result = try await body(h)
      try? await h.adminSend(.delete, "faults")
      await SandboxLock.shared.release()
      return result
    } catch {
      await SandboxLock.shared.release()
      throw error
    }
  }

  private static func make(
    _ e: SandboxEndpoints, cloudronAuth: Profile.AuthScheme, readonly: Bool, verbose: Bool
  ) async throws -> SandboxHarness {
    let out = BufferSink()
    let err = BufferSink()
    let env = ["HOME": "/nonexistent-ccs-test-home", "PATH": "/usr/bin:/bin"]
    let context = RuntimeContext(stdout: out, stderr: err, environment: env)
    let log = Locked<[String]>([])
    var sink: (@Sendable (String) -> Void)? = nil
    if verbose {
      sink = { @Sendable (line: String) -> Void in log.withLock { $0.append(line) } }
    }
    let api = APIContext(environment: env, version: "test", verboseLog: sink)
    context.extensions[APIContext.key] = api
    let engine = try await Engine(context: context)
    api.overrides["cloudron"] = Profile(
      name: "sandbox-cloudron", api: "cloudron", baseURL: URL(string: e.cloudronBaseURL),
      auth: cloudronAuth, token: .literal(e.cloudronToken), readonly: readonly)
    api.overrides["clever"] = Profile(
      name: "sandbox-clever", api: "clever", baseURL: URL(string: e.cleverBaseURL),
      auth: .bearer, token: .literal(e.cleverAPIToken), readonly: readonly)
    let h = SandboxHarness(
      endpoints: e, engine: engine, api: api, stdout: out, stderr: err, log: log)
    return h
  }

  private init(
    endpoints: SandboxEndpoints, engine: Engine, api: APIContext, stdout: BufferSink,
    stderr: BufferSink, log: Locked<[String]>
  ) {
    self.endpoints = endpoints
    self.engine = engine
    self.api = api
    self.stdoutSink = stdout
    self.stderrSink = stderr
    self.logBox = log
  }

  let stdoutSink: BufferSink
  let stderrSink: BufferSink
  let logBox: Locked<[String]>

  var verboseLines: [String] { logBox.withLock { $0 } }

  /// Uses OAuth1 PLAINTEXT with the sandbox's credentials for `clever`.
  func useCleverOAuth() {
    let o = endpoints.cleverOAuth
    api.overrides["clever"] = Profile(
      name: "sandbox-clever-oauth", api: "clever", baseURL: URL(string: endpoints.cleverBaseURL),
      auth: .oauth1, token: .literal(o.token), tokenSecret: .literal(o.secret),
      consumerKey: .literal(o.consumerKey), consumerSecret: .literal(o.consumerSecret))
  }

  @discardableResult
  func eval(_ source: String) async throws -> Value {
    try await engine.evaluate(source)
  }

  @discardableResult
  func adminSend(
    _ method: APIRequest.Method, _ route: String, json: String? = nil
  ) async throws -> APIResponse {
    var request = APIRequest(method: method, url: URL(string: endpoints.adminURL + "/" + route)!)
    if let json {
      request.body = Array(json.utf8)
      request.headers = ["Content-Type": "application/json"]
    }
    return try await admin.send(request)
  }

  func setFaults(_ json: String) async throws { try await adminSend(.post, "faults", json: json) }

  /// The API requests the sandbox received, oldest first.
  func requests() async throws -> [SandboxRecord] {
    let response = try await adminSend(.get, "requests")
    let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
    let list = object?["requests"] as? [[String: Any]] ?? []
    return list.map { r in
      var headers: [String: String] = [:]
      if let h = r["headers"] as? [String: Any] {
        for (k, v) in h {
          headers[k.lowercased()] =
            (v as? String) ?? (v as? [String])?.joined(separator: ", ") ?? "\(v)"
        }
      } else if let h = r["headers"] as? [[Any]] {
        for pair in h where pair.count == 2 { headers["\(pair[0])".lowercased()] = "\(pair[1])" }
      }
      return SandboxRecord(
        method: r["method"] as? String ?? "", path: r["path"] as? String ?? "",
        query: r["query"] as? String ?? "", headers: headers)
    }
  }
}
