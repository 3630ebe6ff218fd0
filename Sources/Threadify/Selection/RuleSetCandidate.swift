/// One rule set tried on a module: whether it binds and, when it does not, the first reason. Stable field names for
/// `inspect --json`.
public struct RuleSetCandidate: Codable, Sendable, Equatable {
  /// The rule set's name.
  public var ruleSet: String
  /// Whether `patch` without `--rules` may choose it (the rule file's `selection: {automatic: ...}`).
  public var automatic: Bool
  /// The rule file's `selection` note, if any.
  public var note: String?
  /// Whether the rule set binds: no refusal, every requirement and check holds, every required symbol is found and
  /// the reservation fits. `patch --rules NAME` then plans; a template that does not fit can still fail it.
  public var binds: Bool
  /// The refusal's flavour (`wasi-threads`, `already-patched`, …) when a refusal or check is the reason.
  public var flavour: String?
  /// The first reason the rule set does not bind (a refusal, a failed requirement or check, a missing symbol and its
  /// hint); `nil` when it binds.
  public var problem: String?

  /// A candidate with what binding it found.
  public init(
    ruleSet: String, automatic: Bool, note: String?, binds: Bool, flavour: String? = nil, problem: String? = nil
  ) {
    self.ruleSet = ruleSet
    self.automatic = automatic
    self.note = note
    self.binds = binds
    self.flavour = flavour
    self.problem = problem
  }
}
