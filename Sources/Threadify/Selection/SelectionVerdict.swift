/// `inspect`'s verdict from what the describing rule set saw and which candidate rule sets bind: `ready` only when a
/// patch would succeed as the command would be run (without `--rules`, or with the one named).
enum SelectionVerdict {
  private static let threaded = "threaded LLVM output (shared imported memory, passive data, symbols found)"

  /// - Parameters:
  ///   - described: the verdict of the rule set that describes the module.
  ///   - candidates: the rule sets tried; empty leaves `described` as it is.
  ///   - named: the one candidate was named (`--rules`), so automatic selection does not apply.
  static func verdict(described: ModuleReport.Verdict, candidates: [RuleSetCandidate], named: Bool)
    -> ModuleReport.Verdict
  {
    guard !candidates.isEmpty else { return described }
    let binding = candidates.filter(\.binds)
    guard !binding.isEmpty else {
      guard described.readyToPatch else { return described }
      let reasons = candidates.map { "\($0.ruleSet): \($0.problem?.split(separator: "\n").first ?? "")" }
      return .init(
        flavour: named ? candidates[0].flavour ?? "unknown" : "no-rule-set", readyToPatch: false,
        reason: named ? candidates[0].problem ?? "" : "no rule set binds (\(reasons.joined(separator: "; ")))")
    }
    if named {
      return .init(flavour: "ready", readyToPatch: true, reason: "\(threaded): rule set \(binding[0].ruleSet) binds")
    }
    let automatic = binding.filter(\.automatic)
    let byName = binding.filter { !$0.automatic }
    switch automatic.count {
    case 1:
      let also =
        byName.isEmpty ? "" : "; \(byName.namesInWords) \(byName.count == 1 ? "binds" : "bind") too but must be named"
      return .init(
        flavour: "ready", readyToPatch: true,
        reason: "\(threaded): rule set \(automatic[0].ruleSet) binds; patch without --rules uses it" + also)
    case 0:
      return .init(
        flavour: "by-name-only", readyToPatch: true,
        reason: "only \(byName.namesInWords) \(byName.count == 1 ? "binds" : "bind"), which patch never chooses "
          + "without --rules: patch with --rules \(byName.count == 1 ? byName[0].ruleSet : "NAME")"
          + (byName.count == 1 ? byName[0].note.map { " (\($0))" } ?? "" : ""))
    default:
      return .init(
        flavour: "ambiguous", readyToPatch: true,
        reason: "rule sets \(automatic.namesInWords) bind: which ABI the module was built for is ambiguous; "
          + "choose one with --rules NAME")
    }
  }
}
