/// Lexical path handling for `extends` (the reader, not the loader, decides what a path means).
enum RulePath {
  /// `base` resolved against the directory of `file`; absolute bases are kept.
  static func resolve(_ base: String, relativeTo file: String) -> String {
    if base.hasPrefix("/") { return normalize(base) }
    guard let slash = file.lastIndex(of: "/") else { return normalize(base) }
    return normalize(String(file[...slash]) + base)
  }

  /// The path with `.` and `name/..` components and repeated slashes removed.
  static func normalize(_ path: String) -> String {
    var components: [Substring] = []
    for component in path.split(separator: "/") {
      switch component {
      case ".": continue
      case "..":
        if let last = components.last, last != ".." {
          components.removeLast()
        } else if !path.hasPrefix("/") {
          components.append(component)
        }
      default: components.append(component)
      }
    }
    return (path.hasPrefix("/") ? "/" : "") + components.joined(separator: "/")
  }

  /// `path` relative to the directory of `root` when inside it, for short messages.
  static func display(_ path: String, relativeTo root: String) -> String {
    guard let slash = root.lastIndex(of: "/") else { return path }
    let directory = normalize(String(root[...slash])) + "/"
    return path.hasPrefix(directory) ? String(path.dropFirst(directory.count)) : path
  }
}
