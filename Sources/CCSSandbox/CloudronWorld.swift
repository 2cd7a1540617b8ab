#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The Cloudron side of the sandbox state: users, settings, tokens, tasks, events.
struct CloudronWorld: Sendable {
  /// A Cloudron user role, weakest first: the order the real server compares them in.
  enum Role: String, Sendable, Comparable, CaseIterable {
    case user, usermanager, mailmanager, admin, owner

    static func < (lhs: Role, rhs: Role) -> Bool {
      allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
  }

  /// A user and the state that belongs to them alone.
  struct User: Sendable {
    /// The profile record as `GET /profile` returns it (its `role` member is the role).
    var profile: JSONValue
    var password: String
    var twoFactorSecret: String?
    var backgroundImage: Data?

    var id: String { profile.stringMember("id") ?? "" }
    var role: Role { Role(rawValue: profile.stringMember("role") ?? "") ?? .user }
  }

  struct Token: Sendable {
    var id: String
    var name: String
    var accessToken: String
    var userId: String
    var expires: Int64
    var lastUsedAt: Date?
    var readonly: Bool

    var json: JSONValue {
      [
        "id": .string(id), "name": .string(name), "accessToken": .string(accessToken),
        "identifier": .string(userId), "clientId": "cid-sdk", "expires": .int(Int(expires)),
        "lastUsedAt": lastUsedAt.map { .string(SandboxClock.iso($0)) } ?? .null,
        "scope": readonly ? ["*": "r"] : ["*": "rw"],
      ]
    }
  }

  struct AppPassword: Sendable {
    var id: String
    var name: String
    var identifier: String
    var userId: String
    var creationTime: Date
  }

  struct Notification: Sendable {
    var id: String
    var eventId: String
    var title: String
    var message: String
    var creationTime: Date
    var acknowledged: Bool
  }

  /// Every user by id: the owner, and a member with the plain `user` role.
  var users: [String: User]
  /// The owner's id: the user of the demo owner tokens.
  var ownerId: String
  var settings: [String: JSONValue]
  var tokens: [Token]
  var appPasswords: [AppPassword]
  var tasks: [CloudronTask]
  var events: [JSONValue]
  var notifications: [Notification]
  var cloudronAvatar: Data
  var userAvatars: [String: Data]
  var rebootRequired = true
  var random: SeededRandom

  /// The languages `GET /cloudron/languages` lists.
  static let languages = ["de", "en", "es", "fr", "it", "nl", "pt", "ru", "zh_Hans"]

  /// Task types of the current API.
  static let taskTypes = [
    "app", "backup", "update", "checkCerts", "syncDyndns", "prepareDashboardLocation",
    "cleanBackups", "syncExternalLdap", "changeMailLocation", "syncDnsRecords", "updateDiskUsage",
  ]

  static let eventActions = [
    "app.install", "app.update", "app.backup", "app.backup.finish", "app.login", "app.start",
    "app.stop", "app.restart", "backup.start", "backup.finish", "certificate.new",
    "cloudron.start", "domain.update", "dyndns.update", "user.add", "user.login", "user.update",
    "volume.add", "volume.remove", "service.restart",
  ]
}

extension CloudronWorld {
  /// The id of the user whose token authorized `request`; the owner's for a request not
  /// authorized through a token (only the admin routes make those).
  private func callerId(_ request: SandboxRequest) -> String {
    request.callerId.flatMap { users[$0] == nil ? nil : $0 } ?? ownerId
  }

  /// The user whose token authorized `request`.
  func caller(_ request: SandboxRequest) -> User { users[callerId(request)]! }

  /// Where token `id` of the caller of `request` is; another user's token is not found.
  func tokenIndex(_ id: String?, of request: SandboxRequest) -> Int? {
    tokens.firstIndex { $0.id == id && $0.userId == request.callerId }
  }

  /// Where app password `id` of the caller of `request` is; another user's is not found.
  func appPasswordIndex(_ id: String?, of request: SandboxRequest) -> Int? {
    appPasswords.firstIndex { $0.id == id && $0.userId == request.callerId }
  }

