import Foundation
import Testing

/// Runs every script of the golden corpus (`Tests/scripts/**/*.ccs`) through the real `ccs`
/// binary and compares standard output, standard error and the exit status with the files
/// beside it: `NAME.out` (stdout), `NAME.err` (stderr, for failures), `NAME.code` (exit status;
/// default 0, or 1 when `NAME.err` exists), optional `NAME.stdin` and `NAME.args`.
/// `CCS_RECORD=1 swift test --filter Golden` rewrites the expectation files.
struct GoldenScriptTests {
  static let root = CCSBinary.repoRoot.appendingPathComponent("Tests/scripts")

  static var cases: [String] {
    guard let e = FileManager.default.enumerator(atPath: root.path) else { return [] }
    return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".ccs") }.sorted()
  }

  @Test func corpusIsLargeEnough() {
    let all = Self.cases
    let errors = all.filter {
      FileManager.default.fileExists(
        atPath: Self.root.appendingPathComponent(Self.stem($0) + ".err").path)
    }
    #expect(all.count >= 150, "the corpus has \(all.count) cases")
    #expect(errors.count >= 40, "the corpus has \(errors.count) error cases")
  }

  static func stem(_ path: String) -> String { String(path.dropLast(4)) }

  /// The sandbox's demo secrets never reach an expected output or error (redaction works).
  @Test func noSandboxSecretInExpectations() throws {
    let secrets = [
      "cloudron-demo-owner-token-rw", "cloudron-demo-owner-token-ro",
      "cloudron-demo-member-token-rw",
      "clever-demo-api-token",
      "sandbox-oauth-secret", "sandbox-consumer-secret", "sandbox-oauth-token",
    ]
    let files =
      (FileManager.default.enumerator(atPath: Self.root.path)?.compactMap { $0 as? String } ?? [])
      .filter { $0.hasSuffix(".out") || $0.hasSuffix(".err") }
    #expect(!files.isEmpty)
    for file in files {
      let text = Self.read(file) ?? ""
      for secret in secrets { #expect(!text.contains(secret), "\(file) shows \(secret)") }
    }
  }

  static func read(_ path: String) -> String? {
    (try? Data(contentsOf: root.appendingPathComponent(path))).map {
      String(decoding: $0, as: UTF8.self)
    }
  }

  @Test(arguments: cases)
  func script(_ path: String) async throws {
    let stem = Self.stem(path)
    let dir = Self.root.appendingPathComponent(path).deletingLastPathComponent()
    let name = (path as NSString).lastPathComponent
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ccs-golden-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }
    var args = [name]
    if let extra = Self.read(stem + ".args") {
      args = extra.split(separator: "\n").map(String.init).map { $0 == "$SCRIPT" ? name : $0 }
    }
    let result = try await CCSBinary.run(
      args, stdin: Self.read(stem + ".stdin"),
      environment: ["CCS_TEST_TMP": tmp.path, "HOME": tmp.path],
      directory: dir)
    let expectedErr = Self.read(stem + ".err")
    let expectedCode =
      Self.read(stem + ".code").flatMap {
        Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      ?? (expectedErr == nil ? 0 : 1)
    if ProcessInfo.processInfo.environment["CCS_RECORD"] == "1" {
      try Data(result.stdout.utf8).write(to: Self.root.appendingPathComponent(stem + ".out"))
      if !result.stderr.isEmpty || expectedErr != nil {
        try Data(result.stderr.utf8).write(to: Self.root.appendingPathComponent(stem + ".err"))
      }
      if result.status != (result.stderr.isEmpty ? 0 : 1) {
        try Data("\(result.status)\n".utf8).write(
          to: Self.root.appendingPathComponent(stem + ".code"))
      }
      return
    }
    #expect(result.stdout == (Self.read(stem + ".out") ?? ""), "stdout of \(path)")
    #expect(result.stderr == (expectedErr ?? ""), "stderr of \(path)")
    #expect(result.status == expectedCode, "exit status of \(path)")
  }
}
