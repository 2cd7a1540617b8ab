import Foundation
import Testing

@testable import CCSSandbox

/// The 96 endpoints of `endpoints.tsv`, with the status, content type and body shape
/// `endpoints-detail.json` documents for each (embedded here; tests read no outside files).
struct EndpointCase: Sendable, CustomTestStringConvertible {
  enum Shape: Sendable {
    case object([String])
    case array([String])
    case wrapped(String, [String])
    case empty
    case png
    case pdf
    case html
    case yaml
    case ndjson
    case sse(String)
  }

  enum Body: Sendable {
    case none
    case json(String)
    case multipart(String)
  }

  var method: String
  var path: String
  var status: Int
  var contentType: String?
  var shape: Shape
  var body: Body = .none
  var headers: [(String, String)] = []
  var needsActiveTask = false

  var testDescription: String { "\(method) \(path)" }
  var isClever: Bool { path.hasPrefix("/v") }
}

private let json = "application/json"
private let invoiceKeys = [
  "invoice_number", "kind", "owner_id", "address", "emission_date", "pay_date", "status",
  "currency", "price_factor", "discount", "vat_percent", "total_tax_excluded", "total_tax",
  "category", "payment_provider", "transaction_id", "customer_order_id",
]
private let deploymentKeys = [
  "id", "ownerId", "applicationId", "startDate", "state", "steps", "version", "origin",
  "hasDedicatedBuild",
]
private let instanceKeys = [
  "id", "ownerId", "applicationId", "deploymentId", "name", "flavor", "index", "state",
  "creationDate", "deletionDate", "network", "isBuildVm",
]
private let drainKeys = ["id", "resourceId", "kind", "status", "recipient", "execution", "backlog"]
private let operatorKeys = [
  "resourceId", "addonId", "name", "ownerId", "plan", "version", "accessUrl", "availableVersions",
  "resources", "features",
]
private let zoneKeys = [
  "id", "name", "country", "countryCode", "city", "displayName", "lat", "lon", "outboundIPs",
  "tags",
]
private let policyKeys = ["retentionPolicies", "offloadPolicies"]
private let taskKeys = [
  "id", "type", "percent", "message", "error", "active", "pending", "creationTime", "result", "ts",
  "success",
]
private let tokenKeys = [
  "id", "name", "accessToken", "identifier", "clientId", "expires", "lastUsedAt", "scope",
]
private let appPasswordKeys = ["id", "name", "userId", "identifier", "creationTime"]
private let eventKeys = ["id", "action", "creationTime", "source", "data"]
private let notificationKeys = [
  "id", "eventId", "title", "message", "creationTime", "acknowledged",
]
private let profileKeys = [
  "id", "username", "email", "fallbackEmail", "displayName", "twoFactorAuthenticationEnabled",
  "role", "hasBackgroundImage", "avatarUrl", "source",
]

private let drains = "/v4/drains/organisations/{ownerId}/resources/{resourceId}/drains"
private let operatorPath = "/v4/addon-providers/addon-{operator_name}/addons/{operator_id}"
private let orchestration = "/v4/orchestration/organisations/{ownerId}/applications/{applicationId}"

