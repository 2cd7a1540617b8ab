import Foundation
import OpenAPIKit
import Testing
import Yams

/// Checks the endpoint catalogs in `stdlib/apis/` and the OpenAPI 3.1 fixtures.
///
/// The catalogs must decode with OpenAPIKit, cover exactly the endpoints of
/// `stdlib/apis/endpoints.tsv` (embedded below), and carry the `x-ccs-*` extensions described in
/// `docs/commands.md`. The OpenAPI 3.0 fixtures are checked in `CatalogDocumentTests30.swift`.
@Suite struct CatalogDocumentTests {
  @Test(arguments: CatalogFixture.apis)
  func catalogDecodesWithEveryEndpoint(api: CatalogFixture.API) throws {
    let document = try CatalogFixture.catalog(api)
    #expect(document.openAPIVersion == .v3_1_0)
    let endpoints = CatalogFixture.endpoints(of: document)
    #expect(endpoints.count == api.endpoints.count)
    #expect(Set(endpoints.map(\.key)) == Set(api.endpoints))
    _ = try document.locallyDereferenced()
  }

  @Test(arguments: CatalogFixture.apis)
  func everyOperationHasAUniqueCommand(api: CatalogFixture.API) throws {
    let document = try CatalogFixture.catalog(api)
    var seen: [String: String] = [:]
    for endpoint in CatalogFixture.endpoints(of: document) {
      let command = endpoint.operation.vendorExtensions["x-ccs-command"]?.value as? String
      try #require(command != nil, "\(endpoint.key) has no x-ccs-command")
      let words = try #require(command)
      #expect(
        seen[words] == nil,
        "\(api.name) \(words) is used by \(endpoint.key) and \(seen[words] ?? "")")
      seen[words] = endpoint.key
      #expect(endpoint.operation.operationId != nil, "\(endpoint.key) has no operationId")
    }
    let commands = Array(seen.keys)
    for command in commands {
      #expect(
        !commands.contains { $0.hasPrefix(command + " ") }, "\(command) is also a command group")
    }
  }

  @Test(arguments: CatalogFixture.apis)
  func everyDeleteIsDestructive(api: CatalogFixture.API) throws {
    let document = try CatalogFixture.catalog(api)
    let deletes = CatalogFixture.endpoints(of: document).filter { $0.method == "DELETE" }
    #expect(!deletes.isEmpty)
    for endpoint in deletes {
      let destructive = endpoint.operation.vendorExtensions["x-ccs-destructive"]?.value as? Bool
      #expect(destructive == true, "\(endpoint.key) is not x-ccs-destructive")
    }
  }

  @Test func cloudronPaginatedListsNameTheirItemsKey() throws {
    let document = try CatalogFixture.catalog(CatalogFixture.apis[1])
    var keys: [String: String] = [:]
    for endpoint in CatalogFixture.endpoints(of: document) {
      guard
        let pagination = endpoint.operation.vendorExtensions["x-ccs-pagination"]?.value
          as? [String: Any]
      else { continue }
      #expect(pagination["style"] as? String == "page")
      keys[endpoint.key] = pagination["itemsKey"] as? String
    }
    #expect(
      keys == [
        "GET /api/v1/app_passwords": "appPasswords",
        "GET /api/v1/eventlog": "eventlogs",
        "GET /api/v1/notifications": "notifications",
        "GET /api/v1/tasks": "tasks",
        "GET /api/v1/tokens": "tokens",
      ])
  }

  @Test(arguments: [("extended-3.1.yaml", 420), ("small-3.1.json", 3)])
  func fixtureDecodes(name: String, operations: Int) throws {
    let document = try CatalogFixture.decode(CatalogFixture.fixtureFile(name), name: name)
    #expect(CatalogFixture.endpoints(of: document).count == operations)
    _ = try document.locallyDereferenced()
  }

  @Test func danglingReferenceFailsToDereference() throws {
    let document = try CatalogFixture.decodeYAML(CatalogFixture.fixtureFile("broken-ref.yaml"))
    #expect(throws: (any Error).self) { try document.locallyDereferenced() }
  }

  @Test(arguments: ["broken-type.json", "not-openapi.yaml", "truncated.json"])
  func brokenDocumentFailsToDecode(name: String) throws {
    let text = try CatalogFixture.fixtureFile(name)
    #expect(throws: (any Error).self) { try CatalogFixture.decode(text, name: name) }
  }
}

/// Locates and decodes the catalogs and fixtures, relative to this source file.
enum CatalogFixture {
  struct API: Sendable, CustomTestStringConvertible {
    let name: String
    let file: String
    let endpoints: [String]
    var testDescription: String { name }
  }

