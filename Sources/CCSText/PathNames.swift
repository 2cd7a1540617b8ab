/// Slash-separated path names, taken apart and joined as text (nothing touches the disk).
public enum PathName {
  /// `name` inside `directory`: `a/b` + `c` is `a/b/c`; an empty directory gives `name`.
  public static func join(_ directory: String, _ name: String) -> String {
    if directory.isEmpty { return name }
    if name.isEmpty { return directory }
    let trimmedName = name.drop(while: { $0 == "/" })
    return directory.hasSuffix("/") ? directory + trimmedName : directory + "/" + trimmedName
  }

  /// The directory part: `/a/b/c` gives `/a/b`, `/a` gives `/`, `a` gives an empty string
  /// (trailing slashes are ignored).
  public static func directory(of path: String) -> String {
    let trimmed = withoutTrailingSlashes(path)
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    if slash == trimmed.startIndex { return "/" }
    return withoutTrailingSlashes(String(trimmed[..<slash]))
  }

  /// The extension of the last component, without its dot: `a/b.tar.gz` gives `gz`;
  /// `.profile`, `a.` and `a` give an empty string.
  public static func `extension`(of path: String) -> String {
    let trimmed = withoutTrailingSlashes(path)
    let name = trimmed[
      (trimmed.lastIndex(of: "/").map(trimmed.index(after:)) ?? trimmed.startIndex)...]
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return String(name[name.index(after: dot)...])
  }

  private static func withoutTrailingSlashes(_ path: String) -> String {
    var path = Substring(path)
    while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
    return String(path)
  }
}
