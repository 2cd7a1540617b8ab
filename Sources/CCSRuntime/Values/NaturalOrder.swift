/// The natural order of strings: runs of ASCII digits compare by numeric value, everything
/// else byte by byte (`5` < `14`, `app-9` < `app-10`, `v1.2` < `v1.10`). Equal numbers with
/// different leading zeros (`07`, `7`) fall back to plain order, so the order stays total.
enum NaturalOrder {
  static func compare(_ a: String, _ b: String) -> Int {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    var i = 0
    var j = 0
    while i < x.count, j < y.count {
      if isDigit(x[i]), isDigit(y[j]) {
        var iEnd = i
        while iEnd < x.count, isDigit(x[iEnd]) { iEnd += 1 }
        var jEnd = j
        while jEnd < y.count, isDigit(y[jEnd]) { jEnd += 1 }
        var iStart = i
        while iStart < iEnd - 1, x[iStart] == 48 { iStart += 1 }
        var jStart = j
        while jStart < jEnd - 1, y[jStart] == 48 { jStart += 1 }
        let (xLength, yLength) = (iEnd - iStart, jEnd - jStart)
        if xLength != yLength { return xLength < yLength ? -1 : 1 }
        for k in 0..<xLength where x[iStart + k] != y[jStart + k] {
          return x[iStart + k] < y[jStart + k] ? -1 : 1
        }
        i = iEnd
        j = jEnd
      } else {
        if x[i] != y[j] { return x[i] < y[j] ? -1 : 1 }
        i += 1
        j += 1
      }
    }
    if i < x.count || j < y.count { return i < x.count ? 1 : -1 }
    return a < b ? -1 : (a > b ? 1 : 0)
  }

  private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}