  struct Endpoint {
    let method: String
    let path: String
    let operation: OpenAPI.Operation
    var key: String { "\(method) \(path)" }
  }

  static let apis = [
    API(name: "clever", file: "stdlib/apis/clever-cloud-v4.yaml", endpoints: cleverEndpoints),
    API(name: "cloudron", file: "stdlib/apis/cloudron-v1.yaml", endpoints: cloudronEndpoints),
  ]

  /// Each catalog decoded once for all tests (decoding is slow in debug builds).
  private static let catalogs: [String: Result<OpenAPI.Document, any Error>] = Dictionary(
    uniqueKeysWithValues: apis.map { api in
      (api.name, Result { try decodeYAML(repoFile(api.file)) })
    })

  static func catalog(_ api: API) throws -> OpenAPI.Document {
    try #require(catalogs[api.name]).get()
  }

  /// The repository root: three levels up from this file (`Tests/CCSAPITests/…`).
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func repoFile(_ path: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }

  static func fixtureFile(_ name: String) throws -> String {
    try repoFile("Tests/CCSAPITests/Fixtures/" + name)
  }

  static func decodeYAML(_ text: String) throws -> OpenAPI.Document {
    try YAMLDecoder().decode(OpenAPI.Document.self, from: text)
  }

  /// Decodes a large YAML document through JSON: Yams' `Decoder` is slow in debug builds.
  static func decodeLargeYAML(_ text: String) throws -> OpenAPI.Document {
    let tree = try #require(try Yams.load(yaml: text))
    try #require(JSONSerialization.isValidJSONObject(tree))
    let json = try JSONSerialization.data(withJSONObject: tree)
    return try JSONDecoder().decode(OpenAPI.Document.self, from: json)
  }

  static func decode(_ text: String, name: String) throws -> OpenAPI.Document {
    if name.hasSuffix(".json") {
      return try JSONDecoder().decode(OpenAPI.Document.self, from: Data(text.utf8))
    }
    return name.hasPrefix("extended") ? try decodeLargeYAML(text) : try decodeYAML(text)
  }

  static func endpoints(of document: OpenAPI.Document) -> [Endpoint] {
    document.paths.flatMap { path, item -> [Endpoint] in
      guard let pathItem = item.pathItemValue else { return [] }
      return pathItem.endpoints.map {
        Endpoint(method: $0.method.rawValue, path: path.rawValue, operation: $0.operation)
      }
    }
  }

  // MARK: - The 96 endpoints of stdlib/apis/endpoints.tsv, and the v2 discovery endpoints

  static let cleverEndpoints = [
    "GET /v2/self",
    "GET /v2/organisations",
    "GET /v2/organisations/{id}",
    "GET /v2/organisations/{id}/applications",
    "GET /v2/organisations/{id}/applications/{appId}",
    "GET /v4/billing/organisations/{orgid}/invoices",
    "GET /v4/billing/organisations/{orgid}/invoices/{invoiceid}",
    "GET /v4/billing/organisations/{orgid}/invoices/{invoiceid}.html",
    "GET /v4/billing/organisations/{orgid}/invoices/{invoiceid}.pdf",
    "GET /v4/orchestration/organisations/{ownerId}/applications/{applicationId}/deployments",
    "GET /v4/orchestration/organisations/{ownerId}/applications/{applicationId}/deployments/{deploymentId}",
    "GET /v4/orchestration/organisations/{ownerId}/applications/{applicationId}/instances",
    "GET /v4/load-balancers/organisations/{ownerId}/applications/{applicationId}/load-balancers/default",
    "GET /v4/logs/organisations/{ownerId}/applications/{applicationId}/logs",
    "POST /v4/drains/organisations/{ownerId}/resources/{resourceId}/drains",
    "GET /v4/drains/organisations/{ownerId}/resources/{resourceId}/drains",
    "GET /v4/drains/organisations/{ownerId}/resources/{resourceId}/drains/{drainId}",
    "DELETE /v4/drains/organisations/{ownerId}/resources/{resourceId}/drains/{drainId}",
    "PUT /v4/drains/organisations/{ownerId}/resources/{resourceId}/drains/{drainId}/enable",
    "PUT /v4/drains/organisations/{ownerId}/resources/{resourceId}/drains/{drainId}/disable",
    "GET /v4/drains/organisations/{ownerId}/resources/{resourceId}/drains/{drainId}/test-command",
    "PATCH /v4/drains/organisations/{ownerId}/resources/{resourceId}/drains/{drainId}/reset-cursor",
    "GET /v4/addon-providers/addon-{operator_name}/addons/{operator_id}",
    "POST /v4/addon-providers/addon-{operator_name}/addons/{operator_id}/reboot",
    "POST /v4/addon-providers/addon-{operator_name}/addons/{operator_id}/rebuild",
    "GET /v4/addon-providers/addon-{operator_name}/addons/{operator_id}/version/check",
    "POST /v4/addon-providers/addon-{operator_name}/addons/{operator_id}/version/update",
    "GET /v4/addon-providers/addon-otoroshi/addons/{operator_id}/config.yaml",
    "POST /v4/addon-providers/addon-{operator_name}/addons/{operator_id}/networkgroup",
    "DELETE /v4/addon-providers/addon-{operator_name}/addons/{operator_id}/networkgroup",
    "GET /v4/products/zones",
    "GET /v4/products/zones/{name}",
    "GET /v4/addon-providers/addon-pulsar/addons/{addon-id}/storage-policies",
    "PATCH /v4/addon-providers/addon-pulsar/addons/{addon-id}/storage-policies",
  ]

