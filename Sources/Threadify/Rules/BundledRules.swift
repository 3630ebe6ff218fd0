import Foundation
import ThreadifyRules

/// The rule sets shipped with wasm-threadify (the repository's `rules/*.yaml`, embedded at build time).
public enum BundledRules {
  /// The rule set used when none is named: the seed crate's ABI.
  public static let defaultName = "wasmgrind"

  /// The rule set `inspect` describes modules with: the toolchain conventions without an ABI.
  public static let conventionsName = "llvm-threads"

  /// Names of the bundled rule sets (file names without `.yaml`).
  public static var names: [String] {
    EmbeddedRuleFiles.files.keys.map { String($0.dropLast(".yaml".count)) }.sorted()
  }

  /// Loads a rule set given as a path to a rule file, or as the name of a bundled one.
  ///
  /// The name of a bundled rule set always means that set, even when a file or folder of that name exists in the
  /// current folder (write `./wasmgrind` for the file). Otherwise an argument containing `/`, ending in `.yaml` or
  /// naming an existing file is a path, and anything else the name of a bundled rule set.
  public static func load(_ pathOrName: String) throws(RuleError) -> RuleSet {
    if isPath(pathOrName) {
      return try RuleSetLoader.load(path: pathOrName, bundled: files)
    }
    guard EmbeddedRuleFiles.files[pathOrName + ".yaml"] != nil else {
      throw RuleError(
        SourceLocation(file: pathOrName, line: 1, column: 1),
        "no rule file '\(pathOrName)' and no bundled rule set of that name (bundled: \(names.joined(separator: ", ")))"
      )
    }
    return try RuleSetLoader.load(bundled: pathOrName + ".yaml", from: files)
  }

  /// The text of a bundled rule file, for `rules show`.
  public static func text(of name: String) -> String? {
    EmbeddedRuleFiles.files[name + ".yaml"]
  }

  private static func isPath(_ argument: String) -> Bool {
    if argument.contains("/") { return true }
    if EmbeddedRuleFiles.files[argument + ".yaml"] != nil { return false }
    return argument.hasSuffix(".yaml") || argument.hasSuffix(".yml") || FileManager.default.fileExists(atPath: argument)
  }

  /// The bundled files, which any rule file's `extends` may name (`extends: llvm-threads`).
  public static let files = BundledRuleFiles(EmbeddedRuleFiles.files)
}
