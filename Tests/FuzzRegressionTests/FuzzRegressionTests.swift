import CCSFuzzTargets
import Foundation
import Testing

/// Every input a fuzzer once broke a target with (`Fuzz/crashers/TARGET/*`: `scripts/fuzz`
/// writes what it finds to `Fuzz/found/`, and a fixed crasher moves here), and a few hostile
/// inputs per target, run through the same functions the libFuzzer binary calls.
///
/// A target runs synchronously (it is libFuzzer's callback) and waits for its async work, so
/// each input runs on a thread of its own: waiting on one of the cooperative pool's threads
/// could starve the work it waits for.
@Suite("Fuzz regressions", .serialized)
struct FuzzRegressionTests {
  static let crashersFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fuzz/crashers")

  /// Saved crashers as (target, file name, bytes).
  static var saved: [(FuzzTarget, String, [UInt8])] {
    FuzzTarget.allCases.flatMap { target -> [(FuzzTarget, String, [UInt8])] in
      let folder = crashersFolder.appendingPathComponent(target.rawValue)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      return names.sorted().compactMap { name in
        guard !name.hasPrefix("."),
          let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
        else { return nil }
        return (target, name, [UInt8](data))
      }
    }
  }

  /// Runs one input on a thread of its own; the violation it reports, if any.
  static func violation(_ target: FuzzTarget, _ bytes: [UInt8]) async -> FuzzViolation? {
    await withCheckedContinuation { (continuation: CheckedContinuation<FuzzViolation?, Never>) in
      Thread.detachNewThread {
        do throws(FuzzViolation) {
          try target.run(bytes)
          continuation.resume(returning: nil)
        } catch {
          continuation.resume(returning: error)
        }
      }
    }
  }

  @Test("saved crashers stay fixed")
  func savedCrashers() async {
    for (target, name, bytes) in Self.saved {
      let violation = await Self.violation(target, bytes)
      #expect(violation == nil, "\(target.rawValue)/\(name)")
    }
  }

  static let hostile: [(FuzzTarget, String)] = [
    (.parse, String(repeating: "(", count: 5000)),
    (.parse, "def f [x: int = {|| $\"\\(\" ] { f }\n let 9 = |"),
    (.eval, "let x = [1 2 3] | each {|n| $n * 2 } | math sum; $x"),
    (.eval, "mut i = 0; while true { $i += 1 }"),
    (.eval, "cloudron tokens list | length"),
    (.eval, "http delete 'http://127.0.0.1:1/x' --yes; open /etc/passwd"),
    (.json, "[1, {\"a\": \"\\ud800\"}, 1e999, -0, \"\\u0000\"]"),
    (.json, String(repeating: "[", count: 100_000)),
    (.yaml, "a: &x [1, 2]\nb: *x\nc: !!binary aGk=\n"),
    (.csv, "a,a,\"b\n\"\"c\",\n1,2,3,4\n\"unterminated"),
    (.ndjson, "{\"a\":1}\n\n[2]\r\n\"x\"\n{broken"),
    (.sse, "event: x\r\ndata: 1\r\rdata:2\n\nid: \u{0}\nretry: 99999999999999999999\n\n:"),
    (.catalog, "openapi: 3.1.0\npaths:\n  /a/{b}:\n    get:\n      parameters: [{$ref: '#/x'}]\n"),
    (
      .sandbox,
      "GET /api/v1/tasks?page=2&per_page=-1\nAuthorization: Bearer cloudron-demo-owner-token-rw\n\n"
    ),
    (
      .sandbox,
      "POST /__sandbox/faults\nContent-Type: application/json\n\n{\"serverErrorRate\": 1}\n===\nGET /v2/self\n\n"
    ),
    (.config, "x = " + String(repeating: "[{a=", count: 50_000)),
    (.config, "[" + Array(repeating: "a", count: 50_000).joined(separator: ".") + "]"),
    (.config, "default_profile = '''\n[x]\n'''\n'default_profile' = 1\nx = 9223372036854775808"),
    (.config, "\"default_profile\" = \"\"\"\nold\n\"\"\" # c\n[profiles.a]\napi = 'x'\n"),
    (.regex, String(repeating: "(", count: 5000) + "\nx"),
    (.regex, String(repeating: "[", count: 5000) + "\nx"),
    (.regex, "((a{1000}){1000}){1000}\naaa"),
    (.regex, "(x+x+)+y\n" + String(repeating: "x", count: 5000)),
    (.regex, "(?i)(|a|\\b|(?m)^|$)*\\Z\nA\r\nä\u{212A}"),
    (.regex, "[\\p{Lu}&&[^\\x{0}-\\x{10FFFF}]]|\\Q\n\u{10FFFF}"),
  ]

  @Test("hostile inputs give diagnostics, not traps")
  func hostileInputs() async {
    for (target, text) in Self.hostile {
      let violation = await Self.violation(target, Array(text.utf8))
      #expect(violation == nil, "\(target.rawValue): \(text.prefix(40))")
    }
  }
}
