/// The prelude source, embedded in the binary at build time.
public enum Prelude {
  /// The text of `stdlib/prelude.ccs`.
  public static var source: String { String(decoding: PackageResources.prelude_ccs, as: UTF8.self) }
}
