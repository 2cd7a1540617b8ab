import CCSText
import NIOCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Records each request, applies faults and dispatches to the admin, Clever Cloud or
/// Cloudron API.
struct SandboxResponder: Sendable {
  let store: SandboxStore
  let clever: CleverAPI
  let cloudron: CloudronAPI
  let admin: AdminAPI

  /// Largest request body read (uploads included).
  static let maxBodySize = 16 * 1024 * 1024

  init(store: SandboxStore) {
    self.store = store
    clever = CleverAPI(store: store)
    cloudron = CloudronAPI(store: store)
    admin = AdminAPI(store: store)
  }

  func dispatch(_ request: SandboxRequest) async -> SandboxResponse {
    let path = request.path
    if path == AdminAPI.prefix || path.hasPrefix(AdminAPI.prefix + "/") {
      return admin.respond(to: request)
    }
    let isClever = path.hasPrefix("/v2/") || path.hasPrefix("/v4/")
    let isCloudron = path.hasPrefix(CloudronAPI.prefix + "/")
    guard isClever || isCloudron else {
      return .json(["error": "not a sandbox API path"], status: 404)
    }
    let sequence = store.record(request)
    var response = await faultResponse(for: request)
    if response == nil {
      response = isClever ? await clever.respond(to: request) : await cloudron.respond(to: request)
    }
    guard var response else { return APIError.forPath(path, 500, "no response") }
    if isClever { response = response.adding("Sozu-Id", Self.sozuID(sequence)) }
    if !response.isStream, shouldTruncate() {
      response = Self.truncated(response)
    }
    return response
  }

  /// The fault answer for this request, if a fault applies (after any configured delay).
  private func faultResponse(for request: SandboxRequest) async -> SandboxResponse? {
    enum Decision {
      case none
      case rateLimited(Int)
      case serverError(Int)
    }
    let (delay, decision): (Duration, Decision) = store.with { state in
      let faults = state.faults
      if state.faults.rateLimitNextRequests > 0 {
        state.faults.rateLimitNextRequests -= 1
        return (faults.responseDelay, .rateLimited(faults.retryAfterSeconds))
      }
      if faults.serverErrorRate > 0, state.faultRandom.unit() < faults.serverErrorRate {
        return (faults.responseDelay, .serverError(faults.serverErrorStatus))
      }
      return (faults.responseDelay, .none)
    }
    if delay > .zero { try? await Task.sleep(for: delay) }
    switch decision {
    case .none: return nil
    case .rateLimited(let seconds):
      return APIError.forPath(request.path, 429, "Too many requests, retry later")
        .adding("Retry-After", String(seconds))
    case .serverError(let status):
      return APIError.forPath(request.path, status, "Sandbox injected server error")
    }
  }

  private func shouldTruncate() -> Bool {
    store.with { state in
      let rate = state.faults.truncateBodyRate
      return rate > 0 && state.faultRandom.unit() < rate
    }
  }

  /// Announces the full length but sends only the first half, then drops the connection.
  private static func truncated(_ response: SandboxResponse) -> SandboxResponse {
    guard case .bytes(let data) = response.body, data.count > 1 else { return response }
    var copy = response
    copy.headers.append(("Content-Length", String(data.count)))
    let half = data.prefix(data.count / 2)
    copy.body = .stream { writer in
      try await writer.write(ByteBuffer(bytes: half))
      throw await ConnectionDropped.afterFlush()
    }
    return copy
  }

  /// A deterministic, UUID-shaped request id for the `Sozu-Id` header.
  static func sozuID(_ sequence: Int) -> String {
    let hex = String(sequence, radix: 16)
    return "5020c0de-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
  }
}
