import CCSText

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The Clever Cloud side of the sandbox state: owners, applications, operators, drains.
struct CleverWorld: Sendable {
  /// An organisation or the user's personal space.
  struct Owner: Sendable {
    var id: String
    var name: String
    var isUser: Bool
  }

  struct Application: Sendable {
    var id: String
    var ownerId: String
    var name: String
    var zone: String
    var index: Int
    var deployments: [JSONValue]
    var instances: [JSONValue]
  }

  struct Drain: Sendable {
    var id: String
    var resourceId: String
    var kind: String
    var recipient: JSONValue
    var status: String
    var statusDate: Date
    var authorId: String
  }

  var user: Owner
  var organisations: [Owner]
  var applications: [Application]
  var invoices: [String: [JSONValue]]
  var operators: [String: JSONValue]
  var pulsarPolicies: [String: JSONValue]
  var addons: [String: [JSONValue]]
  var drains: [Drain]
  var zones: [JSONValue]
  var nextCounter = 0

  /// Every owner id: the user first, then organisations.
  var owners: [Owner] { [user] + organisations }

  func owner(_ id: String) -> Owner? { owners.first { $0.id == id } }

  func application(_ id: String, owner: String) -> Application? {
    applications.first { $0.id == id && $0.ownerId == owner }
  }

  /// Operator names accepted in `/addon-providers/addon-{name}/`.
  static let operatorNames = ["otoroshi", "keycloak", "matomo", "metabase"]
}

// MARK: - Seeding

