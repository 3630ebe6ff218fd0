/// Rule files shipped inside a program, by file name (`llvm-threads.yaml`), that `extends` can name from any file.
///
/// `extends: llvm-threads` (or `llvm-threads.yaml`) resolves, like every `extends`, to a path relative to the
/// extending file; when no file is there and the value (without a `/`) names a bundled file, the bundled file is
/// used. A bundled file's own `extends` always resolves to bundled files.
public struct BundledRuleFiles: Sendable {
  /// File texts by file name, `.yaml` included.
  public let files: [String: String]

  /// Bundles `files`: texts keyed by file name (`llvm-threads.yaml`).
  public init(_ files: [String: String]) {
    self.files = files
  }

  /// No bundled files: `extends` names only paths.
  public static let none = BundledRuleFiles([:])

  /// The bundled file name an `extends` value names (`NAME` or `NAME.yaml`, no directory), if it is bundled.
  func fileName(for value: String) -> String? {
    guard !value.contains("/") else { return nil }
    for candidate in [value, value + ".yaml"] where files[candidate] != nil { return candidate }
    return nil
  }
}