  /// Changes the user whose token authorized `request`.
  mutating func updateCaller(_ request: SandboxRequest, _ change: (inout User) -> Void) {
    change(&users[callerId(request)]!)
  }
}

// MARK: - Seeding

extension CloudronWorld {
  /// Builds the deterministic demo data for `seed`.
  static func seeded(seed: UInt64) -> CloudronWorld {
    var random = SeededRandom(seed: seed ^ 0x0C10_0D60_0000_0001)
    let userId = "uid-" + random.uuid()
    let username = random.pick(["admin", "owner", "root", "sysop"])
    let profile: JSONValue = [
      "id": .string(userId), "username": .string(username),
      "email": .string("\(username)@example.com"), "fallbackEmail": "",
      "displayName": .string(random.pick(["Sandbox Owner", "Demo Admin", "Cloud Keeper"])),
      "twoFactorAuthenticationEnabled": false, "role": "owner", "hasBackgroundImage": false,
      "avatarUrl": .string("/api/v1/profile/avatar/\(userId)"), "source": "",
    ]
    let settings: [String: JSONValue] = [
      "cloudron_name": ["name": "Sandbox Cloudron"],
      "language": ["language": "en"],
      "time_zone": ["timeZone": "UTC"],
      "registry_config": ["provider": "noop"],
      "directory_server": ["enabled": false, "secret": "", "allowlist": ""],
      "external_ldap": [
        "provider": "other", "url": "ldaps://ldap.example.com:636",
        "baseDn": "ou=users,dc=example,dc=com",
        "usernameField": "uid", "filter": "(objectClass=inetOrgPerson)",
        "groupBaseDn": "ou=groups,dc=example,dc=com", "bindDn": "cn=cloudron,dc=example,dc=com",
        "bindPassword": "sandbox",
      ],
      "blocklist": ["blocklist": ""],
      "dynamic_dns": ["enabled": false],
      "ipv4_config": ["provider": "generic"],
      "ipv6_config": ["provider": "noop"],
      "trusted_ips": ["trustedIps": ""],
      "autoupdate_pattern": ["pattern": "00 00 1,3,5,23 * * *"],
      "user_directory": ["lockUserProfiles": false, "mandatory2FA": false],
    ]
    let farFuture: Int64 = 4_102_444_800_000  // 2100-01-01
    var tokens = [
      Token(
        id: "tid-" + random.hex(16), name: "sandbox owner (read-write)",
        accessToken: DemoCredentials.cloudronToken, userId: userId, expires: farFuture,
        lastUsedAt: nil, readonly: false),
      Token(
        id: "tid-" + random.hex(16), name: "sandbox owner (readonly)",
        accessToken: DemoCredentials.cloudronReadonlyToken, userId: userId, expires: farFuture,
        lastUsedAt: nil, readonly: true),
    ]
    tokens.append(
      Token(
        id: "tid-" + random.hex(16), name: "expired backup script",
        accessToken: "cloudron-demo-expired-" + random.hex(12), userId: userId,
        expires: Int64(SandboxClock.historyEnd.timeIntervalSince1970 * 1000) - 86_400_000,
        lastUsedAt: SandboxClock.historyEnd.addingTimeInterval(-90_000), readonly: false))
    let appPasswords = ["thunderbird", "davx5", "nextcloud-sync"].enumerated().map {
      index, name in
      AppPassword(
        id: "uid-" + random.uuid(), name: name,
        identifier: random.pick(["mail", "app-" + random.hex(8)]), userId: userId,
        creationTime: SandboxClock.historyEnd.addingTimeInterval(-Double(index + 1) * 86_400))
    }

    var tasks: [CloudronTask] = []
    for index in 0..<60 {
      let type = taskTypes[index % taskTypes.count]
      let created = SandboxClock.historyEnd.addingTimeInterval(-Double(60 - index) * 3_600)
      let failure: String? = index % 9 == 4 ? "Network error: ETIMEDOUT" : nil
      tasks.append(
        CloudronTask(
          id: index + 1, type: type, creationTime: created, duration: 20 + Double(index % 7),
          failure: failure))
    }

    var events: [JSONValue] = []
    for index in 0..<70 {
      let action = eventActions[Int(random.next() % UInt64(eventActions.count))]
      let when = SandboxClock.historyEnd.addingTimeInterval(-Double(70 - index) * 1_800)
      events.append([
        "id": .string(random.uuid()), "action": .string(action),
        "creationTime": .string(SandboxClock.iso(when)),
        "source": [
          "username": .string(username), "ip": .string("192.0.2.\(1 + random.next() % 200)"),
        ],
        "data": ["taskId": .string(String(1 + index % 60))],
      ])
    }
    events.reverse()

    let titles = [
      ("Cloudron update available", "Cloudron v8.3.2 is available."),
      ("Backup failed", "Backup of app wiki failed: disk full."),
      ("Certificate renewal", "Certificates were renewed for 3 domains."),
      ("App is down", "App chat.example.com is not responding."),
      ("Disk space low", "Less than 10% of disk space is free."),
      ("Reboot required", "A reboot is required to finish installing updates."),
      ("App updated", "Nextcloud was updated to 31.0.4."),
      ("New login", "New login from 192.0.2.15."),
    ]
    let notifications = titles.enumerated().map { index, entry in
      Notification(
        id: String(index + 1), eventId: events[index].stringMember("id") ?? "",
        title: entry.0, message: entry.1,
        creationTime: SandboxClock.historyEnd.addingTimeInterval(-Double(index) * 7_200),
        acknowledged: index % 3 == 2)
    }

    // The member comes from a stream of their own, so the owner's data stays as it was.
    var memberRandom = SeededRandom(seed: seed ^ 0x0C10_0D60_0000_0002)
    let memberId = "uid-" + memberRandom.uuid()
    let member = User(
      profile: [
        "id": .string(memberId), "username": "member", "email": "member@example.com",
        "fallbackEmail": "", "displayName": "Sandbox Member",
        "twoFactorAuthenticationEnabled": false, "role": .string(Role.user.rawValue),
        "hasBackgroundImage": false, "avatarUrl": .string("/api/v1/profile/avatar/\(memberId)"),
        "source": "",
      ],
      password: "member-password")
    tokens.append(
      Token(
        id: "tid-" + memberRandom.hex(16), name: "sandbox member (read-write)",
        accessToken: DemoCredentials.cloudronMemberToken, userId: memberId, expires: farFuture,
        lastUsedAt: nil, readonly: false))
    let owner = User(profile: profile, password: "sandbox-password")

    let avatar = BinaryDocuments.png(width: 16, height: 16, red: 0x1E, green: 0x88, blue: 0xE5)
    let userAvatar = BinaryDocuments.png(width: 8, height: 8, red: 0xF4, green: 0x51, blue: 0x1E)
    return CloudronWorld(
      users: [userId: owner, memberId: member], ownerId: userId, settings: settings,
      tokens: tokens,
      appPasswords: appPasswords, tasks: tasks, events: events, notifications: notifications,
      cloudronAvatar: avatar, userAvatars: [userId: userAvatar],
      random: random)
  }
}

extension JSONValue {
  /// The string member named `key` of an object.
  func stringMember(_ key: String) -> String? { self[key]?.stringValue }
}

// MARK: - Tasks

/// A Cloudron task whose progress is a pure function of the clock: it runs for `duration`
/// seconds from `creationTime`, writing one log line per step.
struct CloudronTask: Sendable {
  var id: Int
  var type: String
  var creationTime: Date
  var duration: TimeInterval
  var failure: String?
  var stoppedAt: Date?

