/// What `inspect` reports about a module; stable field names for `--json`.
public struct ModuleReport: Codable, Sendable, Equatable {
  /// A memory in index-space order.
  public struct Memory: Codable, Sendable, Equatable {
    public var index: Int
    public var minPages: UInt64
    public var maxPages: UInt64?
    public var shared: Bool
    public var address: String
    /// `module.name` when imported.
    public var imported: String?
  }

  /// A global with its name-section name and constant initialiser.
  public struct Global: Codable, Sendable, Equatable {
    public var index: UInt32
    public var name: String?
    public var type: String
    public var imported: String?
    public var initialValue: Int64?
    public var exportedAs: [String]
  }

  /// A rule-set symbol and what it bound to (or why not).
  public struct Symbol: Codable, Sendable, Equatable {
    public var symbol: String
    public var boundTo: String?
    public var via: String?
    public var value: Int64?
    public var problem: String?
  }

  /// An address range of the memory map.
  public struct Region: Codable, Sendable, Equatable {
    public var name: String
    public var start: Int64
    public var end: Int64
    public var note: String?
  }

  /// The verdict: what kind of module this is and whether the rule set can patch it.
  public struct Verdict: Codable, Sendable, Equatable {
    /// `ready` (exactly one rule set that may be chosen automatically binds, or the named one binds), `ambiguous`
    /// (several do), `by-name-only` (only rule sets that must be named bind), `no-rule-set` (the module looks fine
    /// but no rule set binds), `not-threaded`, a refusal flavour (e.g. `wasi-threads`, `already-patched`), or
    /// `unknown`.
    public var flavour: String
    /// Some rule set binds: `patch` can succeed, with `--rules NAME` unless the flavour is `ready`.
    public var readyToPatch: Bool
    public var reason: String
  }

  public var ruleSet: String
  public var verdict: Verdict
  /// The rule sets tried on the module (the bundled ones that patch, or the one named), whether each binds and the
  /// first reason of each that does not.
  public var ruleSets: [RuleSetCandidate]
  /// The rule set `patch` would use: the named one when it binds, else the one automatic selection picks; `nil`
  /// when the patch would fail or needs `--rules NAME`.
  public var selectedRuleSet: String?
  /// The marker section's text when the module was patched by wasm-threadify (`rules=NAME version=V`).
  public var patchedWith: String?
  public var memories: [Memory]
  public var globals: [Global]
  public var importCounts: [String: Int]
  public var imports: [String]
  public var exports: [String]
  public var start: String?
  public var symbols: [Symbol]
  public var tlsSize: Int64?
  public var tlsAlign: Int64?
  public var stackPointer: Symbol?
  public var stackFirst: Bool?
  public var dataEnd: Int64?
  public var heapBase: Int64?
  public var memoryMap: [Region]
  public var targetFeatures: [String]
  public var producers: [String: [String]]
}