extension CleverWorld {
  /// Builds the deterministic demo data for `seed`.
  static func seeded(seed: UInt64) -> CleverWorld {
    var random = SeededRandom(seed: seed ^ 0xC1E7_E2C1_0D00_0000)
    let firstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances"]
    let lastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen"]
    let userName = "\(random.pick(firstNames)) \(random.pick(lastNames))"
    let user = Owner(id: "user_" + random.uuid(), name: userName, isUser: true)
    let orgNames = ["Acme Corp", "Globex", "Initech", "Umbrella Labs", "Hooli", "Stark Industries"]
    var organisations: [Owner] = []
    for index in 0..<3 {
      organisations.append(
        Owner(
          id: "orga_" + random.uuid(), name: orgNames[(Int(seed) + index) % orgNames.count],
          isUser: false))
    }
    let zones = Self.zoneList
    let zoneNames = zones.compactMap { $0["name"]?.stringValue }
    let appNames = ["api", "web", "worker", "cron", "docs", "shop", "auth", "metrics"]
    var applications: [Application] = []
    var appIndex = 0
    for owner in [user] + organisations {
      let count = owner.isUser ? 1 : 2 + Int(random.next() % 2)
      for _ in 0..<count {
        let appId = "app_" + random.uuid()
        let name = "\(random.pick(appNames))-\(random.hex(4))"
        let zone = random.pick(Array(zoneNames.prefix(4)))
        var deployments: [JSONValue] = []
        var deploymentIds: [String] = []
        for deploymentIndex in 0..<5 {
          let id = "deployment_" + random.uuid()
          deploymentIds.append(id)
          let start = SandboxClock.historyEnd.addingTimeInterval(
            -Double(5 - deploymentIndex) * 86_400 - Double(random.next() % 3_600))
          let failed = deploymentIndex == 2
          let state = failed ? "FAILED" : "SUCCEEDED"
          let steps: JSONValue = .array(
            [("QUEUED", 0.0), ("BUILDING", 5.0), ("DEPLOYING", 95.0), (state, 160.0)].map {
              [
                "state": .string($0.0),
                "date": .string(SandboxClock.iso(start.addingTimeInterval($0.1))),
              ]
            })
          deployments.append([
            "id": .string(id), "ownerId": .string(owner.id), "applicationId": .string(appId),
            "startDate": .string(SandboxClock.iso(start)), "state": .string(state),
            "steps": steps, "version": ["commitId": .string(random.hex(40))],
            "origin": [
              "action": deploymentIndex == 0
                ? "DEPLOY" : random.pick(["DEPLOY", "RESTART", "REDEPLOY"]),
              "cause": random.pick(["GIT_PUSH", "USER", "API"]), "source": "API",
              "authorId": .string(user.id), "constraints": [], "priority": "NORMAL",
            ],
            "hasDedicatedBuild": .bool(random.next() % 2 == 0),
          ])
        }
        var instances: [JSONValue] = []
        for (deploymentIndex, deploymentId) in deploymentIds.enumerated() {
          let current = deploymentIndex == deploymentIds.count - 1
          let count = current ? 2 : 1
          for instanceIndex in 0..<count {
            let created = SandboxClock.historyEnd.addingTimeInterval(
              -Double(5 - deploymentIndex) * 86_400 + 60 + Double(instanceIndex))
            let deleted = created.addingTimeInterval(86_000)
            instances.append([
              "id": .string(random.uuid()), "ownerId": .string(owner.id),
              "applicationId": .string(appId), "deploymentId": .string(deploymentId),
              "name": .string(
                "\(random.pick(["Brave", "Calm", "Eager", "Jolly"])) "
                  + "\(random.pick(["Otter", "Falcon", "Badger", "Heron"]))"),
              "flavor": .string(random.pick(["nano", "XS", "S", "M"])),
              "index": .int(instanceIndex),
              "state": .string(current ? "UP" : "DELETED"),
              "creationDate": .string(SandboxClock.iso(created)),
              "deletionDate": current ? .null : .string(SandboxClock.iso(deleted)),
              "network": [
                "ip": .string(
                  "10.\(random.next() % 250).\(random.next() % 250).\(1 + random.next() % 250)"),
                "port": .int(4_000 + Int(random.next() % 1_000)),
              ],
              "isBuildVm": false,
            ])
          }
        }
        applications.append(
          Application(
            id: appId, ownerId: owner.id, name: name, zone: zone, index: appIndex,
            deployments: deployments.reversed(), instances: instances))
        appIndex += 1
      }
    }

    var invoices: [String: [JSONValue]] = [:]
    for owner in [user] + organisations {
      var list: [JSONValue] = []
      for month in 0..<4 {
        let emission = SandboxClock.historyEnd.addingTimeInterval(-Double(month) * 30 * 86_400)
        let amount = Double(1_000 + Int(random.next() % 90_000)) / 100
        let paid = month > 0
        list.append(
          Self.invoice(
            number: "INV-\(random.hex(6).uppercased())", owner: owner, emission: emission,
            amount: amount, paid: paid))
      }
      invoices[owner.id] = list
    }

    var operators: [String: JSONValue] = [:]
    var addons: [String: [JSONValue]] = [:]
    var pulsarPolicies: [String: JSONValue] = [:]
    let operatorOwner = organisations[0]
    for name in operatorNames {
      let realId = "\(name)_" + random.uuid()
      let addonId = "addon_" + random.uuid()
      var members: [(String, JSONValue)] = [
        ("resourceId", .string(realId)), ("addonId", .string(addonId)),
        ("name", .string("\(name)-demo")), ("ownerId", .string(operatorOwner.id)),
        ("plan", .string(random.pick(["BASE", "LARGE"]))), ("version", "1.4.0"),
      ]
      if name != "matomo" { members.append(("javaVersion", "21")) }
      if name == "matomo" { members.append(("phpVersion", "8.3")) }
      let host = "\(name)-\(random.hex(8))"
      members.append(("accessUrl", .string("https://\(host).services.clever-cloud.com")))
      members.append(("availableVersions", ["1.4.0", "1.5.0", "1.6.2"]))
      if name == "otoroshi" || name == "keycloak" {
        members.append(
          ("initialCredentials", ["user": "admin", "password": .string(random.hex(16))]))
      }
      if name == "otoroshi" {
        let api = "https://\(host)-api.services.clever-cloud.com"
        members.append(
          (
            "api",
            [
              "url": .string(api), "user": .string("api_" + random.hex(8)),
              "secret": .string(random.hex(32)), "openapi": .string(api + "/api/openapi.json"),
              "swaggerUrl": .string(api + "/api/openapi/ui"),
            ]
          ))
      }
      var resources: [(String, JSONValue)] = [
        ("entrypoint", .string("app_" + random.uuid())),
        ("redisId", .string("redis_" + random.uuid())),
      ]
      if name == "otoroshi" {
        resources.append(("pulsarId", .string("pulsar_" + random.uuid())))
      }
      members.append(("resources", .object(resources)))
      let networkGroup: JSONValue =
        name == "keycloak" ? ["id": .string("ng_" + random.uuid())] : .null
      members.append(("features", ["networkGroup": networkGroup]))
      operators[realId] = .object(members)
      addons[operatorOwner.id, default: []].append(
        Self.addon(id: addonId, realId: realId, name: "\(name)-demo", provider: "addon-\(name)"))
    }
    for owner in organisations {
      let realId = "pulsar_" + random.uuid()
      pulsarPolicies[realId] = [
        "retentionPolicies": [
          "sizeInBytes": .int(1_073_741_824), "durationInMinutes": .int(10_080),
        ],
        "offloadPolicies": ["sizeInBytes": .int(-1), "durationInMinutes": .int(1_440)],
      ]
      addons[owner.id, default: []].append(
        Self.addon(
          id: "addon_" + random.uuid(), realId: realId, name: "events", provider: "addon-pulsar"))
    }

    var world = CleverWorld(
      user: user, organisations: organisations, applications: applications, invoices: invoices,
      operators: operators, pulsarPolicies: pulsarPolicies, addons: addons, drains: [], zones: zones
    )
    if let firstApp = applications.first(where: { !$0.ownerId.hasPrefix("user_") }) {
      world.drains.append(
        Drain(
          id: "drain_" + random.uuid(), resourceId: firstApp.id, kind: "LOG",
          recipient: ["type": "RAW_HTTP", "url": "https://logs.example.com/ingest"],
          status: "ENABLED", statusDate: SandboxClock.historyEnd.addingTimeInterval(-7_200),
          authorId: user.id))
    }
    return world
  }

