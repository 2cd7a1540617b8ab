import Foundation
import Testing

/// NDJSON on standard input is parsed in 64 KiB chunks, several at once, ahead of the pipeline:
/// values, line numbers and errors must be exactly those of parsing in line, across many chunks.
struct StandardInputTests {
  /// `count` lines `{"n": i}` (1-based), with blank and CRLF-ended lines mixed in, so that
  /// lines and line ends straddle chunk boundaries.
  static func lines(_ count: Int) -> (text: String, lineCount: Int) {
    var text = ""
    var lineCount = 0
    for i in 1...count {
      text +=
        i % 7 == 0
        ? "{\"n\": \(i), \"pad\": \"\(String(repeating: "x", count: i % 50))\"}\r\n"
        : "{\"n\":\(i)}\n"
      lineCount += 1
      if i % 11 == 0 {
        text += "\n"
        lineCount += 1
      }
    }
    return (text, lineCount)
  }

  @Test func manyChunksGiveEveryValueInOrder() async throws {
    let (text, _) = Self.lines(40_000)
    #expect(text.utf8.count > 10 * 65_536)
    let run = try await CCSBinary.run(
      ["-c", "from ndjson | enumerate | where {|e| $e.item.n != $e.index + 1} | length"],
      stdin: text)
    #expect(run.stderr == "")
    #expect(run.stdout == "0\n")
    let sum = try await CCSBinary.run(
      ["-c", "from ndjson | each {|r| $r.n} | math sum"], stdin: text)
    #expect(sum.stdout == "\(40_000 * 40_001 / 2)\n")
  }

  /// A malformed line far into the input: every value before it reaches the pipeline, then the
  /// error names the line as it does for text input.
  @Test func aMalformedLineAfterManyChunksIsReportedAtItsLine() async throws {
    let (good, lineCount) = Self.lines(30_000)
    let text = good + "{\"n\": 30001, oops}\n" + "{\"n\": 1}\n"
    let program = """
      mut total = 0
      try { for r in ($in | from ndjson) { total += $r.n } } catch {|e| print $e.message }
      print $total
      """
    let run = try await CCSBinary.run(["-c", program], stdin: text)
    #expect(run.stderr == "")
    #expect(
      run.stdout
        == "invalid JSON at line \(lineCount + 1), column 14: expected a string key, found 'o'\n\(30_000 * 30_001 / 2)\n"
    )
    // `into string` collects the input first, so this one parses in line.
    let inline = try await CCSBinary.run(
      ["-c", "$in | into string | from ndjson | length"], stdin: text)
    let piped = try await CCSBinary.run(["-c", "from ndjson | length"], stdin: text)
    #expect(piped.status == 1)
    #expect(piped.stderr.contains("invalid JSON at line \(lineCount + 1), column 14"))
    #expect(inline.stderr.contains("invalid JSON at line \(lineCount + 1), column 14"))
  }

  @Test func firstStopsReadingALargeInput() async throws {
    let (text, _) = Self.lines(40_000)
    let run = try await CCSBinary.run(
      ["-c", "from ndjson | first 2 | get n | math sum"], stdin: text)
    #expect(run.stdout == "3\n")
    #expect(run.status == 0)
  }

  /// Lines longer than a chunk (the cut falls inside them, more than once), and a last line
  /// with no newline: parsed whole, in order, with later errors at the right line.
  @Test func linesLongerThanAChunkAndAnUnterminatedLastLine() async throws {
    let long = "{\"n\": 2, \"pad\": \"\(String(repeating: "y", count: 200_000))\"}"
    let text = "{\"n\": 1}\n" + long + "\n" + long + "\r\n{\"n\": 4}"
    let run = try await CCSBinary.run(["-c", "from ndjson | get n | math sum"], stdin: text)
    #expect(run.stderr == "")
    #expect(run.stdout == "9\n")
    let broken = try await CCSBinary.run(
      ["-c", "from ndjson | length"], stdin: text + "\n" + long + "\n{nope")
    #expect(broken.stderr.contains("invalid JSON at line 6, column 2"), "\(broken.stderr)")
  }
}
