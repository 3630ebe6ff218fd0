import WasmBinary

/// What a symbol was bound to in the module.
public enum BoundItem: Sendable, Equatable {
  /// A global, by index in the global index space.
  case global(GlobalIndex)
  /// A function, by index in the function index space.
  case function(FunctionIndex)
  /// A constant; `global` is the global it was read from (`nil` for a rule-file default).
  case value(Int64, global: GlobalIndex?)
  /// A table, by index in the table index space.
  case table(TableIndex)
}

/// A symbol of the rule set, bound: the item it names and how it was found (for `--dry-run` and `inspect`).
public struct BoundSymbol: Sendable, Equatable {
  /// The symbol's name in the rule file.
  public let name: String
  /// The item found.
  public let item: BoundItem
  /// Which lookup matched, in words (e.g. "export `NAME`", "heuristic mutable-i32-nonzero-init").
  public let matchedBy: String
}