  private static func invoice(
    number: String, owner: Owner, emission: Date, amount: Double, paid: Bool
  ) -> JSONValue {
    let tax = (amount * 20).rounded() / 100
    func money(_ value: Double) -> JSONValue {
      [
        "currency": "EUR", "amount": .double(value),
        "amount_formatted": .string(NumberText.fixed(value, digits: 2) + " EUR"),
        "default_display": .string(NumberText.fixed(value, digits: 2) + " €"),
      ]
    }
    return [
      "invoice_number": .string(number), "kind": "INVOICE", "owner_id": .string(owner.id),
      "address": [
        "address_id": .string("addr_" + number.lowercased()), "owner_id": .string(owner.id),
        "name": .string(owner.name), "company": .string(owner.name),
        "address": "3 rue de l'Allier", "city": "Nantes", "zipcode": "44000",
        "country_alpha2": "FR", "vat_number": "FR00123456789", "vat_percent": 20.0,
        "customer_cost_center": "", "customer_purchase_order": "",
      ],
      "emission_date": .string(SandboxClock.iso(emission)),
      "pay_date": paid ? .string(SandboxClock.iso(emission.addingTimeInterval(172_800))) : .null,
      "status": paid ? "PAID" : "PENDING", "currency": "EUR", "price_factor": 1.0,
      "discount": 0.0, "vat_percent": 20.0, "total_tax_excluded": money(amount),
      "total_tax": money(tax), "category": "MONTHLY", "payment_provider": "STRIPE",
      "transaction_id": .string("txn_" + number.lowercased()),
      "customer_order_id": "",
    ]
  }

  private static func addon(id: String, realId: String, name: String, provider: String) -> JSONValue
  {
    [
      "id": .string(id), "realId": .string(realId), "name": .string(name),
      "provider": ["id": .string(provider)], "plan": ["slug": "base"], "region": "par",
    ]
  }

  private typealias ZoneRow = (
    name: String, country: String, code: String, city: String, display: String,
    lat: Double, lon: Double, tags: [String]
  )

  private static let zoneRows: [ZoneRow] = [
    (
      "par", "France", "FR", "Paris", "Paris", 48.8566, 2.3522, ["infra:clever-cloud", "region:eu"]
    ),
    (
      "rbx", "France", "FR", "Roubaix", "Roubaix (OVHcloud)", 50.6942, 3.1746,
      ["infra:ovh", "region:eu"]
    ),
    (
      "gra", "France", "FR", "Gravelines", "Gravelines (OVHcloud)", 50.9871, 2.1255,
      ["infra:ovh", "region:eu"]
    ),
    (
      "mtl", "Canada", "CA", "Montreal", "Montreal (OVHcloud)", 45.5017, -73.5673,
      ["infra:ovh", "region:na"]
    ),
    (
      "sgp", "Singapore", "SG", "Singapore", "Singapore (OVHcloud)", 1.3521, 103.8198,
      ["infra:ovh", "region:apac"]
    ),
    (
      "syd", "Australia", "AU", "Sydney", "Sydney (OVHcloud)", -33.8688, 151.2093,
      ["infra:ovh", "region:apac"]
    ),
    (
      "wsw", "Poland", "PL", "Warsaw", "Warsaw (OVHcloud)", 52.2297, 21.0122,
      ["infra:ovh", "region:eu"]
    ),
  ]

  static let zoneList: [JSONValue] = zoneRows.enumerated().map { index, zone in
    [
      "id": .string("zone_\(index + 1)"), "name": .string(zone.0), "country": .string(zone.1),
      "countryCode": .string(zone.2), "city": .string(zone.3), "displayName": .string(zone.4),
      "lat": .double(zone.5), "lon": .double(zone.6),
      "outboundIPs": .array([.string("185.42.\(117 + index).\(10 + index)")]),
      "tags": .array(zone.7.map { .string($0) }),
    ]
  }
}

// MARK: - Drains

extension CleverWorld.Drain {
  /// The drain as the API prints it, with its status advanced to `now`.
  func json(now: Date, transition: TimeInterval) -> JSONValue {
    var current = status
    if now.timeIntervalSince(statusDate) >= transition {
      if current == "ENABLING" || current == "CREATED" { current = "ENABLED" }
      if current == "DISABLING" { current = "DISABLED" }
    }
    let running = current == "ENABLED"
    return [
      "id": .string(id), "resourceId": .string(resourceId), "kind": .string(kind),
      "status": [
        "date": .string(SandboxClock.iso(statusDate)), "status": .string(current),
        "authorId": .string(authorId),
      ],
      "recipient": recipient,
      "execution": ["status": running ? "RUNNING" : "NOT_RUNNING", "lastError": .null],
      "backlog": ["msgRateOut": .double(running ? 12.5 : 0), "msgBacklog": .int(0)],
    ]
  }
}
