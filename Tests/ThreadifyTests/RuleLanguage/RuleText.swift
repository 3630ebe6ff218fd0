import Threadify
import ThreadifyRules
import WAT
import WasmBinary

/// Rule files and modules written inline by the rule-language tests.
enum RuleText {
  private struct Missing: Error, CustomStringConvertible {
    var description: String { "no such file" }
  }

  /// Loads `text` as `t.yaml`; `extends` may name the bundled rule sets.
  static func load(_ text: String) throws(RuleError) -> RuleSet {
    try RuleSetLoader.load(
      path: "t.yaml", reader: RuleFileReader { path in if path == "t.yaml" { text } else { throw Missing() } },
      bundled: BundledRules.files)
  }

  /// The error loading `text` gives, as `LINE:COL: error: MESSAGE`.
  static func error(_ text: String) -> String? {
    do {
      _ = try load(text)
      return nil
    } catch {
      return String(error.description.dropFirst("t.yaml:".count))
    }
  }

  /// A module from WAT, with a name section.
  static func module(_ wat: String) throws -> WasmModule {
    try WasmModule(bytes: try wasm(wat))
  }

  /// The bytes of a module from WAT, with a name section.
  static func wasm(_ wat: String) throws -> [UInt8] {
    try wat2wasm(wat, features: [.threads], options: EncodeOptions(nameSection: true))
  }
}
