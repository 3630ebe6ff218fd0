import Threadify
import ThreadifyRules
import WasmBinary

/// The steps every command shares: load a rule set, resolve params, read a module; each failure with its exit code.
enum RuleLoading {
  static func load(_ pathOrName: String) throws(Failure) -> RuleSet {
    do {
      return try BundledRules.load(pathOrName)
    } catch {
      throw .rules(error.description)
    }
  }

  /// Parses `name=value` overrides and validates them against the rule set's params.
  static func params(of rules: RuleSet, overrides: [String]) throws(Failure) -> [String: Int64] {
    var pairs: [String: String] = [:]
    for override in overrides {
      guard let equals = override.firstIndex(of: "="), equals != override.startIndex else {
        throw .usage("--set \(override): expected name=value")
      }
      pairs[String(override[..<equals])] = String(override[override.index(after: equals)...])
    }
    do {
      return try rules.paramValues(overrides: pairs)
    } catch {
      throw .usage(error.description)
    }
  }

  static func read(_ path: String) throws(Failure) -> WasmModule {
    let bytes = try Files.readInput(path)
    do {
      return try WasmModule(bytes: bytes)
    } catch {
      throw .refused("\(path): malformed module: \(error)")
    }
  }
}
