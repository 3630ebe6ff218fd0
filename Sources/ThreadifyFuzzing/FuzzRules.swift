import Threadify
import ThreadifyRules
import WasmBinary

/// The rule-file half of the fuzz target: an input that does not start with the module magic `\0asm` but contains it
/// is a rule file (the text before the magic) and a module (the magic and everything after it).
///
/// The rule file is loaded twice: as a rule file of its own (it may `extends` a bundled file by its name), and as the
/// base `llvm-threads.yaml` under the bundled `wasmgrind.yaml`, so that mutations of the base reach a complete rule
/// set. Every rule set that loads (what `rules check` accepts) must inspect the module and either refuse it or patch
/// it with every check of ``FuzzPatch`` passing: a rule file `rules check` accepts never crashes a patch.
enum FuzzRules {
  /// A rule file and a module, split at the module's magic.
  struct Input {
    let ruleText: String
    let module: [UInt8]

    /// `nil` unless `bytes` is a rule file followed by a module.
    init?(_ bytes: [UInt8]) {
      let magic: [UInt8] = [0x00, 0x61, 0x73, 0x6D]
      guard !bytes.starts(with: magic), let split = Self.firstIndex(of: magic, in: bytes) else { return nil }
      ruleText = String(decoding: bytes[..<split], as: UTF8.self)
      module = Array(bytes[split...])
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
      guard bytes.count >= needle.count else { return nil }
      return (0...(bytes.count - needle.count)).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
    }
  }

  /// The bundled base, whose text the fuzzed rule file replaces under a bundled set that extends it.
  static let baseName = FuzzPatch.loaded { () throws(RuleError) in try BundledRules.conventionsName() }
  static let extendingBase = FuzzPatch.loaded { () throws(RuleError) in try BundledRules.patchingNames()[0] }

  /// The path the fuzzed rule file is loaded as.
  static let fuzzedPath = "fuzzed.yaml"

  /// Loads the input's rule sets and patches its module with each that loads.
  static func run(_ input: Input) {
    let ruleSets = [
      load(fuzzedPath, replacing: fuzzedPath, with: input.ruleText),
      load(extendingBase + ".yaml", replacing: baseName + ".yaml", with: input.ruleText),
    ].compactMap { $0 }
    guard !ruleSets.isEmpty, let module = try? WasmModule(bytes: input.module) else { return }
    for rules in ruleSets {
      _ = Inspector.inspect(module, rules: rules).text
      FuzzPatch.patch(module, rules: rules, refusesItsOutput: false)
    }
  }

  /// Loads `path` with the bundled files readable by name and `replaced` reading as `text`; `nil` when the rule set
  /// has an error (whose message must still be printable).
  private static func load(_ path: String, replacing replaced: String, with text: String) -> RuleSet? {
    let reader = RuleFileReader { requested in
      if requested == replaced { return text }
      guard let bundled = BundledRules.text(of: String(requested.dropLast(".yaml".count))) else {
        throw NoSuchFile()
      }
      return bundled
    }
    do {
      return try RuleSetLoader.load(path: path, reader: reader)
    } catch {
      _ = error.description
      return nil
    }
  }

  private struct NoSuchFile: Error {}
}
