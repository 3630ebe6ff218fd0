import Threadify
import ThreadifyRules
import WasmBinary

/// `patch` without `--rules`: the one bundled rule set that binds to the module and takes part in automatic
/// selection, or a failure naming every bundled set with its reason — exit 1 when none binds (no bundled rule set
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
      let chosen = try selection.chosen()
      Failure.printToStandardError(
        "\(input): rule set \(chosen.name): the only bundled rule set that binds and may be chosen without --rules")
      return chosen
    } catch .noRuleSetBinds {
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
