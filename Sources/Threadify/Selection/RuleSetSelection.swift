import ThreadifyRules
import WasmBinary

/// Which of several rule sets bind to a module, and the one `patch` without `--rules` uses: the single binding rule
/// set that takes part in automatic selection. Binding runs no template and decodes no function body but those the
/// rule sets' checks scan, so trying every bundled set costs little next to the patch.
public struct RuleSetSelection: Sendable {
  /// Every rule set tried, in the order given.
  public let candidates: [RuleSetCandidate]
  private let ruleSets: [RuleSet]

  /// Binds each of `ruleSets` to `module` with its default params.
  public init(_ module: WasmModule, among ruleSets: [RuleSet]) {
    self.ruleSets = ruleSets
    candidates = ruleSets.map { rules in
      let candidate = RuleSetCandidate(
        ruleSet: rules.name, automatic: rules.selection.automatic && rules.base == nil, note: rules.selection.note,
        binds: true)
      do throws(PatchError) {
        _ = try Planner(module: module, rules: rules, params: [:]).bind()
        return candidate
      } catch {
        var failed = candidate
        failed.binds = false
        failed.problem = error.description
        if case .refused(let flavour, _) = error { failed.flavour = flavour }
        return failed
      }
    }
  }

  /// The rule sets that bind.
  public var binding: [RuleSetCandidate] { candidates.filter(\.binds) }

  /// The rule set to patch with when none is named: the only automatic one that binds. Otherwise the failure, which
  /// names every candidate with its reason: ``PatchError/noRuleSetBinds(_:)`` when none binds,
  /// ``PatchError/ruleSetNotChosen(_:)`` when several automatic ones bind or only ones that must be named.
  public func chosen() throws(PatchError) -> RuleSet {
    let automatic = binding.filter(\.automatic)
    if automatic.count == 1, let rules = ruleSets.first(where: { $0.name == automatic[0].ruleSet }) {
      return rules
    }
    throw binding.isEmpty ? .noRuleSetBinds(candidates) : .ruleSetNotChosen(candidates)
  }
}
