import Foundation
import Testing

@testable import CCSSandbox

@Suite("Building blocks")
struct SandboxUnitTests {
  @Test("generated PNG chunks carry correct CRCs and the file is well-formed")
  func pngIsValid() throws {
    let png = [UInt8](BinaryDocuments.png(width: 4, height: 3, red: 255, green: 0, blue: 0))
    #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    var offset = 8
    var types: [String] = []
    while offset < png.count {
      let length = png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
      let typeAndData = Array(png[offset + 4..<offset + 8 + length])
      let crc = png[offset + 8 + length..<offset + 12 + length].reduce(UInt32(0)) {
        $0 << 8 | UInt32($1)
      }
      #expect(BinaryDocuments.crc32(typeAndData) == crc)
      types.append(String(decoding: typeAndData.prefix(4), as: UTF8.self))
      offset += 12 + length
    }
    #expect(types == ["IHDR", "IDAT", "IEND"])
    #expect(BinaryDocuments.crc32(Array("IEND".utf8)) == 0xAE42_6082)
  }

  @Test("the PDF's xref offsets point at its objects")
  func pdfIsValid() throws {
    let pdf = String(decoding: BinaryDocuments.pdf(lines: ["Invoice (test)"]), as: UTF8.self)
    #expect(pdf.hasPrefix("%PDF-1.4\n"))
    #expect(pdf.hasSuffix("%%EOF\n"))
    let bytes = Array(pdf.utf8)
    let startxref = try #require(pdf.range(of: "startxref\n"))
    let xrefOffset = try #require(Int(pdf[startxref.upperBound...].prefix { $0.isNumber }))
    #expect(String(decoding: bytes[xrefOffset..<xrefOffset + 4], as: UTF8.self) == "xref")
    let entries = pdf[pdf.range(of: "0000000000 65535 f \n")!.upperBound...]
      .split(separator: "\n").prefix(5)
    for (index, entry) in entries.enumerated() {
      let offset = try #require(Int(entry.prefix(10)))
      #expect(String(decoding: bytes[offset..<offset + 7], as: UTF8.self) == "\(index + 1) 0 obj")
    }
  }

  @Test("JSON values keep key order through parse and serialise")
  func jsonRoundTrip() throws {
    let text = #"{"b":1,"a":[true,null,"x\"y\n"],"c":{"z":-2.5,"é":"\u00e9"}}"#
    let value = try #require(JSONValue(parsing: Data(text.utf8)))
    #expect(value.objectMembers?.map(\.0) == ["b", "a", "c"])
    #expect(value.serialized == #"{"b":1,"a":[true,null,"x\"y\n"],"c":{"z":-2.5,"é":"é"}}"#)
    #expect(JSONValue(parsing: Data("{".utf8)) == nil)
  }

  @Test("route templates capture partial segments")
  func routePatterns() {
    let operatorRoute = RoutePattern(
      "/v4/addon-providers/addon-{operator_name}/addons/{operator_id}")
    #expect(
      operatorRoute.match("/v4/addon-providers/addon-otoroshi/addons/otoroshi_1") == [
        "operator_name": "otoroshi", "operator_id": "otoroshi_1",
      ])
    let pdf = RoutePattern("/invoices/{invoiceid}.pdf")
    #expect(pdf.match("/invoices/INV-1.pdf") == ["invoiceid": "INV-1"])
    #expect(pdf.match("/invoices/INV-1") == nil)
  }

  struct FlagCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var error: String?
    var testDescription: String { arguments.joined(separator: " ") }
  }

  @Test(
    "ccs sandbox serve flags",
    arguments: [
      FlagCase(arguments: ["--port", "8080", "--seed", "7", "--task-duration", "2s"], error: nil),
      FlagCase(
        arguments: [
          "sandbox", "serve", "--port", "8080", "--seed", "7", "--task-duration", "2000ms",
        ],
        error: nil),
      FlagCase(
        arguments: ["--fault", "serverErrorRate=0.25", "--fault=rateLimitNextRequests=3"],
        error: nil),
      FlagCase(arguments: ["--port", "http"], error: "--port expects a port number, found 'http'"),
      FlagCase(
        arguments: ["--task-duration", "soon"],
        error: "--task-duration expects a duration like 3s or 500ms, found 'soon'"),
      FlagCase(
        arguments: ["--fault", "serverErrorRate=2"],
        error: "serverErrorRate must be a number in 0...1"),
      FlagCase(arguments: ["--bogus"], error: "unknown flag '--bogus'"),
      FlagCase(arguments: ["--seed"], error: "--seed expects a value"),
    ])
  func cliFlags(_ flags: FlagCase) {
    switch SandboxCLI.parse(arguments: flags.arguments) {
    case .success(let options):
      #expect(flags.error == nil)
      if flags.arguments.contains("--port") {
        #expect(options.port == 8080)
        #expect(options.seed == 7)
        #expect(options.taskDuration == .seconds(2))
      } else {
        #expect(options.faults.serverErrorRate == 0.25)
        #expect(options.faults.rateLimitNextRequests == 3)
      }
    case .failure(let error):
      #expect(error == .invalid(flags.error ?? "?"))
    }
  }

  @Test("bad flags make serve return 2")
  func serveRejectsBadFlags() async {
    #expect(await SandboxCLI.serve(arguments: ["--nope"]) == 2)
  }
}

