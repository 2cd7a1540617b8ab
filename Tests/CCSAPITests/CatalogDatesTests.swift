import CCSRuntime
import Foundation
import Testing

@testable import CCSAPI

/// Response dates through nested `$ref`s, and the stream and wait extensions of the catalogs.
@Suite("Catalog dates and stream extensions")
struct CatalogDatesTests {
  static let document = """
    openapi: 3.1.0
    info: {title: t, version: "1"}
    paths:
      /things:
        get:
          operationId: listThings
          responses:
            '200':
              content:
                application/json:
                  schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}
      /events:
        get:
          operationId: events
          x-ccs-stream: {resume: none, dates: {at: epoch-milliseconds}}
          responses:
            '200':
              content:
                text/event-stream:
                  schema: {type: string}
    components:
      schemas:
        Thing:
          type: object
          properties:
            made: {type: string, format: date-time}
            parent: {$ref: '#/components/schemas/Thing'}
            steps: {type: array, items: {$ref: '#/components/schemas/Step'}}
        Step:
          allOf:
            - {type: object, properties: {at: {type: string, format: date-time}}}
    """

  func specs() throws -> [OperationSpec] {
    try CatalogLoader(api: "t", document: try YAMLCodec.decode(Self.document)).operations()
  }

  @Test("date-time fields behind nested and recursive references become dates")
  func nestedReferences() throws {
    let list = try #require(try specs().first { $0.operationId == "listThings" })
    let body =
      #"[{"made":"2026-01-02T03:04:05Z","parent":{"made":"2026-01-01T00:00:00Z"},"steps":[{"at":"2026-01-03T00:00:00.250Z"}],"name":"2026-01-01T00:00:00Z"}]"#
    let value = try ResponseDecoder.decode(
      Array(body.utf8), mediaType: "application/json", schema: list.responseSchema)
    let thing = try #require(value.listItems?.first?.recordValue)
    #expect(thing["made"] == .date(Date(timeIntervalSince1970: 1_767_323_045)))
    #expect(
      thing["parent"]?.recordValue?["made"] == .date(Date(timeIntervalSince1970: 1_767_225_600)))
    #expect(
      thing["steps"]?.listItems?.first?.recordValue?["at"]
        == .date(Date(timeIntervalSince1970: 1_767_398_400.25)))
    #expect(
      thing["name"] == .string("2026-01-01T00:00:00Z"),
      "a field not declared date-time stays a string")
  }

  @Test("x-ccs-stream is read per operation; others get the default")
  func streamBehavior() throws {
    let events = try #require(try specs().first { $0.operationId == "events" })
    #expect(events.streamBehavior.resume == StreamBehavior.Resume.none)
    #expect(events.streamBehavior.dates == ["at": .epochMilliseconds])
    let list = try #require(try specs().first { $0.operationId == "listThings" })
    #expect(list.streamBehavior == .default)
  }

  @Test("a bad x-ccs-stream is a catalog error naming the extension")
  func badExtension() {
    let bad = Self.document.replacingOccurrences(of: "resume: none", with: "resume: maybe")
    #expect {
      _ = try CatalogLoader(api: "t", document: try YAMLCodec.decode(bad)).operations()
    } throws: { error in
      "\(error)".contains("x-ccs-stream")
    }
  }

  @Test("the built-in catalogs declare how their streams and waits behave")
  func builtinCatalogs() throws {
    for (name, yaml) in APIBindings.builtin {
      let specs = try CatalogLoader(
        api: name, document: try YAMLCodec.decode(String(decoding: yaml, as: UTF8.self))
      ).operations()
      for spec in specs where spec.isEventStream {
        #expect(spec.streamBehavior != .default, "\(spec.commandName) has no x-ccs-stream")
      }
      if name == "clever" {
        let logs = try #require(specs.first { $0.words == ["logs"] })
        #expect(logs.streamBehavior.endEvent == "END_OF_STREAM")
        #expect(logs.streamBehavior.dates["date"] == .iso8601)
        #expect(
          specs.first { $0.words == ["deployments", "get"] }?.finalStateWait?.failed == [
            "FAILED", "CANCELLED",
          ])
      } else {
        let logs = try #require(specs.first { $0.words == ["tasks", "logstream"] })
        #expect(logs.streamBehavior.resume == .dedupe)
        #expect(logs.streamBehavior.activeCheck?.path == "/api/v1/tasks/{taskId}")
      }
    }
  }
}
