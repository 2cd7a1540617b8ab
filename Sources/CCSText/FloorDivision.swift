extension Int64 {
  /// Division rounding toward negative infinity: `(-1).floorDivided(by: 1000)` is -1, where
  /// `/` gives 0. What turns an instant before 1970 into its day or second.
  /// `divisor` must not be zero, and `Int64.min` must not be divided by -1 (as with `/`).
  public func floorDivided(by divisor: Int64) -> Int64 {
    let q = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
  }
}
