import Testing

@testable import CCSAPI

@Suite("TOML reader")
struct TOMLReaderTests {
  private func read(_ text: String) throws -> TOMLTable { try TOMLReader.parse(text) }

  private func value(_ text: String) throws -> TOMLValue? { try read("v = \(text)\n")["v"] }

  @Test(
    "scalars",
    arguments: [
      (#""a\tb\u00e9\U0001F600\"\\""#, TOMLValue.string("a\tbé😀\"\\")),
      ("'C:\\path\\n'", .string("C:\\path\\n")),
      ("\"\"\"\nline 1\nline 2\"\"\"", .string("line 1\nline 2")),
      ("\"\"\"a \\\n    b\"\"\"", .string("a b")),
      ("'''x''y'''''", .string("x''y''")),
      ("\"\"\"say \"\"hi\"\"\"\"\"", .string("say \"\"hi\"\"")),
      ("+99", .integer(99)), ("-17", .integer(-17)), ("0", .integer(0)), ("-0", .integer(0)),
      ("1_000_000", .integer(1_000_000)), ("0xDEAD_beef", .integer(0xDEAD_BEEF)),
      ("0o755", .integer(0o755)), ("0b1101", .integer(13)),
      ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
      ("3.5", .float(3.5)), ("-1e-2", .float(-0.01)), ("6.626E+3_4", .float(6.626e34)),
      ("-inf", .float(-.infinity)), ("true", .bool(true)), ("false", .bool(false)),
      ("1979-05-27T07:32:00-08:00", .datetime("1979-05-27T07:32:00-08:00")),
      ("1979-05-27 07:32:00.999Z", .datetime("1979-05-27 07:32:00.999Z")),
      ("2024-02-29", .datetime("2024-02-29")), ("07:32:00", .datetime("07:32:00")),
      (
        "[ 1, 'two', [3],\n # note\n ]",
        .array([.integer(1), .string("two"), .array([.integer(3)])])
      ),
    ] as [(String, TOMLValue)])
  func scalars(text: String, expected: TOMLValue) throws {
    #expect(try value(text) == expected)
  }

  @Test("nan reads as a float that is not a number")
  func notANumber() throws {
    guard case .float(let number)? = try value("-nan") else {
      Issue.record("not a float")
      return
    }
    #expect(number.isNaN)
  }

  @Test("tables: headers, dotted keys, inline tables and arrays of tables, in document order")
  func tables() throws {
    let document = try read(
      """
      # a comment\r
      name = "top"
      site."google.com" = true
      [fruit]
      apple.color = "red"
      [fruit.apple.texture]
      smooth = true
      [[products]]
      name = "Hammer"
      [[products]]
      point = { x = 1, y.z = 2 }
      [a.b.c]
      [a]
      d = 1
      """)
    #expect(document.keys == ["name", "site", "fruit", "products", "a"])
    #expect(document["site"]?.table?["google.com"] == .bool(true))
    let apple = document["fruit"]?.table?["apple"]?.table
    #expect(apple?["color"] == .string("red"))
    #expect(apple?["texture"]?.table?["smooth"] == .bool(true))
    guard case .array(let products)? = document["products"] else {
      Issue.record("products is not an array")
      return
    }
    #expect(products.count == 2)
    #expect(products[0].table?["name"] == .string("Hammer"))
    #expect(products[1].table?["point"]?.table?["y"]?.table?["z"] == .integer(2))
    #expect(document["a"]?.table?.keys == ["b", "d"])
  }

  @Test("each key knows its lines; a table knows the line of its header")
  func lines() throws {
    let document = try read(
      "\n\nkey = \"\"\"\none\ntwo\"\"\"\nlist = [\n  1,\n]\n\n[profiles.\"a.b\"]\nx = 1\n")
    #expect(document.lines(of: "key") == 3...5)
    #expect(document.lines(of: "list") == 6...8)
    let profile = document["profiles"]?.table?["a.b"]?.table
    #expect(profile?.line == 10)
    #expect(profile?.line(of: "x") == 11)
  }

  @Test("a byte order mark and CRLF line ends are accepted")
  func byteOrderMarkAndCRLF() throws {
    let document = try read("\u{FEFF}a = 1\r\nb = \"\"\"x\r\ny\"\"\"\r\n")
    #expect(document["a"] == .integer(1))
    #expect(document["b"] == .string("x\ny"))
  }

  @Test(
    "what TOML forbids is an error at its line and column",
    arguments: [
      ("a = 1\na = 2\n", 2, 1, "`a` is defined twice"),
      ("[t]\n[t]\n", 2, 1, "table `t` is defined twice"),
      ("[t]\nx.y = 1\n[t.x]\n", 3, 1, "already defined by dotted keys"),
      ("a = { b = 1 }\n[a]\n", 2, 1, "already a value"),
      ("a = { b = 1 }\na.c = 2\n", 2, 1, "already a value"),
      ("a = []\n[[a]]\n", 2, 1, "already a value"),
      ("[[a]]\n[a]\n", 2, 1, "an array of tables, not a table"),
      ("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", 4, 1, "dotted keys cannot extend `b`"),
      ("x = 9223372036854775808\n", 1, 5, "64-bit integer range"),
      ("x = 0x8000000000000000\n", 1, 5, "64-bit integer range"),
      ("x = 012\n", 1, 5, "a leading zero"),
      ("x = 1__0\n", 1, 5, "not a number"),
      ("x = 1.\n", 1, 5, "digits after `.`"),
      ("x = .5\n", 1, 5, "not a valid value"),
      ("x = 2023-02-29\n", 1, 5, "malformed date"),
      ("x = 24:00:00\n", 1, 5, "malformed date"),
      ("x = \"\\q\"\n", 1, 6, "unknown escape"),
      ("x = \"\\uD800\"\n", 1, 6, "no Unicode scalar value"),
      ("x = \"open\n", 1, 5, "not closed on its line"),
      ("x = '''never\n", 1, 5, "never closed"),
      ("x = \"a\u{7}b\"\n", 1, 7, "control character U+7"),
      ("x = 1 # bell \u{7}\n", 1, 14, "control character U+7 in a comment"),
      ("x = 1\ry = 2\n", 1, 6, "carriage return"),
      ("x = 1 y = 2\n", 1, 7, "expected the end of the line, found `y`"),
      ("x = { a = 1, }\n", 1, 14, "expected a key, found `}`"),
      ("x = { a = 1,\n b = 2 }\n", 1, 13, "expected a key, found a newline"),
      ("x = [1 2]\n", 1, 8, "expected `,` or `]`"),
      ("x = truely\n", 1, 9, "booleans are `true` and `false`"),
      ("\"\"\"k\"\"\" = 1\n", 1, 1, "cannot be a multi-line string"),
      ("[a\nb = 1\n", 1, 3, "to close the table header"),
      ("= 1\n", 1, 1, "expected a key, found `=`"),
      ("é = 1\n", 1, 1, "expected a key, found `é`"),
    ] as [(String, Int, Int, String)])
  func errors(text: String, line: Int, column: Int, fragment: String) {
    let error = #expect(throws: TOMLError.self) { try TOMLReader.parse(text) }
    #expect(error?.line == line, "\(String(describing: error))")
    #expect(error?.column == column, "\(String(describing: error))")
    #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
  }

  @Test(
    "nesting past the bound is an error, not a stack overflow",
    arguments: [
      "x = " + String(repeating: "[", count: 100_000),
      "x = " + String(repeating: "{a=", count: 100_000),
      "[" + Array(repeating: "a", count: 100_000).joined(separator: ".") + "]",
      Array(repeating: "a", count: 100_000).joined(separator: ".") + " = 1",
      "x = " + String(repeating: "{ b = [ ", count: 200) + "1",
    ])
  func deepNesting(text: String) {
    let error = #expect(throws: TOMLError.self) { try TOMLReader.parse(text) }
    #expect(
      error?.message.contains("\(TOMLReader.maxDepth)") == true, "\(String(describing: error))")
  }

  @Test("nesting up to the bound reads")
  func nestingAtTheBound() throws {
    let depth = TOMLReader.maxDepth - 1
    let text = "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    var value = try read(text)["x"]
    var levels = 0
    while case .array(let items)? = value {
      levels += 1
      value = items.first
    }
    #expect(levels == depth)
  }
}
