#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension CleverAPI {
  /// Billing, deployments, instances, load balancers, zones and the log stream.
  var orchestrationRoutes: [Route] {
    let api = self
    let store = self.store
    let billing = "/v4/billing/organisations/{orgid}/invoices"
    let app = "/v4/orchestration/organisations/{ownerId}/applications/{applicationId}"
    return [
      Route("GET", billing + "/{invoiceid}.html") { _, captures in
        switch api.invoice(captures) {
        case .refused(let response): return response
        case .found(let invoice):
          return .bytes(
            Data(Self.invoiceHTML(invoice).utf8), contentType: "text/html; charset=utf-8")
        }
      },
      Route("GET", billing + "/{invoiceid}.pdf") { _, captures in
        switch api.invoice(captures) {
        case .refused(let response): return response
        case .found(let invoice):
          return .bytes(
            BinaryDocuments.pdf(lines: Self.invoiceLines(invoice)), contentType: "application/pdf")
        }
      },
      Route("GET", billing + "/{invoiceid}") { _, captures in
        switch api.invoice(captures) {
        case .refused(let response): return response
        case .found(let invoice): return .json(invoice)
        }
      },
      Route("GET", billing) { request, captures in
        if case .refused(let response) = api.owner(captures["orgid"]) { return response }
        var invoices = store.with { $0.clever.invoices[captures["orgid"] ?? ""] ?? [] }
        let since: Date?
        let until: Date?
        switch (Self.dateQuery(request, "since"), Self.dateQuery(request, "until")) {
        case (.failure(let refusal), _), (_, .failure(let refusal)): return refusal.response
        case (.success(let start), .success(let end)): (since, until) = (start, end)
        }
        invoices = invoices.filter { invoice in
          guard let date = invoice.stringMember("emission_date").flatMap(SandboxClock.parse) else {
            return true
          }
          return (since.map { date >= $0 } ?? true) && (until.map { date <= $0 } ?? true)
        }
        switch Self.limitQuery(request) {
        case .failure(let refusal): return refusal.response
        case .success(let limit): if let limit { invoices = Array(invoices.prefix(limit)) }
        }
        return .json(.array(invoices))
      },
      Route("GET", app + "/deployments/{deploymentId}") { _, captures in
        switch api.application(owner: captures["ownerId"], id: captures["applicationId"]) {
        case .refused(let response): return response
        case .found(let application):
          guard
            let deployment = application.deployments.first(where: {
              $0.stringMember("id") == captures["deploymentId"]
            })
          else {
            return APIError.cleverV4(404, "Deployment not found", field: captures["deploymentId"])
          }
          return .json(deployment)
        }
      },
      Route("GET", app + "/deployments") { request, captures in
        switch api.application(owner: captures["ownerId"], id: captures["applicationId"]) {
        case .refused(let response): return response
        case .found(let application):
          var deployments = application.deployments
          let actions = Set(request.queryValues("action"))
          if !actions.isEmpty {
            deployments = deployments.filter {
              actions.contains($0["origin"]?.stringMember("action") ?? "")
            }
          }
          if request.queryValue("order")?.uppercased() == "ASC" { deployments.reverse() }
          switch Self.limitQuery(request) {
          case .failure(let refusal): return refusal.response
          case .success(let limit): if let limit { deployments = Array(deployments.prefix(limit)) }
          }
          return .json(.array(deployments))
        }
      },
      Route("GET", app + "/instances") { request, captures in
        switch api.application(owner: captures["ownerId"], id: captures["applicationId"]) {
        case .refused(let response): return response
        case .found(let application):
          var instances = application.instances
          if let deployment = request.queryValue("deploymentId") {
            instances = instances.filter { $0.stringMember("deploymentId") == deployment }
          }
          if request.queryValue("excludeDeleted") == "true" {
            instances = instances.filter { $0.stringMember("state") != "DELETED" }
          }
          let include = Set(request.queryValues("includeState"))
          if !include.isEmpty {
            instances = instances.filter { include.contains($0.stringMember("state") ?? "") }
          }
          let exclude = Set(request.queryValues("excludeState"))
          instances = instances.filter { !exclude.contains($0.stringMember("state") ?? "") }
          switch (Self.dateQuery(request, "since"), Self.dateQuery(request, "until")) {
          case (.failure(let refusal), _), (_, .failure(let refusal)): return refusal.response
          case (.success(let since), .success(let until)):
            instances = instances.filter { instance in
              guard let date = instance.stringMember("creationDate").flatMap(SandboxClock.parse)
              else { return true }
              return (since.map { date >= $0 } ?? true) && (until.map { date <= $0 } ?? true)
            }
          }
          if request.queryValue("order")?.uppercased() != "ASC" { instances.reverse() }
          switch Self.limitQuery(request) {
          case .failure(let refusal): return refusal.response
          case .success(let limit): if let limit { instances = Array(instances.prefix(limit)) }
          }
          return .json(.array(instances))
        }
      },
      Route(
        "GET",
        "/v4/load-balancers/organisations/{ownerId}/applications/{applicationId}"
          + "/load-balancers/default"
      ) { _, captures in
        switch api.application(owner: captures["ownerId"], id: captures["applicationId"]) {
        case .refused(let response): return response
        case .found(let application):
          let zoneIndex =
            CleverWorld.zoneList.firstIndex { $0.stringMember("name") == application.zone } ?? 0
          return .json([
            [
              "id": .string("lb_default_\(application.zone)"), "name": "default",
              "zoneId": CleverWorld.zoneList[zoneIndex]["id"] ?? .null,
              "dns": [
                "cname": .string("domain.\(application.zone).clever-cloud.com."),
                "a": ["185.42.117.108", "185.42.117.109"],
              ],
            ]
          ])
        }
      },
      Route("GET", "/v4/products/zones") { request, _ in
        .json(.array(Self.zones(request)))
      },
      Route("GET", "/v4/products/zones/{name}") { request, captures in
        guard
          let zone = Self.zones(request).first(where: {
            $0.stringMember("name") == captures["name"]
          })
        else { return APIError.cleverV4(404, "Zone not found", field: captures["name"]) }
        return .json(zone)
      },
      Route("GET", "/v4/logs/organisations/{ownerId}/applications/{applicationId}/logs") {
        request, captures in
        switch api.application(owner: captures["ownerId"], id: captures["applicationId"]) {
        case .refused(let response): return response
        case .found(let application):
          switch ApplicationLogStream.Query.parse(request) {
          case .failure(let refusal): return refusal.response
          case .success(let query):
            return ApplicationLogStream(store: store, application: application, query: query)
              .response(lastEventID: request.header("Last-Event-ID"))
          }
        }
      },
    ]
  }

  // MARK: - Helpers

  func invoice(_ captures: [String: String]) -> Lookup<JSONValue> {
    if case .refused(let response) = owner(captures["orgid"]) { return .refused(response) }
    let invoice = store.with { state in
      state.clever.invoices[captures["orgid"] ?? ""]?.first {
        $0.stringMember("invoice_number") == captures["invoiceid"]
      }
    }
    guard let invoice else {
      return .refused(APIError.cleverV4(404, "Invoice not found", field: captures["invoiceid"]))
    }
    return .found(invoice)
  }

  static func zones(_ request: SandboxRequest) -> [JSONValue] {
    let tags = request.queryValues("tag")
    return CleverWorld.zoneList.filter { zone in
      guard case .array(let zoneTags)? = zone["tags"] else { return tags.isEmpty }
      return tags.allSatisfy { zoneTags.contains(.string($0)) }
    }
  }

  static func dateQuery(_ request: SandboxRequest, _ name: String) -> Result<Date?, Refusal> {
    guard let text = request.queryValue(name) else { return .success(nil) }
    guard let date = SandboxClock.parse(text) else {
      return .failure(
        Refusal(APIError.cleverV4(400, "Invalid \(name): expected ISO 8601", field: text)))
    }
    return .success(date)
  }

  static func limitQuery(_ request: SandboxRequest) -> Result<Int?, Refusal> {
    guard let text = request.queryValue("limit") else { return .success(nil) }
    guard let limit = Int(text), limit >= 1 else {
      return .failure(
        Refusal(APIError.cleverV4(400, "limit must be a positive integer", field: text)))
    }
    return .success(limit)
  }

  static func invoiceLines(_ invoice: JSONValue) -> [String] {
    [
      "Clever Cloud - Invoice \(invoice.stringMember("invoice_number") ?? "")",
      "Customer: \(invoice["address"]?.stringMember("name") ?? "")",
      "Emitted: \(invoice.stringMember("emission_date") ?? "")",
      "Status: \(invoice.stringMember("status") ?? "")",
      "Total (tax excluded): "
        + (invoice["total_tax_excluded"]?.stringMember("amount_formatted") ?? ""),
      "VAT: \(invoice["total_tax"]?.stringMember("amount_formatted") ?? "")",
    ]
  }

  static func invoiceHTML(_ invoice: JSONValue) -> String {
    let lines = invoiceLines(invoice)
    let body = lines.dropFirst().map { "<p>\($0)</p>" }.joined(separator: "\n")
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head><meta charset="utf-8"><title>\(lines[0])</title></head>
      <body>
      <h1>\(lines[0])</h1>
      \(body)
      </body>
      </html>

      """
  }
}