  static let cloudronEndpoints = [
    "GET /api/v1/app_passwords",
    "POST /api/v1/app_passwords",
    "GET /api/v1/app_passwords/{passwordId}",
    "DELETE /api/v1/app_passwords/{passwordId}",
    "GET /api/v1/branding/cloudron_avatar",
    "POST /api/v1/branding/cloudron_avatar",
    "GET /api/v1/branding/cloudron_name",
    "POST /api/v1/branding/cloudron_name",
    "GET /api/v1/cloudron/status",
    "GET /api/v1/cloudron/avatar",
    "GET /api/v1/cloudron/languages",
    "GET /api/v1/cloudron/language",
    "POST /api/v1/cloudron/language",
    "GET /api/v1/cloudron/time_zone",
    "POST /api/v1/cloudron/time_zone",
    "GET /api/v1/docker/registry_config",
    "POST /api/v1/docker/registry_config",
    "GET /api/v1/directory_server/config",
    "POST /api/v1/directory_server/config",
    "GET /api/v1/eventlog",
    "GET /api/v1/eventlog/{eventId}",
    "GET /api/v1/external_ldap/config",
    "POST /api/v1/external_ldap/config",
    "POST /api/v1/external_ldap/sync",
    "GET /api/v1/network/blocklist",
    "POST /api/v1/network/blocklist",
    "GET /api/v1/network/dynamic_dns",
    "POST /api/v1/network/dynamic_dns",
    "GET /api/v1/network/ipv4_config",
    "POST /api/v1/network/ipv4_config",
    "GET /api/v1/network/ipv6_config",
    "POST /api/v1/network/ipv6_config",
    "GET /api/v1/network/ipv4",
    "GET /api/v1/network/ipv6",
    "GET /api/v1/notifications",
    "GET /api/v1/notifications/{notificationId}",
    "POST /api/v1/notifications/{notificationId}",
    "GET /api/v1/profile",
    "POST /api/v1/profile",
    "GET /api/v1/profile/avatar/{userId}",
    "GET /api/v1/profile/background_image",
    "POST /api/v1/profile/background_image",
    "POST /api/v1/profile/password",
    "POST /api/v1/profile/twofactorauthentication_secret",
    "POST /api/v1/profile/twofactorauthentication_enable",
    "POST /api/v1/profile/twofactorauthentication_disable",
    "POST /api/v1/reverseproxy/renew_certs",
    "GET /api/v1/reverseproxy/trusted_ips",
    "POST /api/v1/reverseproxy/trusted_ips",
    "GET /api/v1/system/reboot",
    "POST /api/v1/system/reboot",
    "GET /api/v1/tasks",
    "GET /api/v1/tasks/{taskId}",
    "GET /api/v1/tasks/{taskId}/logs",
    "GET /api/v1/tasks/{taskId}/logstream",
    "POST /api/v1/tasks/{taskId}/stop",
    "GET /api/v1/tokens",
    "POST /api/v1/tokens",
    "GET /api/v1/tokens/{tokenId}",
    "DELETE /api/v1/tokens/{tokenId}",
    "GET /api/v1/updater/updates",
    "POST /api/v1/updater/check_for_updates",
    "POST /api/v1/updater/update",
    "GET /api/v1/updater/autoupdate_pattern",
    "POST /api/v1/updater/autoupdate_pattern",
    "GET /api/v1/user_directory",
    "POST /api/v1/user_directory",
  ]
}
