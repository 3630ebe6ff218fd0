import ThreadifyRules
import WasmBinary

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The rule sets shipped with wasm-threadify (the repository's `rules/*.yaml`, embedded at build time).
public enum BundledRules {
  /// Every bundled rule set by file name (without `.yaml`), loaded together once per process (the base they extend
  /// is parsed once) when selection or `inspect` needs them all; the loading error of a broken
  /// bundled file (a build defect the tests catch) is kept and thrown by every accessor.
  private static let loaded: Result<[(name: String, rules: RuleSet)], RuleError> = Result(catching: {
    () throws(RuleError) in
    let fileNames = BundledRules.names
    return Array(zip(fileNames, try RuleSetLoader.load(bundled: fileNames.map { $0 + ".yaml" }, from: files)))
  })

  /// Every bundled rule set with its file name (without `.yaml`), in name order, as loaded together once per process.
  public static func all() throws(RuleError) -> [(name: String, rules: RuleSet)] {
    try loaded.get()
  }

  /// The bundled rule sets that patch (no `base: true`), in name order: those `inspect` tries on a module and, when
  /// their rule file allows it (`selection`), the candidates of `patch` without `--rules`.
  public static func patching() throws(RuleError) -> [RuleSet] {
    try loaded.get().map(\.rules).filter { $0.base == nil }
  }

  /// The file names (without `.yaml`) of ``patching()``'s rule sets, in the same order.
  public static func patchingNames() throws(RuleError) -> [String] {
    try loaded.get().filter { $0.rules.base == nil }.map(\.name)
  }

  /// The name of the bundled base (`base: true`) that `inspect` describes modules with when no rule set is named:
  /// the first in name order, if several are bundled.
  public static func conventionsName() throws(RuleError) -> String {
    guard let base = try loaded.get().first(where: { $0.rules.base != nil }) else {
      throw RuleError(
        SourceLocation(file: "rules", line: 1, column: 1), "no bundled rule set is a base (`base: true`)")
    }
    return base.name
  }

  /// The bundled base `inspect` describes modules with when no rule set is named (see ``conventionsName()``).
  public static func conventions() throws(RuleError) -> RuleSet {
    let name = try conventionsName()
    return try loaded.get().first { $0.name == name }!.rules
  }

  /// The bundled base that describes `module`: the first in name order whose `requires.memory.address` is the
  /// address type of the module's memory 0 (`llvm-threads64` for a memory64), else ``conventions()``.
  public static func conventions(for module: WasmModule) throws(RuleError) -> RuleSet {
    let address: AddressType = module.memories.first?.type.isMemory64 == true ? .i64 : .i32
    let bases = try loaded.get().filter { $0.rules.base != nil }
    if let matching = bases.first(where: { $0.rules.requirements.address == address }) { return matching.rules }
    return try conventions()
  }

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
