import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat
import Testing
import Yams

/// Checks that the OpenAPI 3.0 fixtures decode with `OpenAPIKit30` and convert to 3.1.
///
/// Kept apart from `CatalogDocumentTests.swift` because `OpenAPIKit` and `OpenAPIKit30` both
/// declare `OpenAPI`.
@Suite struct CatalogDocumentTests30 {
  @Test(arguments: ["petstore-3.0.json", "small-3.0.yaml"])
  func fixtureDecodesAndConverts(name: String) throws {
    let text = try CatalogFixture.fixtureFile(name)
    let document: OpenAPIKit30.OpenAPI.Document =
      name.hasSuffix(".json")
      ? try JSONDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: Data(text.utf8))
      : try YAMLDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: text)
    let converted = document.convert(to: .v3_1_0)
    #expect(converted.openAPIVersion == .v3_1_0)
    let endpoints = CatalogFixture.endpoints(of: converted)
    #expect(endpoints.count == (name.hasPrefix("petstore") ? 6 : 4))
    _ = try converted.locallyDereferenced()
  }
}
