import CCS
import CCSRuntime
import Foundation
import Testing

@testable import CCSAPI

/// `api load` and `api show` on the OpenAPI fixtures.
@Suite("api load on the fixtures")
struct BindingLoadTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path

  func engine() async throws -> (Engine, BufferSink) {
    let err = BufferSink()
    let context = RuntimeContext(
      stdout: BufferSink(), stderr: err, environment: ["HOME": "/nonexistent-ccs-test-home"],
      currentDirectory: Self.fixtures)
    return (try await Engine(context: context), err)
  }

  @Test(
    "valid documents load and api show lists their operations",
    arguments: [
      ("petstore-3.0.json", "pets30", 3),
      ("small-3.0.yaml", "small30", 1),
      ("small-3.1.json", "small31", 1),
      ("extended-3.1.yaml", "ext31", 150),
    ])
  func loads(file: String, name: String, minimum: Int) async throws {
    let (engine, _) = try await engine()
    try await engine.evaluate("api load \(Self.fixtures)/\(file) as \(name)")
    let count = Int(Render.plainText(try await engine.evaluate("api show \(name) | length"))) ?? 0
    #expect(count >= minimum)
    let first = try #require(
      try await engine.evaluate("api show \(name) | first 1").listItems?.first?.recordValue)
    for key in ["command", "method", "path", "summary"] {
      #expect(first[key] != nil, "api show record lacks \(key)")
    }
    #expect(first["command"].map(Render.plainText)?.hasPrefix(name + " ") == true)
  }

  @Test(
    "broken documents give an error naming the JSON pointer",
    arguments: [
      ("broken-ref.yaml", "/components/schemas/Missing"),
      ("broken-type.json", "/paths/~1things~1{id}/get/parameters/0"),
    ])
  func broken(file: String, pointer: String) async throws {
    let (engine, _) = try await engine()
    do {
      try await engine.evaluate("api load \(Self.fixtures)/\(file) as bad")
      Issue.record("\(file) loaded")
    } catch {
      #expect("\(error)".contains(pointer), "\(error)")
    }
  }

  @Test(
    "not-OpenAPI and truncated documents give an error, not a crash",
    arguments: ["not-openapi.yaml", "truncated.json"])
  func invalid(file: String) async throws {
    let (engine, _) = try await engine()
    do {
      try await engine.evaluate("api load \(Self.fixtures)/\(file) as bad")
      Issue.record("\(file) loaded")
    } catch {
      #expect(!"\(error)".isEmpty)
    }
  }
}
