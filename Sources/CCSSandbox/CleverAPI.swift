import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The fake Clever Cloud API: `/v4/…` from the seed, plus the `/v2` bits a client needs.
struct CleverAPI: Sendable {
  let store: SandboxStore

  /// Built once: every request used to build (and parse the templates of) all the routes.
  private(set) var routes = RouteTable(routes: [])

  init(store: SandboxStore) {
    self.store = store
    routes = RouteTable(routes: v2Routes + orchestrationRoutes + operatorRoutes + drainRoutes)
  }

  /// Answers a request whose path starts with `/v2/` or `/v4/`.
  func respond(to request: SandboxRequest) async -> SandboxResponse {
    if let refusal = authorize(request) { return refusal }
    guard let (route, captures) = routes.resolve(method: request.method, path: request.path)
    else {
      return APIError.forPath(request.path, 404, "Not Found")
    }
    return await route.handler(request, captures)
  }

  // MARK: - Auth

  /// `nil` when the request carries the demo API token or valid OAuth1 PLAINTEXT credentials.
  func authorize(_ request: SandboxRequest) -> SandboxResponse? {
    guard let header = request.header("Authorization") else {
      return APIError.forPath(request.path, 401, "Missing Authorization header")
    }
    if header.hasPrefix("Bearer ") {
      if String(header.dropFirst("Bearer ".count)) == DemoCredentials.cleverAPIToken { return nil }
      return APIError.forPath(request.path, 401, "Invalid API token")
    }
    if header.hasPrefix("OAuth ") {
      let fields = Self.oauthFields(String(header.dropFirst("OAuth ".count)))
      let credentials = DemoCredentials.cleverOAuth
      let expectedSignature = "\(credentials.consumerSecret)&\(credentials.secret)"
      let method = fields["oauth_signature_method"] ?? "PLAINTEXT"
      if method == "PLAINTEXT", fields["oauth_consumer_key"] == credentials.consumerKey,
        fields["oauth_token"] == credentials.token,
        fields["oauth_signature"] == expectedSignature
      {
        return nil
      }
      return APIError.forPath(request.path, 401, "Invalid OAuth credentials")
    }
    return APIError.forPath(request.path, 401, "Unsupported Authorization scheme")
  }

  /// Parses `k="v", k2="v2"` into percent-decoded values.
  static func oauthFields(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for item in text.split(separator: ",") {
      let parts = item.split(separator: "=", maxSplits: 1)
      guard parts.count == 2 else { continue }
      let key = parts[0].trimmingBlanks()
      var value = parts[1].trimmingBlanks()
      if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
        value = String(value.dropFirst().dropLast())
      }
      fields[key] = value.percentDecoded ?? value
    }
    return fields
  }

  // MARK: - Lookups shared by routes

  enum Lookup<Value> {
    case found(Value)
    case refused(SandboxResponse)
  }

  func owner(_ id: String?) -> Lookup<CleverWorld.Owner> {
    guard let id, let owner = store.with({ $0.clever.owner(id) }) else {
      return .refused(APIError.cleverV4(404, "Owner not found", field: id))
    }
    return .found(owner)
  }

  func application(owner: String?, id: String?) -> Lookup<CleverWorld.Application> {
    guard let owner, let id,
      let application = store.with({ $0.clever.application(id, owner: owner) })
    else {
      if case .refused(let response) = self.owner(owner) { return .refused(response) }
      return .refused(APIError.cleverV4(404, "Application not found", field: id))
    }
    return .found(application)
  }

  // MARK: - v2

  var v2Routes: [Route] {
    let store = self.store
    @Sendable func organisationJSON(_ owner: CleverWorld.Owner) -> JSONValue {
      [
        "id": .string(owner.id), "name": .string(owner.name),
        "description": .string("\(owner.name) (sandbox)"),
        "billingEmail": .string("billing@\(owner.name.lowercased().filter(\.isLetter)).example"),
        "address": "3 rue de l'Allier", "city": "Nantes", "zipcode": "44000", "country": "FRANCE",
        "company": .string(owner.name), "VAT": "FR00123456789", "avatar": .null,
        "vatState": "VALID", "customerFullName": .string(owner.name), "canPay": true,
        "cleverEnterprise": false, "emergencyNumber": .null, "canSEPA": true, "isTrusted": true,
      ]
    }
    @Sendable func applicationJSON(_ app: CleverWorld.Application) -> JSONValue {
      [
        "id": .string(app.id), "name": .string(app.name), "description": .string(app.name),
        "zone": .string(app.zone), "ownerId": .string(app.ownerId),
        "instance": ["type": "node", "version": "20", "variant": ["slug": "node"]],
        "deployment": ["type": "GIT", "shutdownable": false],
        "state": "SHOULD_BE_UP", "homogeneous": false, "favourite": false,
      ]
    }
    return [
      Route("GET", "/v2/self") { _, _ in
        let user = store.with { $0.clever.user }
        return .json([
          "id": .string(user.id), "email": "demo@example.com", "name": .string(user.name),
          "phone": "", "address": "", "city": "", "zipcode": "", "country": "FRANCE",
          "avatar": .null, "creationDate": 1_700_000_000_000, "lang": "EN",
          "emailValidated": true, "oauthApps": [], "admin": false, "canPay": true,
          "preferredMFA": "NONE", "hasPassword": true,
        ])
      },
      Route("GET", "/v2/organisations") { _, _ in
        .json(.array(store.with { $0.clever.organisations }.map(organisationJSON)))
      },
      Route("GET", "/v2/organisations/{id}") { _, captures in
        guard let org = store.with({ $0.clever.organisations.first { $0.id == captures["id"] } })
        else { return APIError.cleverV2(404, "Organisation not found") }
        return .json(organisationJSON(org))
      },
      Route("GET", "/v2/self/applications") { _, _ in
        .json(
          .array(
            store.with { state in
              state.clever.applications.filter { $0.ownerId == state.clever.user.id }
            }.map(applicationJSON)))
      },
      Route("GET", "/v2/organisations/{id}/applications") { _, captures in
        guard store.with({ $0.clever.owner(captures["id"] ?? "") }) != nil else {
          return APIError.cleverV2(404, "Organisation not found")
        }
        return .json(
          .array(
            store.with { state in
              state.clever.applications.filter { $0.ownerId == captures["id"] }
            }.map(applicationJSON)))
      },
      Route("GET", "/v2/organisations/{id}/applications/{appId}") { _, captures in
        guard store.with({ $0.clever.owner(captures["id"] ?? "") }) != nil else {
          return APIError.cleverV2(404, "Organisation not found")
        }
        guard
          let app = store.with({ state in
            state.clever.applications.first {
              $0.ownerId == captures["id"] && $0.id == captures["appId"]
            }
          })
        else { return APIError.cleverV2(404, "Application not found") }
        return .json(applicationJSON(app))
      },
      Route("GET", "/v2/organisations/{id}/addons") { _, captures in
        guard store.with({ $0.clever.owner(captures["id"] ?? "") }) != nil else {
          return APIError.cleverV2(404, "Organisation not found")
        }
        return .json(.array(store.with { $0.clever.addons[captures["id"] ?? ""] ?? [] }))
      },
    ]
  }
}
