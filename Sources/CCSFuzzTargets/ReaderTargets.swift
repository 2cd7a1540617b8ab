import CCSLanguage
import CCSRuntime

/// The format readers: malformed input is a `FormatError`, never a trap; what they accept
/// survives a write and a second read.
enum ReaderTargets {
  static func json(_ bytes: [UInt8]) throws(FuzzViolation) {
    guard let value = try? JSONReader.parse(bytes) else { return }
    let written = JSONWriter.write(value, pretty: false)
    let again: Value
    do {
      again = try JSONReader.parse(written)
    } catch {
      throw FuzzViolation.roundTrip(
        format: "json", detail: "written text does not read back: \(error)")
    }
    // Written text is canonical: a second round gives the same text.
    let rewritten = JSONWriter.write(again, pretty: false)
    guard rewritten == written else {
      throw FuzzViolation.roundTrip(
        format: "json", detail: "\(written.prefix(80)) became \(rewritten.prefix(80))")
    }
    _ = JSONWriter.write(value, pretty: true)
    _ = Render.plainText(value)
  }

  static func yaml(_ bytes: [UInt8]) throws(FuzzViolation) {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let value = try? YAMLCodec.decode(text) else { return }
    _ = try? YAMLCodec.encode(value)
    _ = JSONWriter.write(value, pretty: false)
  }

  static func csv(_ bytes: [UInt8]) throws(FuzzViolation) {
    let text = String(decoding: bytes, as: UTF8.self)
    let separator: Character = bytes.first == UInt8(ascii: "\t") ? "\t" : ","
    guard let rows = try? CSVCodec.decode(text, separator: separator, infer: bytes.count % 2 == 0)
    else { return }
    _ = CSVCodec.encode(rows, separator: separator)
    _ = try? CSVCodec.decode(text, separator: separator, headers: false)
  }

  static func ndjson(_ bytes: [UInt8]) throws(FuzzViolation) {
    let whole = try? NDJSONDecoder.decode(bytes)
    // The same bytes fed in two chunks split anywhere must give the same values.
    let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var decoder = NDJSONDecoder()
    var values: [Value] = []
    let chunked: [Value]?
    do {
      try decoder.feed(Array(bytes[..<cut]), into: &values)
      try decoder.feed(Array(bytes[cut...]), into: &values)
      try decoder.finish(into: &values)
      chunked = values
    } catch {
      chunked = nil
    }
    if let whole, let chunked, whole != chunked {
      throw FuzzViolation.roundTrip(
        format: "ndjson",
        detail: "\(whole.count) values whole, \(chunked.count) in chunks split at \(cut)")
    }
  }

  static func sse(_ bytes: [UInt8]) throws(FuzzViolation) {
    // Inputs here stay far below `SSEParser.maxEventBytes`: a size error is a violation.
    var whole = SSEParser()
    var chunked = SSEParser()
    var expected: [SSEEvent] = []
    var events: [SSEEvent] = []
    do {
      expected = try whole.feed(bytes) + whole.finish()
      var start = 0
      var step = 1
      while start < bytes.count {
        let end = min(bytes.count, start + step)
        events += try chunked.feed(bytes[start..<end])
        start = end
        step = step % 7 + 1
      }
      events += chunked.finish()
    } catch {
      throw FuzzViolation.roundTrip(format: "sse", detail: "\(error)")
    }
    guard events == expected else {
      throw FuzzViolation.roundTrip(
        format: "sse", detail: "\(expected.count) events whole, \(events.count) in chunks")
    }
  }
}
