import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The fake Cloudron REST API v1 under `/api/v1`: auth, pagination and every route.
struct CloudronAPI: Sendable {
  let store: SandboxStore
  static let prefix = "/api/v1"

  /// Routes that need no token (seed + S4).
  static let publicRoutes: Set<String> = [
    "/cloudron/status", "/cloudron/avatar", "/cloudron/languages", "/profile/avatar/{userId}",
  ]

  /// Built once: every request used to build (and parse the templates of) all the routes.
  private(set) var routes = RouteTable(routes: [])

  init(store: SandboxStore) {
    self.store = store
    routes = RouteTable(routes: settingsRoutes + accountRoutes + taskRoutes + listRoutes)
  }

  /// Answers a request whose path starts with `/api/v1`.
  func respond(to request: SandboxRequest) async -> SandboxResponse {
    let subpath = String(request.path.dropFirst(Self.prefix.count))
    guard let (route, captures) = routes.resolve(method: request.method, path: subpath) else {
      return APIError.cloudron(404, "Not found")
    }
    var request = request
    if !Self.publicRoutes.contains(route.pattern.template) {
      switch authorize(request, requiredRole: Self.requiredRole(route)) {
      case .failure(let refusal): return refusal.response
      case .success(let userId): request.callerId = userId
      }
    }
    return await route.handler(request, captures)
  }

  // MARK: - Auth

  /// The id of the user whose valid token the request carries, when that token and the
  /// user's role allow the request; else the refusal (401 for the token, 403 for its limits).
  func authorize(
    _ request: SandboxRequest, requiredRole: CloudronWorld.Role
  )
    -> Result<String, Refusal>
  {
    var token: String?
    if let header = request.header("Authorization") {
      let parts = header.split(separator: " ", maxSplits: 1)
      if parts.count == 2, parts[0].lowercased() == "bearer" { token = String(parts[1]) }
    }
    if token == nil { token = request.queryValue("access_token") }
    guard let token, !token.isEmpty else {
      return .failure(Refusal(APIError.cloudron(401, "Token required")))
    }
    let now = Date()
    let found: (CloudronWorld.Token, CloudronWorld.Role)? = store.with { state in
      guard let index = state.cloudron.tokens.firstIndex(where: { $0.accessToken == token }),
        let user = state.cloudron.users[state.cloudron.tokens[index].userId]
      else { return nil }
      state.cloudron.tokens[index].lastUsedAt = now
      return (state.cloudron.tokens[index], user.role)
    }
    guard let (found, role) = found else {
      return .failure(Refusal(APIError.cloudron(401, "Invalid token")))
    }
    if Double(found.expires) / 1000 < now.timeIntervalSince1970 {
      return .failure(Refusal(APIError.cloudron(401, "Token expired")))
    }
    if found.readonly, request.method != "GET", request.method != "HEAD" {
      return .failure(Refusal(APIError.cloudron(403, "Token is readonly")))
    }
    if role < requiredRole {
      let message =
        "role '\(requiredRole.rawValue)' is required but user has only '\(role.rawValue)'"
      return .failure(Refusal(APIError.cloudron(403, message)))
    }
    return .success(found.userId)
  }

  /// Routes any signed-in user may call: their own profile, tokens and app passwords, and
  /// reading the language the dashboard is shown in.
  static let userRoutes: Set<String> = [
    "/profile", "/profile/background_image", "/profile/password",
    "/profile/twofactorauthentication_secret", "/profile/twofactorauthentication_enable",
    "/profile/twofactorauthentication_disable", "/tokens", "/tokens/{tokenId}",
    "/app_passwords", "/app_passwords/{passwordId}",
  ]

  /// The weakest role allowed to call `route`, as the real server's access control decides:
  /// account routes for every user, changing the branding for the owner, the rest for admins.
  static func requiredRole(_ route: Route) -> CloudronWorld.Role {
    let template = route.pattern.template
    if userRoutes.contains(template) { return .user }
    if template == "/cloudron/language", route.method == "GET" { return .user }
    if template.hasPrefix("/branding/"), route.method == "POST" { return .owner }
    return .admin
  }

  // MARK: - Helpers

  /// Parses `page`/`per_page` like the real server (parseInt, ≥ 1), or the 400 response.
  static func pagination(_ request: SandboxRequest) -> Result<(page: Int, perPage: Int), Refusal> {
    func parse(_ name: String, default value: Int) -> Int? {
      guard let text = request.queryValue(name) else { return value }
      let digits = text.trimmingBlanks()
      let prefix = digits.prefix { $0.isNumber || $0 == "-" || $0 == "+" }
      guard let number = Int(prefix), number >= 1 else { return nil }
      return number
    }
    guard let page = parse("page", default: 1) else {
      return .failure(
        Refusal(APIError.cloudron(400, "page query param has to be a postive number")))
    }
    guard let perPage = parse("per_page", default: 25) else {
      return .failure(
        Refusal(APIError.cloudron(400, "per_page query param has to be a postive number")))
    }
    // The first item of the page, and one past its last, must be ints: `page=10^18` with
    // `per_page=10^18` is refused rather than answered by an overflow.
    let (start, startOverflow) = (page - 1).multipliedReportingOverflow(by: perPage)
    guard !startOverflow, !start.addingReportingOverflow(perPage).overflow else {
      return .failure(
        Refusal(APIError.cloudron(400, "page and per_page are too large")))
    }
    return .success((page, perPage))
  }

  /// One page of `items`.
  static func page<Item>(_ items: [Item], page: Int, perPage: Int) -> [Item] {
    let start = (page - 1) * perPage
    guard start < items.count else { return [] }
    return Array(items[start..<min(items.count, start + perPage)])
  }

  /// A paginated wrapped list response, or a 400 on bad pagination parameters.
  static func paginatedList(
    _ key: String, _ items: [JSONValue], request: SandboxRequest
  ) -> SandboxResponse {
    switch pagination(request) {
    case .failure(let refusal): return refusal.response
    case .success(let paging):
      return .json([key: .array(page(items, page: paging.page, perPage: paging.perPage))])
    }
  }

  /// Reads a JSON object body or answers 400.
  static func objectBody(_ request: SandboxRequest) -> Result<JSONValue, Refusal> {
    guard let body = request.json, body.objectMembers != nil else {
      return .failure(Refusal(APIError.cloudron(400, "body must be a JSON object")))
    }
    return .success(body)
  }

  /// Creates a task of `type` that starts now and returns the 202 `{taskId}` response.
  func startTask(type: String) -> SandboxResponse {
    let duration = SandboxClock.seconds(store.settings.taskDuration)
    let id: Int = store.with { state in
      let id = (state.cloudron.tasks.map(\.id).max() ?? 0) + 1
      state.cloudron.tasks.append(
        CloudronTask(id: id, type: type, creationTime: Date(), duration: duration, failure: nil))
      return id
    }
    return .json(["taskId": .int(id)], status: 202)
  }
}

/// A ready error response carried through `Result`.
struct Refusal: Error, Sendable {
  let response: SandboxResponse
  init(_ response: SandboxResponse) { self.response = response }
}
