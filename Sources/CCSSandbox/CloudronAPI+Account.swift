import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension CloudronAPI {
  /// Profile, avatars, background image, password, 2FA, tokens and app passwords.
  var accountRoutes: [Route] {
    let store = self.store
    return [
      Route("GET", "/profile") { request, _ in
        .json(store.with { $0.cloudron.caller(request).profile })
      },
      Route("POST", "/profile") { request, _ in
        let body: JSONValue
        switch Self.objectBody(request) {
        case .failure(let refusal): return refusal.response
        case .success(let value): body = value
        }
        for key in ["email", "fallbackEmail", "displayName"] {
          if let value = body[key], value.stringValue == nil {
            return APIError.cloudron(400, "\(key) must be a string")
          }
        }
        if let email = body.stringMember("email"), !email.contains("@") {
          return APIError.cloudron(400, "Invalid email")
        }
        // An empty fallback address clears it; any other must be an address.
        if let fallback = body.stringMember("fallbackEmail"), !fallback.isEmpty,
          !fallback.contains("@")
        {
          return APIError.cloudron(400, "Invalid fallbackEmail")
        }
        store.with { state in
          state.cloudron.updateCaller(request) { user in
            for key in ["email", "fallbackEmail", "displayName"] {
              if let value = body[key] { user.profile = user.profile.setting(key, to: value) }
            }
          }
        }
        return .json(.object([]))
      },
      Route("GET", "/profile/avatar/{userId}") { _, captures in
        guard let image = store.with({ $0.cloudron.userAvatars[captures["userId"] ?? ""] }) else {
          return APIError.cloudron(404, "No such avatar")
        }
        return .bytes(image, contentType: "application/octet-stream")
      },
      Route("GET", "/profile/background_image") { request, _ in
        guard let image = store.with({ $0.cloudron.caller(request).backgroundImage }) else {
          return APIError.cloudron(404, "No background image")
        }
        return .bytes(image, contentType: "image/png")
      },
      Route("POST", "/profile/background_image") { request, _ in
        guard let image = MultipartForm.file(named: "backgroundImage", in: request) else {
          return APIError.cloudron(400, "backgroundImage must be provided")
        }
        store.with {
          $0.cloudron.updateCaller(request) { user in
            user.backgroundImage = image
            user.profile = user.profile.setting("hasBackgroundImage", to: true)
          }
        }
        return .json(.object([]))
      },
      Route("POST", "/profile/password") { request, _ in
        guard let body = request.json, let current = body.stringMember("password"),
          let new = body.stringMember("newPassword")
        else { return APIError.cloudron(400, "password and newPassword are required") }
        let accepted: Bool = store.with { state in
          guard state.cloudron.caller(request).password == current else { return false }
          state.cloudron.updateCaller(request) { $0.password = new }
          return true
        }
        return accepted ? .empty() : APIError.cloudron(412, "Wrong password")
      },
      Route("POST", "/profile/twofactorauthentication_secret") { request, _ in
        let secret: String = store.with { state in
          let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
          let secret = String((0..<32).map { _ in state.cloudron.random.pick(alphabet) })
          state.cloudron.updateCaller(request) { $0.twoFactorSecret = secret }
          return secret
        }
        let qrcode =
          "data:image/png;base64,"
          + BinaryDocuments.png(width: 4, height: 4, red: 0, green: 0, blue: 0)
          .base64EncodedString()
        return .json(["secret": .string(secret), "qrcode": .string(qrcode)])
      },
      Route("POST", "/profile/twofactorauthentication_enable") { request, _ in
        guard let token = request.json?.stringMember("totpToken") else {
          return APIError.cloudron(400, "totpToken must be a string")
        }
        return store.with { state in
          guard state.cloudron.caller(request).twoFactorSecret != nil else {
            return APIError.cloudron(412, "No 2FA secret generated")
          }
          guard token.count == 6, token.allSatisfy(\.isNumber) else {
            return APIError.cloudron(412, "Invalid totpToken")
          }
          state.cloudron.updateCaller(request) {
            $0.profile = $0.profile.setting("twoFactorAuthenticationEnabled", to: true)
          }
          return .empty()
        }
      },
      Route("POST", "/profile/twofactorauthentication_disable") { request, _ in
        guard let password = request.json?.stringMember("password") else {
          return APIError.cloudron(400, "password must be a string")
        }
        return store.with { state in
          guard state.cloudron.caller(request).password == password else {
            return APIError.cloudron(412, "Wrong password")
          }
          state.cloudron.updateCaller(request) {
            $0.profile = $0.profile.setting("twoFactorAuthenticationEnabled", to: false)
            $0.twoFactorSecret = nil
          }
          return .empty()
        }
      },

      // MARK: Tokens

      Route("POST", "/tokens") { request, _ in
        guard let body = request.json, let name = body.stringMember("name"), !name.isEmpty else {
          return APIError.cloudron(400, "name must be a non-empty string")
        }
        if let expires = body["expiresAt"], expires.intValue == nil {
          return APIError.cloudron(400, "expiresAt must be a number")
        }
        let readonly = body["scope"]?["*"]?.stringValue == "r"
        return store.with { state in
          let id = "tid-" + state.cloudron.random.hex(16)
          let token = CloudronWorld.Token(
            id: id, name: name, accessToken: "cr-" + state.cloudron.random.hex(40),
            userId: state.cloudron.caller(request).id,
            expires: Int64(body["expiresAt"]?.intValue ?? 4_102_444_800_000), lastUsedAt: nil,
            readonly: readonly)
          state.cloudron.tokens.append(token)
          return .json(token.json)
        }
      },
      Route("GET", "/tokens/{tokenId}") { request, captures in
        store.with { state in
          guard let index = state.cloudron.tokenIndex(captures["tokenId"], of: request) else {
            return APIError.cloudron(404, "No such token")
          }
          return .json(state.cloudron.tokens[index].json)
        }
      },
      Route("DELETE", "/tokens/{tokenId}") { request, captures in
        store.with { state in
          guard let index = state.cloudron.tokenIndex(captures["tokenId"], of: request) else {
            return APIError.cloudron(404, "No such token")
          }
          state.cloudron.tokens.remove(at: index)
          return .empty()
        }
      },

      // MARK: App passwords

      Route("POST", "/app_passwords") { request, _ in
        guard let body = request.json, let name = body.stringMember("name"), !name.isEmpty else {
          return APIError.cloudron(400, "name must be a non-empty string")
        }
        guard let identifier = body.stringMember("identifier"), !identifier.isEmpty else {
          return APIError.cloudron(400, "identifier must be a non-empty string")
        }
        return store.with { state in
          let id = "uid-" + state.cloudron.random.uuid()
          let password = state.cloudron.random.hex(24)
          state.cloudron.appPasswords.append(
            CloudronWorld.AppPassword(
              id: id, name: name, identifier: identifier,
              userId: state.cloudron.caller(request).id, creationTime: Date()))
          return .json(["id": .string(id), "password": .string(password)])
        }
      },
      Route("GET", "/app_passwords/{passwordId}") { request, captures in
        store.with { state in
          guard let index = state.cloudron.appPasswordIndex(captures["passwordId"], of: request)
          else { return APIError.cloudron(404, "No such app password") }
          return .json(Self.appPasswordJSON(state.cloudron.appPasswords[index]))
        }
      },
      Route("DELETE", "/app_passwords/{passwordId}") { request, captures in
        store.with { state in
          guard let index = state.cloudron.appPasswordIndex(captures["passwordId"], of: request)
          else { return APIError.cloudron(404, "No such app password") }
          state.cloudron.appPasswords.remove(at: index)
          return .empty()
        }
      },
    ]
  }

  static func appPasswordJSON(_ entry: CloudronWorld.AppPassword) -> JSONValue {
    [
      "id": .string(entry.id), "name": .string(entry.name), "userId": .string(entry.userId),
      "identifier": .string(entry.identifier),
      "creationTime": .string(SandboxClock.iso(entry.creationTime)),
    ]
  }

  static func notificationJSON(_ entry: CloudronWorld.Notification) -> JSONValue {
    [
      "id": .string(entry.id), "eventId": .string(entry.eventId), "title": .string(entry.title),
      "message": .string(entry.message),
      "creationTime": .string(SandboxClock.iso(entry.creationTime)),
      "acknowledged": .bool(entry.acknowledged),
    ]
  }

  /// Paginated lists (tokens, app passwords, events, notifications) and their item routes.
  var listRoutes: [Route] {
    let store = self.store
    return [
      Route("GET", "/tokens") { request, _ in
        let items = store.with { state in
          state.cloudron.tokens.filter { $0.userId == request.callerId }.map(\.json)
        }
        return Self.paginatedList("tokens", items, request: request)
      },
      Route("GET", "/app_passwords") { request, _ in
        let items = store.with { state in
          state.cloudron.appPasswords.filter { $0.userId == request.callerId }
            .map(Self.appPasswordJSON)
        }
        return Self.paginatedList("appPasswords", items, request: request)
      },
      Route("GET", "/eventlog") { request, _ in
        var items = store.with { $0.cloudron.events }
        if let actions = request.queryValue("actions"), !actions.isEmpty {
          let wanted = Set(
            actions.split(separator: ",").map { $0.trimmingBlanks() })
          items = items.filter { wanted.contains($0.stringMember("action") ?? "") }
        }
        if let search = request.queryValue("search"), !search.isEmpty {
          items = items.filter { $0.serialized.containsIgnoringCase(search) }
        }
        return Self.paginatedList("eventlogs", items, request: request)
      },
      Route("GET", "/eventlog/{eventId}") { _, captures in
        guard
          let event = store.with({ state in
            state.cloudron.events.first { $0.stringMember("id") == captures["eventId"] }
          })
        else { return APIError.cloudron(404, "Eventlog not found") }
        return .json(event)
      },
      Route("GET", "/notifications") { request, _ in
        var entries = store.with { $0.cloudron.notifications }
        if let acknowledged = request.queryValue("acknowledged") {
          guard acknowledged == "true" || acknowledged == "false" else {
            return APIError.cloudron(400, "acknowledged must be a true or false")
          }
          entries = entries.filter { $0.acknowledged == (acknowledged == "true") }
        }
        return Self.paginatedList(
          "notifications", entries.map(Self.notificationJSON), request: request)
      },
      Route("GET", "/notifications/{notificationId}") { _, captures in
        guard
          let entry = store.with({ state in
            state.cloudron.notifications.first { $0.id == captures["notificationId"] }
          })
        else { return APIError.cloudron(404, "Notification not found") }
        return .json(Self.notificationJSON(entry))
      },
      Route("POST", "/notifications/{notificationId}") { request, captures in
        guard let acknowledged = request.json?["acknowledged"]?.boolValue else {
          return APIError.cloudron(400, "acknowledged must be a boolean")
        }
        return store.with { state in
          guard
            let index = state.cloudron.notifications.firstIndex(where: {
              $0.id == captures["notificationId"]
            })
          else { return APIError.cloudron(404, "Notification not found") }
          state.cloudron.notifications[index].acknowledged = acknowledged
          return .empty()
        }
      },
    ]
  }
}
