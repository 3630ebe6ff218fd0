import Foundation

/// The repository the tests run in, found once from this file's own path (`Tests/TestSupport/Repository.swift`);
/// fixtures, rules and examples are read from it by path (they are not SwiftPM resources).
public enum Repository {
  /// The repository's root folder.
  public static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `Tests/Fixtures`.
  public static let fixtures = url("Tests/Fixtures")

  /// The shipped rule files, `rules/`.
  public static let rules = url("rules")

  /// The examples, `examples/`.
  public static let examples = url("examples")

  /// A path under the root.
  public static func url(_ relativePath: String) -> URL { root.appending(path: relativePath) }

  /// The bytes of a file under the root.
  public static func bytes(_ relativePath: String) throws -> [UInt8] {
    Array(try Data(contentsOf: url(relativePath)))
  }

  /// The UTF-8 text of a file under the root.
  public static func text(_ relativePath: String) throws -> String {
    try String(contentsOf: url(relativePath), encoding: .utf8)
  }

  /// The `.wasm` files of a folder under the root, sorted by path; those of its subfolders too when `recursive`.
  /// A missing folder has none.
  public static func wasmFiles(in relativePath: String, recursive: Bool = false) -> [URL] {
    let folder = url(relativePath)
    let manager = FileManager.default
    let paths =
      recursive
      ? (manager.enumerator(atPath: folder.path)?.allObjects as? [String]) ?? []
      : (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
    return paths.filter { $0.hasSuffix(".wasm") }.sorted().map { folder.appending(path: $0) }
  }
}
