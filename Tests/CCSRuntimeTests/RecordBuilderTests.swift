import CCS
import Foundation
import Testing

@testable import CCSRuntime

/// Records and lists built from many items: what used to search every field (or item) before
/// it per step now goes through an index, with the same results.
@Suite("Building from many items")
struct RecordBuilderTests {
  @Test(arguments: [5, 16, 17, 300])
  func builderKeepsFirstPositionAndLastValue(count: Int) {
    var b = RecordBuilder()
    for i in 0..<count { b.set("k\(i)", .int(i)) }
    b.set("k0", "again")
    b.update("k\(count - 1)", default: 0) { $0 = .int(-1) }
    b.update("new", default: 10) { v in
      if case .int(let n) = v { v = .int(n + 1) }
    }
    let r = b.record
    #expect(r.count == count + 1)
    #expect(r.keys.first == "k0" && r["k0"] == "again")
    #expect(r["k\(count - 1)"] == -1)
    #expect(r.keys.last == "new" && r["new"] == 11)
    #expect(b["k\(count / 2)"] == (count / 2 == 0 ? "again" : .int(count / 2)))
    #expect(b["missing"] == nil)
  }

  @Test(arguments: [3, 16, 40])
  func builderFromARecordFindsItsKeys(count: Int) {
    let record = Record((0..<count).map { ("k\($0)", Value.int($0)) })
    var b = RecordBuilder(record)
    #expect(b.record == record)
    #expect(b["k\(count - 1)"] == .int(count - 1) && b["k\(count)"] == nil)
    b.set("k\(count)", "new")
    b.set("k0", "again")
    #expect(b.count == count + 1)
    #expect(b["k\(count)"] == "new" && b.record.keys.first == "k0" && b["k0"] == "again")
  }

  @Test func fingerprintsAgreeWithEquality() {
    let equal: [(Value, Value)] = [
      (1, 1.0), (.float(-0.0), 0), ("é", "e\u{301}"),
      (.list([1, "a"]), .list([1.0, "a"])),
      (.record(Record([("a", .list([1]))])), .record(Record([("a", .list([1.0]))]))),
    ]
    for (a, b) in equal {
      #expect(a == b)
      #expect(a.fingerprint == b.fingerprint, "\(a) and \(b)")
    }
    #expect(Value.int(1).fingerprint != Value.string("1").fingerprint)
  }

  @Test func listDiffMatchesEachItemOnce() {
    let old: Value = .list([1, 2, 2, "x", .record(Record([("id", 1)])), 3])
    let new: Value = .list([2, 3.0, "y", .record(Record([("id", 1)])), 2, 2])
    #expect(
      ValueDiff.diff(from: old, to: new)
        == .record(
          Record([
            ("added", .list(["y", 2])),
            ("removed", .list([1, "x"])),
          ])))
  }

  @Test func listDiffOverManyItems() {
    let old = Value.list((0..<20_000).map { .int($0) })
    let new = Value.list((1..<20_001).reversed().map { .int($0) })
    #expect(
      ValueDiff.diff(from: old, to: new)
        == .record(Record([("added", .list([20_000])), ("removed", .list([0]))])))
  }

  @Test func recordDiffOverManyFields() {
    let a = Record((0..<500).map { ("k\($0)", Value.int($0)) })
    var b = a
    b["k3"] = "changed"
    b["k499"] = nil
    b["extra"] = true
    #expect(
      ValueDiff.diff(from: .record(a), to: .record(b))
        == .record(
          Record([
            ("added", .record(Record([("extra", true)]))),
            ("removed", .record(Record([("k499", 499)]))),
            (
              "changed",
              .record(Record([("k3", .record(Record([("from", 3), ("to", "changed")])))]))
            ),
          ])))
  }

  func evaluate(_ source: String) async throws -> Value {
    let engine = try await Engine(
      context: RuntimeContext(
        stdout: BufferSink(), stderr: BufferSink(), environment: [:], currentDirectory: "/tmp",
        terminalWidth: 80))
    return try await engine.evaluate(source)
  }

  @Test func groupByWithManyGroupsKeepsFirstSeenOrder() async throws {
    let v = try await evaluate(
      "seq 1 3000 | each {|n| {g: ($n mod 1000), n: $n} } | group-by g | columns | length")
    #expect(v == 1000)
    let first = try await evaluate(
      "seq 1 3000 | each {|n| {g: ($n mod 1000), n: $n} } | group-by g | get '0' | get n")
    #expect(first == .list([1000, 2000, 3000]))
  }

  @Test func transposeBackToARecordWithManyKeys() async throws {
    let v = try await evaluate(
      "seq 1 500 | each {|n| {key: \"k$n\", value: $n} } | transpose | get k250")
    #expect(v == 250)
  }
}
