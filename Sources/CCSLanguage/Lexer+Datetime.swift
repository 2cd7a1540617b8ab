import CCSText

extension Lexer {
  /// datetime := DATE ('T' TIME ZONE?)?     DATE := YYYY-MM-DD
  /// TIME := HH:MM (':' SS ('.' FRACTION)?)?     ZONE := 'Z' | ('+'|'-') HH ':'? MM
  ///
  /// Lexes a datetime literal at the cursor, or returns nil (leaving the cursor) when the text
  /// is not one, so `2025-01-01` is a date while `2025 - 1` stays arithmetic. Without a zone
  /// the time is UTC; a date alone is midnight UTC. An impossible date (`2025-02-30`) is an
  /// error at the literal.
  mutating func lexDatetime() -> TokenKind? {
    let start = pos
    var i = pos
    func digits(_ count: Int) -> Int? {
      guard i + count <= end else { return nil }
      var v = 0
      for b in bytes[i..<(i + count)] {
        guard b >= 48, b <= 57 else { return nil }
        v = v * 10 + Int(b - 48)
      }
      i += count
      return v
    }
    func take(_ c: Character) -> Bool {
      guard i < end, bytes[i] == c.asciiValue else { return false }
      i += 1
      return true
    }
    guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2)
    else {
      return nil
    }
    var hour = 0
    var minute = 0
    var second = 0
    var fraction = 0.0
    var offset = 0
    if take("T") {
      guard let h = digits(2), take(":"), let m = digits(2) else { return nil }
      (hour, minute) = (h, m)
      if take(":") {
        guard let s = digits(2) else { return nil }
        second = s
        if take(".") {
          var scale = 0.1
          let fractionStart = i
          while i < end, bytes[i] >= 48, bytes[i] <= 57 {
            fraction += Double(bytes[i] - 48) * scale
            scale /= 10
            i += 1
          }
          guard i > fractionStart else { return nil }
        }
      }
      if take("Z") {
      } else if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
        let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
        i += 1
        guard let oh = digits(2) else { return nil }
        _ = take(":")
        guard let om = digits(2) else { return nil }
        offset = sign * (oh * 3600 + om * 60)
      }
    }
    // A literal ends where a word would: `2025-01-01x` is not a date.
    if i < end, Self.isIdentChar(bytes[i]) || bytes[i] == UInt8(ascii: ":") { return nil }
    pos = i
    guard (1...12).contains(month),
      (1...CivilCalendar.daysIn(month: month, year: year)).contains(day), hour < 24,
      minute < 60, second < 60, abs(offset) < 24 * 3600
    else {
      diagnostics.append(
        Diagnostic(
          "invalid datetime literal '\(String(decoding: bytes[start..<pos], as: UTF8.self))'",
          at: SourceRange(start, pos), in: file,
          notes: [
            "write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC unless an offset like +02:00 is given)"
          ]))
      return .datetime(0)
    }
    let days = CivilCalendar.days(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
    return .datetime(Double(seconds) + fraction)
  }
}
