import Threadify
import ThreadifyRules
import WasmBinary

/// `patch` without `--rules`: the one bundled rule set that binds to the module and takes part in automatic
/// selection (silently, like any success: the output's marker names it, and `--dry-run` and `inspect` show it), or a
/// failure naming every bundled set with its reason — exit 1 when none binds (no bundled rule set
/// can patch the module), exit 2 when the choice is the user's (several bind, or only sets that must be named).
enum AutomaticRules {
  static func choose(for module: WasmModule, input: String) throws(Failure) -> RuleSet {
    let candidates: [RuleSet]
    do {
      candidates = try BundledRules.patching()
    } catch {
      throw .rules(error.description)
    }
    let selection = RuleSetSelection(module, among: candidates)
    do {
      return try selection.chosen()
    } catch .noRuleSetBinds {
      // One reason for all (a refusal every set inherits, a memory none accepts): said once, as `--rules` says it.
      if let only = selection.candidates.first?.problem, selection.candidates.allSatisfy({ $0.problem == only }) {
        throw .refused("\(input): \(only)")
      }
      // A refusal says the module must not be patched at all: then no other rule file helps.
      let refused = selection.candidates.contains { $0.flavour != nil }
      throw .refused(
        "\(input): no bundled rule set can patch this module; the first reason of each:\n"
          + selection.candidates.outcomeLines.joined(separator: "\n")
          + (refused
            ? ""
            : "\nhint: for another ABI, write a rule file (docs/writing-a-rule-file.md) and pass it with --rules FILE"))
    } catch {
      throw .usage("\(input): \(error)")
    }
  }
}
