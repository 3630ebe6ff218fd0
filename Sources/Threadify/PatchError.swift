import ThreadifyRules
import WasmBinary

/// Why a module could not be patched. Every case says what was looked at and, where the rule file gives one,
/// how to fix the build.
public enum PatchError: Error, Sendable, CustomStringConvertible {
  /// The module is not a well-formed WebAssembly binary.
  case malformed(ModuleError)
  /// A `refuse` rule matched: this kind of module must not be patched.
  case refused(flavour: String, reason: String)
  /// A `requires` rule failed.
  case requirementFailed(message: String, hint: String?)
  /// No lookup of a required symbol matched.
  case symbolNotFound(symbol: String, tried: [String], hint: String?)
  /// A heuristic matched several items; nothing is picked silently.
  case symbolAmbiguous(symbol: String, heuristic: String, candidates: [String], hint: String?)
  /// A symbol was found but is not what the rule file declares.
  case symbolMismatch(symbol: String, found: String, problem: String)
  /// A constant does not fit where the template puts it, or an edit collides with the module.
  case invalidEdit(String)
  /// The rule set cannot patch any module (e.g. a base set without a `start` rule): the rules are at fault, not the
  /// module.
  case unusableRuleSet(String)
  /// No rule set of those tried binds to the module; each candidate carries its first reason.
  case noRuleSetBinds([RuleSetCandidate])
  /// Rule sets bind, but none can be chosen without a name: several automatic ones bind, or only ones that are used
  /// only when named.
  case ruleSetNotChosen([RuleSetCandidate])
  /// The patched module failed its read-back check: a bug in wasm-threadify; nothing is written.
  case internalError(String)

  /// One line (two with a hint) for the user.
  public var description: String {
    switch self {
    case .malformed(let error):
      return "malformed module: \(error)"
    case .refused(let flavour, let reason):
      return "refused (\(flavour)): \(reason)"
    case .requirementFailed(let message, let hint):
      return message + Self.hintLine(hint)
    case .symbolNotFound(let symbol, let tried, let hint):
      return "symbol `\(symbol)`: not found (tried: \(tried.joined(separator: ", ")))" + Self.hintLine(hint)
    case .symbolAmbiguous(let symbol, let heuristic, let candidates, let hint):
      return "symbol `\(symbol)`: heuristic \(heuristic) matched \(candidates.count) candidates "
        + "(\(candidates.joined(separator: ", "))); refusing to guess" + Self.hintLine(hint)
    case .symbolMismatch(let symbol, let found, let problem):
      return "symbol `\(symbol)`: \(found) \(problem)"
    case .invalidEdit(let message), .unusableRuleSet(let message):
      return message
    case .noRuleSetBinds(let candidates):
      return (["no rule set binds to this module; the first reason of each:"] + candidates.outcomeLines)
        .joined(separator: "\n")
    case .ruleSetNotChosen(let candidates):
      let automatic = candidates.filter { $0.binds && $0.automatic }
      let byName = candidates.filter(\.binds)
      let head =
        automatic.count > 1
        ? "\(automatic.namesInWords) bind to this module: which ABI it was built for is ambiguous; "
          + "choose one with --rules NAME:"
        : "only \(byName.namesInWords) \(byName.count == 1 ? "binds" : "bind") to this module, which must be named: "
          + "pass --rules \(byName.count == 1 ? byName[0].ruleSet : "NAME") if the host does what it needs:"
      return ([head] + candidates.outcomeLines).joined(separator: "\n")
    case .internalError(let message):
      return "internal error: \(message); please report this"
    }
  }

  private static func hintLine(_ hint: String?) -> String {
    hint.map { "\nhint: \($0)" } ?? ""
  }
}