let endpointCases: [EndpointCase] = [
  // MARK: Clever Cloud (29)
  .init(
    method: "GET", path: "/v4/billing/organisations/{orgid}/invoices", status: 200,
    contentType: json, shape: .array(invoiceKeys)),
  .init(
    method: "GET", path: "/v4/billing/organisations/{orgid}/invoices/{invoiceid}", status: 200,
    contentType: json, shape: .object(invoiceKeys)),
  .init(
    method: "GET", path: "/v4/billing/organisations/{orgid}/invoices/{invoiceid}.html", status: 200,
    contentType: "text/html", shape: .html),
  .init(
    method: "GET", path: "/v4/billing/organisations/{orgid}/invoices/{invoiceid}.pdf", status: 200,
    contentType: "application/pdf", shape: .pdf),
  .init(
    method: "GET", path: orchestration + "/deployments", status: 200, contentType: json,
    shape: .array(deploymentKeys)),
  .init(
    method: "GET", path: orchestration + "/deployments/{deploymentId}", status: 200,
    contentType: json, shape: .object(deploymentKeys)),
  .init(
    method: "GET", path: orchestration + "/instances", status: 200, contentType: json,
    shape: .array(instanceKeys)),
  .init(
    method: "GET",
    path:
      "/v4/load-balancers/organisations/{ownerId}/applications/{applicationId}"
      + "/load-balancers/default",
    status: 200, contentType: json, shape: .array(["id", "name", "zoneId", "dns"])),
  .init(
    method: "GET",
    path: "/v4/logs/organisations/{ownerId}/applications/{applicationId}/logs?limit=2", status: 200,
    contentType: "text/event-stream", shape: .sse("event: END_OF_STREAM")),
  .init(
    method: "POST", path: drains, status: 200, contentType: json, shape: .object(drainKeys),
    body: .json(#"{"kind":"LOG","recipient":{"type":"RAW_HTTP","url":"https://example.com/logs"}}"#)
  ),
  .init(method: "GET", path: drains, status: 200, contentType: json, shape: .array(drainKeys)),
  .init(
    method: "GET", path: drains + "/{drainId}", status: 200, contentType: json,
    shape: .object(drainKeys)),
  .init(
    method: "DELETE", path: drains + "/{drainId}", status: 204, contentType: nil, shape: .empty),
  .init(
    method: "PUT", path: drains + "/{drainId}/enable", status: 204, contentType: nil, shape: .empty),
  .init(
    method: "PUT", path: drains + "/{drainId}/disable", status: 204, contentType: nil, shape: .empty
  ),
  .init(
    method: "GET", path: drains + "/{drainId}/test-command", status: 200, contentType: json,
    shape: .object(["command"])),
  .init(
    method: "PATCH", path: drains + "/{drainId}/reset-cursor", status: 204, contentType: nil,
    shape: .empty),
  .init(
    method: "GET", path: operatorPath, status: 200, contentType: json,
    shape: .object(operatorKeys + ["javaVersion", "initialCredentials", "api"])),
  .init(
    method: "POST", path: operatorPath + "/reboot", status: 204, contentType: nil, shape: .empty),
  .init(
    method: "POST", path: operatorPath + "/rebuild", status: 204, contentType: nil, shape: .empty),
  .init(
    method: "GET", path: operatorPath + "/version/check", status: 200, contentType: json,
    shape: .object(["installed", "latest", "available", "needUpdate"])),
  .init(
    method: "POST", path: operatorPath + "/version/update", status: 200, contentType: json,
    shape: .object(operatorKeys), body: .json(#"{"targetVersion":"1.6.2"}"#)),
  .init(
    method: "GET", path: "/v4/addon-providers/addon-otoroshi/addons/{operator_id}/config.yaml",
    status: 200, contentType: "application/yaml", shape: .yaml),
  .init(
    method: "POST", path: operatorPath + "/networkgroup", status: 202, contentType: json,
    shape: .object(operatorKeys)),
  .init(
    method: "DELETE", path: operatorPath + "/networkgroup", status: 204, contentType: nil,
    shape: .empty),
  .init(
    method: "GET", path: "/v4/products/zones", status: 200, contentType: json,
    shape: .array(zoneKeys)),
  .init(
    method: "GET", path: "/v4/products/zones/{name}", status: 200, contentType: json,
    shape: .object(zoneKeys)),
  .init(
    method: "GET", path: "/v4/addon-providers/addon-pulsar/addons/{addon-id}/storage-policies",
    status: 200, contentType: json, shape: .object(policyKeys)),
  .init(
    method: "PATCH", path: "/v4/addon-providers/addon-pulsar/addons/{addon-id}/storage-policies",
    status: 201, contentType: json, shape: .object(policyKeys),
    body: .json(#"{"retentionPolicies":{"durationInMinutes":60}}"#)),

  // MARK: Cloudron (67)
  .init(
    method: "GET", path: "/api/v1/app_passwords", status: 200, contentType: json,
    shape: .wrapped("appPasswords", appPasswordKeys)),
  .init(
    method: "POST", path: "/api/v1/app_passwords", status: 200, contentType: json,
    shape: .object(["id", "password"]), body: .json(#"{"name":"mail client","identifier":"mail"}"#)),
  .init(
    method: "GET", path: "/api/v1/app_passwords/{passwordId}", status: 200, contentType: json,
    shape: .object(appPasswordKeys)),
  .init(
    method: "DELETE", path: "/api/v1/app_passwords/{passwordId}", status: 204, contentType: nil,
    shape: .empty),
  .init(
    method: "GET", path: "/api/v1/branding/cloudron_avatar", status: 200, contentType: "image/png",
    shape: .png),
  .init(
    method: "POST", path: "/api/v1/branding/cloudron_avatar", status: 200, contentType: json,
    shape: .object([]), body: .multipart("avatar")),
  .init(
    method: "GET", path: "/api/v1/branding/cloudron_name", status: 200, contentType: json,
    shape: .object(["name"])),
  .init(
    method: "POST", path: "/api/v1/branding/cloudron_name", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"name":"My Cloudron"}"#)),
  .init(
    method: "GET", path: "/api/v1/cloudron/status", status: 200, contentType: json,
    shape: .object(["version"])),
  .init(
    method: "GET", path: "/api/v1/cloudron/avatar", status: 200, contentType: "image/png",
    shape: .png),
  .init(
    method: "GET", path: "/api/v1/cloudron/languages", status: 200, contentType: json,
    shape: .object(["languages"])),
  .init(
    method: "GET", path: "/api/v1/cloudron/language", status: 200, contentType: json,
    shape: .object(["language"])),
  .init(
    method: "POST", path: "/api/v1/cloudron/language", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"language":"de"}"#)),
  .init(
    method: "GET", path: "/api/v1/cloudron/time_zone", status: 200, contentType: json,
    shape: .object(["timeZone"])),
  .init(
    method: "POST", path: "/api/v1/cloudron/time_zone", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"timeZone":"Europe/Berlin"}"#)),
  .init(
    method: "GET", path: "/api/v1/docker/registry_config", status: 200, contentType: json,
    shape: .object(["provider"])),
  .init(
    method: "POST", path: "/api/v1/docker/registry_config", status: 200, contentType: json,
    shape: .object([]),
    body: .json(
      #"{"provider":"dockerhub","serverAddress":"docker.io","username":"me","password":"secret"}"#)),
  .init(
    method: "GET", path: "/api/v1/directory_server/config", status: 200, contentType: json,
    shape: .object(["enabled", "secret", "allowlist"])),
  .init(
    method: "POST", path: "/api/v1/directory_server/config", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"enabled":true,"secret":"s3cret","allowlist":"10.0.0.0/8"}"#)
  ),
  .init(
    method: "GET", path: "/api/v1/eventlog", status: 200, contentType: json,
    shape: .wrapped("eventlogs", eventKeys)),
  .init(
    method: "GET", path: "/api/v1/eventlog/{eventId}", status: 200, contentType: json,
    shape: .object(eventKeys)),
  .init(
    method: "GET", path: "/api/v1/external_ldap/config", status: 200, contentType: json,
    shape: .object([
      "provider", "url", "baseDn", "usernameField", "filter", "groupBaseDn", "bindDn",
      "bindPassword",
    ])),
  .init(
    method: "POST", path: "/api/v1/external_ldap/config", status: 200, contentType: json,
    shape: .object([]),
    body: .json(
      #"{"provider":"jumpcloud","url":"ldaps://ldap.jumpcloud.com","baseDn":"ou=Users,o=1","#
        + #""usernameField":"uid"}"#
    )),
  .init(
    method: "POST", path: "/api/v1/external_ldap/sync", status: 202, contentType: json,
    shape: .object(["taskId"])),
  .init(
    method: "GET", path: "/api/v1/network/blocklist", status: 200, contentType: json,
    shape: .object(["blocklist"])),
  .init(
    method: "POST", path: "/api/v1/network/blocklist", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"blocklist":"5.75.0.0/16"}"#)),
  .init(
    method: "GET", path: "/api/v1/network/dynamic_dns", status: 200, contentType: json,
    shape: .object(["enabled"])),
  .init(
    method: "POST", path: "/api/v1/network/dynamic_dns", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"enabled":true}"#)),
  .init(
    method: "GET", path: "/api/v1/network/ipv4_config", status: 200, contentType: json,
    shape: .object(["provider"])),
  .init(
    method: "POST", path: "/api/v1/network/ipv4_config", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"provider":"fixed","ip":"203.0.113.7"}"#)),
  .init(
    method: "GET", path: "/api/v1/network/ipv6_config", status: 200, contentType: json,
    shape: .object(["provider"])),
  .init(
    method: "POST", path: "/api/v1/network/ipv6_config", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"provider":"interface","iface":"eth0"}"#)),
  .init(
    method: "GET", path: "/api/v1/network/ipv4", status: 200, contentType: json,
    shape: .object(["ip"])),
  .init(
    method: "GET", path: "/api/v1/network/ipv6", status: 200, contentType: json,
    shape: .object(["ip"])),
  .init(
    method: "GET", path: "/api/v1/notifications", status: 200, contentType: json,
    shape: .wrapped("notifications", notificationKeys)),
  .init(
    method: "GET", path: "/api/v1/notifications/{notificationId}", status: 200, contentType: json,
    shape: .object(notificationKeys)),
  .init(
    method: "POST", path: "/api/v1/notifications/{notificationId}", status: 204, contentType: nil,
    shape: .empty, body: .json(#"{"acknowledged":true}"#)),
  .init(
    method: "GET", path: "/api/v1/profile", status: 200, contentType: json,
    shape: .object(profileKeys)),
  .init(
    method: "POST", path: "/api/v1/profile", status: 200, contentType: json, shape: .object([]),
    body: .json(#"{"displayName":"New Name"}"#)),
  .init(
    method: "GET", path: "/api/v1/profile/avatar/{userId}", status: 200,
    contentType: "application/octet-stream", shape: .png),
  .init(
    method: "GET", path: "/api/v1/profile/background_image", status: 404, contentType: json,
    shape: .object(["status", "message"])),
  .init(
    method: "POST", path: "/api/v1/profile/background_image", status: 200, contentType: json,
    shape: .object([]), body: .multipart("backgroundImage")),
  .init(
    method: "POST", path: "/api/v1/profile/password", status: 204, contentType: nil, shape: .empty,
    body: .json(#"{"password":"sandbox-password","newPassword":"n3w-password"}"#)),
  .init(
    method: "POST", path: "/api/v1/profile/twofactorauthentication_secret", status: 200,
    contentType: json, shape: .object(["secret", "qrcode"])),
  .init(
    method: "POST", path: "/api/v1/profile/twofactorauthentication_enable", status: 412,
    contentType: json, shape: .object(["status", "message"]),
    body: .json(#"{"totpToken":"123456"}"#)),
  .init(
    method: "POST", path: "/api/v1/profile/twofactorauthentication_disable", status: 204,
    contentType: nil, shape: .empty, body: .json(#"{"password":"sandbox-password"}"#)),
  .init(
    method: "POST", path: "/api/v1/reverseproxy/renew_certs", status: 202, contentType: json,
    shape: .object(["taskId"]), body: .json(#"{"rebuild":false}"#)),
  .init(
    method: "GET", path: "/api/v1/reverseproxy/trusted_ips", status: 200, contentType: json,
    shape: .object(["trustedIps"])),
  .init(
    method: "POST", path: "/api/v1/reverseproxy/trusted_ips", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"trustedIps":"10.0.0.0/8"}"#)),
  .init(
    method: "GET", path: "/api/v1/system/reboot", status: 200, contentType: json,
    shape: .object(["rebootRequired"])),
  .init(
    method: "POST", path: "/api/v1/system/reboot", status: 202, contentType: json,
    shape: .object([])),
  .init(
    method: "GET", path: "/api/v1/tasks", status: 200, contentType: json,
    shape: .wrapped("tasks", taskKeys)),
  .init(
    method: "GET", path: "/api/v1/tasks/{taskId}", status: 200, contentType: json,
    shape: .object(taskKeys)),
  .init(
    method: "GET", path: "/api/v1/tasks/{taskId}/logs", status: 200,
    contentType: "application/x-logs", shape: .ndjson),
  .init(
    method: "GET", path: "/api/v1/tasks/{taskId}/logstream", status: 200,
    contentType: "text/event-stream", shape: .sse("retry: 3000\n"),
    headers: [("Accept", "text/event-stream")]),
  .init(
    method: "POST", path: "/api/v1/tasks/{taskId}/stop", status: 204, contentType: nil,
    shape: .empty, needsActiveTask: true),
  .init(
    method: "GET", path: "/api/v1/tokens", status: 200, contentType: json,
    shape: .wrapped("tokens", tokenKeys)),
  .init(
    method: "POST", path: "/api/v1/tokens", status: 200, contentType: json,
    shape: .object(tokenKeys), body: .json(#"{"name":"ci","scope":{"*":"rw"}}"#)),
  .init(
    method: "GET", path: "/api/v1/tokens/{tokenId}", status: 200, contentType: json,
    shape: .object(tokenKeys)),
  .init(
    method: "DELETE", path: "/api/v1/tokens/{tokenId}", status: 204, contentType: nil, shape: .empty
  ),
  .init(
    method: "GET", path: "/api/v1/updater/updates", status: 200, contentType: json,
    shape: .object(["updates"])),
  .init(
    method: "POST", path: "/api/v1/updater/check_for_updates", status: 200, contentType: json,
    shape: .object(["updates"])),
  .init(
    method: "POST", path: "/api/v1/updater/update", status: 202, contentType: json,
    shape: .object(["taskId"]), body: .json(#"{"skipBackup":true}"#)),
  .init(
    method: "GET", path: "/api/v1/updater/autoupdate_pattern", status: 200, contentType: json,
    shape: .object(["pattern"])),
  .init(
    method: "POST", path: "/api/v1/updater/autoupdate_pattern", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"pattern":"00 00 2 * * *"}"#)),
  .init(
    method: "GET", path: "/api/v1/user_directory", status: 200, contentType: json,
    shape: .object(["lockUserProfiles", "mandatory2FA"])),
  .init(
    method: "POST", path: "/api/v1/user_directory", status: 200, contentType: json,
    shape: .object([]), body: .json(#"{"lockUserProfiles":true,"mandatory2FA":false}"#)),
]

@Suite("Every documented endpoint")
struct EndpointCatalogTests {
  @Test("the catalog lists the 96 endpoints once each")
  func catalogIsComplete() {
    #expect(endpointCases.count == 96)
    let keys = endpointCases.map { "\($0.method) \($0.path.split(separator: "?")[0])" }
    #expect(Set(keys).count == 96)
    #expect(endpointCases.filter(\.isClever).count == 29)
  }

  @Test("answers with the documented status, content type and shape", arguments: endpointCases)
  func endpointAnswers(_ endpoint: EndpointCase) async throws {
    let taskDuration: Duration = endpoint.needsActiveTask ? .seconds(60) : .milliseconds(400)
    try await withSandbox(taskDuration: taskDuration) { sandbox in
      let path = try await fill(endpoint, sandbox: sandbox)
      var headers = endpoint.isClever ? sandbox.cleverAuth : sandbox.cloudronAuth
      headers += endpoint.headers
      var body: Data?
      switch endpoint.body {
      case .none: break
      case .json(let text):
        headers.append(("Content-Type", "application/json"))
        body = Data(text.utf8)
      case .multipart(let field):
        let png = BinaryDocuments.png(width: 2, height: 2, red: 1, green: 2, blue: 3)
        let form = multipartBody(field: field, fileName: "image.png", bytes: png)
        headers.append(("Content-Type", form.contentType))
        body = form.body
      }
      let result = try await sandbox.send(endpoint.method, path, headers: headers, body: body)
      #expect(result.status == endpoint.status, "\(result.text)")
      if let contentType = endpoint.contentType {
        #expect(result.header("Content-Type")?.hasPrefix(contentType) == true)
      }
      if endpoint.isClever { #expect(result.header("Sozu-Id") != nil) }
      try checkShape(endpoint.shape, result)
    }
  }

  private func fill(_ endpoint: EndpointCase, sandbox: SandboxHarness) async throws -> String {
    var path = endpoint.path
    if endpoint.isClever {
      let ids = try await sandbox.cleverIDs()
      let keycloak = endpoint.path.hasSuffix("/networkgroup") && endpoint.method == "DELETE"
      let values = [
        "{orgid}": ids.orgId, "{ownerId}": ids.orgId, "{applicationId}": ids.appId,
        "{resourceId}": ids.appId, "{deploymentId}": ids.deploymentId,
        "{invoiceid}": ids.invoiceId, "{drainId}": ids.drainId,
        "{operator_name}": keycloak ? "keycloak" : "otoroshi",
        "{operator_id}": keycloak ? ids.keycloakId : ids.otoroshiId, "{addon-id}": ids.pulsarId,
        "{name}": "par",
      ]
      for (key, value) in values { path = path.replacingOccurrences(of: key, with: value) }
      return path
    }
    let ids = try await sandbox.cloudronIDs()
    var taskId = ids.taskId
    if endpoint.needsActiveTask {
      let started = try await sandbox.cloudron("POST", "/reverseproxy/renew_certs")
      taskId = String(try #require(started.json?["taskId"]?.intValue))
    }
    let values = [
      "{passwordId}": ids.passwordId, "{userId}": ids.userId, "{eventId}": ids.eventId,
      "{notificationId}": ids.notificationId, "{taskId}": taskId, "{tokenId}": ids.tokenId,
    ]
    for (key, value) in values { path = path.replacingOccurrences(of: key, with: value) }
    return path
  }
}

/// Checks a response body against an expected shape.
func checkShape(_ shape: EndpointCase.Shape, _ result: HTTPResult) throws {
  func keys(of value: JSONValue?) -> Set<String> {
    Set(value?.objectMembers?.map(\.0) ?? [])
  }
  switch shape {
  case .object(let expected):
    let value = try #require(result.json, "not JSON: \(result.text)")
    #expect(value.objectMembers != nil)
    #expect(Set(expected).isSubset(of: keys(of: value)), "\(result.text)")
  case .array(let expected):
    guard case .array(let items)? = result.json else {
      Issue.record("expected a JSON array, got \(result.text)")
      return
    }
    #expect(!items.isEmpty)
    #expect(Set(expected).isSubset(of: keys(of: items.first)), "\(result.text)")
  case .wrapped(let key, let expected):
    guard case .array(let items)? = result.json?[key] else {
      Issue.record("expected {\(key): [...]}, got \(result.text)")
      return
    }
    #expect(!items.isEmpty)
    #expect(Set(expected).isSubset(of: keys(of: items.first)))
  case .empty:
    #expect(result.body.isEmpty)
  case .png:
    #expect(Array(result.body.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
  case .pdf:
    #expect(result.text.hasPrefix("%PDF-1.4"))
    #expect(result.text.hasSuffix("%%EOF\n"))
    #expect(result.text.contains("xref"))
  case .html:
    #expect(result.text.hasPrefix("<!DOCTYPE html>"))
  case .yaml:
    #expect(result.text.hasPrefix("apiVersion: v1\nkind: OtoroshiCtlConfig\n"))
  case .ndjson:
    let lines = result.text.split(separator: "\n")
    #expect(!lines.isEmpty)
    for line in lines {
      let value = JSONValue(parsing: Data(line.utf8))
      #expect(Set(["realtimeTimestamp", "message", "source"]).isSubset(of: keys(of: value)))
    }
  case .sse(let marker):
    #expect(result.text.contains(marker))
  }
}