  /// Log lines, spread evenly over the duration.
  var steps: [String] {
    switch type {
    case "syncExternalLdap":
      return [
        "Connecting to LDAP server", "Fetching users", "Syncing users", "Fetching groups",
        "Syncing groups", "Removing stale users",
      ]
    case "checkCerts":
      return [
        "Checking expired certs for removal", "Checking certificates of 3 domains",
        "Renewing certificate of example.com", "Rebuilding reverse proxy configs",
        "Reloading nginx",
      ]
    case "update":
      return [
        "Checking for updates", "Downloading release", "Verifying signature",
        "Backing up before update", "Installing new release", "Restarting box",
      ]
    case "backup", "cleanBackups":
      return [
        "Preparing backup", "Snapshotting apps", "Uploading box backup", "Uploading app backups",
        "Cleaning up old backups",
      ]
    default:
      return ["Starting \(type)", "Working on \(type)", "Verifying \(type)", "Finishing \(type)"]
    }
  }

  /// The moment the task stops making progress (finished or stopped).
  var endTime: Date { stoppedAt ?? creationTime.addingTimeInterval(duration) }

  /// The log lines written by `now`, each with its timestamp.
  func logLines(at now: Date) -> [(date: Date, message: String)] {
    let names = steps
    let limit = min(now, endTime)
    var lines: [(Date, String)] = []
    for (index, message) in names.enumerated() {
      let when = creationTime.addingTimeInterval(duration * Double(index) / Double(names.count))
      if when <= limit { lines.append((when, message)) }
    }
    if now >= endTime {
      let final: String
      if stoppedAt != nil {
        final = "Task stopped"
      } else if let failure {
        final = "Task failed: \(failure)"
      } else {
        final = "Task finished successfully"
      }
      lines.append((endTime, final))
    }
    return lines
  }

  /// Whether the task is still running at `now`.
  func isActive(at now: Date) -> Bool { now < endTime }

  /// The task as `GET /tasks/{id}` prints it at `now`.
  func json(at now: Date) -> JSONValue {
    let active = isActive(at: now)
    let elapsed = max(0, min(now, endTime).timeIntervalSince(creationTime))
    let fraction = duration > 0 ? min(1, elapsed / duration) : 1
    let lines = logLines(at: now)
    var percent = max(1, Int(fraction * 100))
    var success = false
    var error: JSONValue = .null
    var result: JSONValue = .null
    if !active {
      if stoppedAt != nil {
        error = ["message": "Stopped", "code": "stopped"]
      } else if let failure {
        error = ["message": .string(failure), "code": "crashed"]
      } else {
        success = true
        percent = 100
        result = resultValue
      }
    }
    return [
      "id": .string(String(id)), "type": .string(type), "percent": .int(percent),
      "message": .string(lines.last?.message ?? "Queued"), "error": error,
      "active": .bool(active), "pending": false,
      "creationTime": .string(SandboxClock.iso(creationTime)), "result": result,
      "ts": .string(SandboxClock.iso(min(now, endTime))), "success": .bool(success),
    ]
  }

  private var resultValue: JSONValue {
    switch type {
    case "syncExternalLdap": return ["usersAdded": 3, "usersRemoved": 0, "groupsAdded": 1]
    case "checkCerts": return ["renewed": ["example.com"]]
    default: return .object([])
    }
  }
}