@Suite("ccs sandbox serve and odd requests")
struct SandboxServeTests {
  final class Captured: @unchecked Sendable {
    var text = ""
  }

  @Test("serve prints the base URLs and demo tokens, then stops when asked")
  func serveBanner() async {
    let captured = Captured()
    let status = await SandboxCLI.serve(
      arguments: ["--port", "0", "--seed", "3", "--fault", "retryAfterSeconds=2"],
      output: { captured.text += $0 },
      until: { try? await Task.sleep(for: .milliseconds(100)) })
    #expect(status == 0)
    #expect(captured.text.contains("http://127.0.0.1:"))
    #expect(captured.text.contains("/api/v1"))
    #expect(captured.text.contains(DemoCredentials.cloudronToken))
    #expect(captured.text.contains(DemoCredentials.cleverAPIToken))
    #expect(captured.text.contains("seed 3"))
  }

  @Test("unknown paths answer 404 in each API's error shape; HEAD has headers only")
  func unknownAndHead() async throws {
    try await withSandbox { sandbox in
      let cloudron = try await sandbox.cloudron("GET", "/no/such/route")
      #expect(cloudron.status == 404)
      #expect(cloudron.json?.stringMember("status") == "Not Found")
      let v4 = try await sandbox.clever("GET", "/v4/nothing/here")
      #expect(v4.status == 404)
      #expect(v4.json?.stringMember("error") != nil)
      let head = try await sandbox.send("HEAD", "/api/v1/cloudron/status")
      #expect(head.status == 200)
      #expect(head.body.isEmpty)
      #expect(Int(head.header("Content-Length") ?? "") ?? 0 > 0)
    }
  }
}

@Suite("Server lifecycle")
struct ServerLifecycleTests {
  @Test("stop() returns promptly while a live stream is connected, and the stream ends")
  func stopWithOpenStream() async throws {
    let sandbox = try await SandboxHarness.start(liveLogInterval: .milliseconds(50))
    let ids = try await sandbox.cleverIDs()
    let path = "/v4/logs/organisations/\(ids.orgId)/applications/\(ids.appId)/logs"
    let reader = Task {
      try await sandbox.stream(path, headers: sandbox.cleverAuth)
    }
    // Wait until the stream request has reached the server.
    for _ in 0..<100 {
      let log = try await sandbox.send("GET", "/__sandbox/requests")
      if log.text.contains("/logs\"") { break }
      try await Task.sleep(for: .milliseconds(50))
    }
    try await Task.sleep(for: .milliseconds(200))
    let clock = ContinuousClock()
    let start = clock.now
    await sandbox.stop()
    #expect(clock.now - start < .seconds(5))
    // The client sees the connection end without END_OF_STREAM (or fail outright).
    if let result = try? await reader.value {
      #expect(result.outcome != .stoppedByReader)
      #expect(!String(decoding: result.body, as: UTF8.self).contains("END_OF_STREAM"))
    }
  }

  @Test("a stopped server can be replaced by a new one on another ephemeral port")
  func restart() async throws {
    let first = try await SandboxHarness.start()
    await first.stop()
    let second = try await SandboxHarness.start()
    #expect(try await second.cloudron("GET", "/cloudron/status").status == 200)
    await second.stop()
  }
}

@Suite("Log event serialisation")
struct LogEventTests {
  @Test("the hand-written serialisation equals the generic one")
  func fastPathMatchesJSON() {
    let event = ApplicationLogStream.LogEvent(
      id: "i", applicationId: "app_1", commitId: "c", deploymentId: "d", instanceId: "n",
      date: "2026-01-01T00:00:00.000Z", zone: "par", pid: 12, severity: "info", priority: 14,
      service: "bas", message: "say \"hi\"\n")
    #expect(event.serialized == event.json.serialized)
  }

  @Test(
    "ISO dates are formatted in UTC with milliseconds",
    arguments: [
      (1_767_225_600.0, "2026-01-01T00:00:00.000Z"), (951_782_400.123, "2000-02-29T00:00:00.123Z"),
      (0.0, "1970-01-01T00:00:00.000Z"), (1_700_000_000.5, "2023-11-14T22:13:20.500Z"),
    ])
  func isoDates(seconds: Double, expected: String) {
    #expect(SandboxClock.iso(Date(timeIntervalSince1970: seconds)) == expected)
  }
}

@Suite("Start errors")
struct StartErrorTests {
  @Test("start() throws when the port is taken")
  func portInUse() async throws {
    let first = try await SandboxHarness.start()
    let second = SandboxServer(options: SandboxOptions(port: first.endpoints.port))
    await #expect(throws: SandboxError.self) { _ = try await second.start() }
    await second.stop()
    await first.stop()
  }
}
