/// Whether a complete rule set takes part in automatic selection (`patch` without `--rules`), from the rule file's
/// `selection` key. Never inherited through `extends`: every file says it for itself; without the key a rule set
/// that patches is `automatic`.
public struct SelectionRule: Sendable, Equatable {
  /// `false`: the rule set is used only when named (`--rules NAME`), e.g. because it needs a host that cooperates.
  public var automatic: Bool
  /// Why the rule set is not chosen automatically, or what choosing it means; printed next to it by `inspect` and
  /// by a `patch` that has to ask for `--rules`.
  public var note: String?
  /// The `selection` key, or the rule file when the key is absent.
  public var location: SourceLocation

  /// A selection rule.
  public init(automatic: Bool, note: String?, location: SourceLocation) {
    self.automatic = automatic
    self.note = note
    self.location = location
  }
}
