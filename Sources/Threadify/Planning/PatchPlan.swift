import MarkerFormat
import WasmBinary

/// Everything a patch will do to a module, decided before anything is written. Printed by `--dry-run`,
/// applied by ``Threadifier/apply(_:to:)``.
public struct PatchPlan: Sendable {
  /// The rule set's name and version, as recorded in the marker section.
  public let ruleSet: String
  public let ruleSetVersion: String
  /// The symbols bound, in rule-file order.
  public let symbols: [BoundSymbol]
  /// Optional symbols that nothing matched.
  public let unboundSymbols: [String]
  /// Param values in force (defaults with overrides applied), in rule-file order.
  public let params: [NamedValue]
  /// Addresses of the reserved items, in rule-file order.
  public let reservedAddresses: [NamedValue]
  /// Memory 0's limits before and after the patch (in pages).
  public let memoryBefore: Limits
  public let memoryAfter: Limits
  /// Function types to append to the type section before the injected functions' (signatures of indirect calls
  /// the module lacks), in index order.
  public let addedTypes: [FunctionType]
  /// Functions the templates take with `ref.func`, which the output declares in a declarative element segment.
  public let declaredFunctions: [FunctionIndex]
  /// Globals to append, in index order.
  public let globals: [PlannedGlobal]
  /// Functions to append, in index order.
  public let functions: [PlannedFunction]
  /// Export names to remove.
  public let removedExports: [String]
  /// Exports to add.
  public let addedExports: [PlannedExport]
  /// Function bodies rebuilt by instruction rewrites (every other body is copied byte for byte).
  public let rewrittenBodies: [RewrittenBody]
  /// What each rewrite rule did.
  public let rewrites: [RewriteSummary]
  /// The new start function; `nil` removes the start section.
  public let start: FunctionIndex?
  /// The marker custom section, when the rule set declares one.
  public let marker: PlannedMarker?
}

/// The marker custom section a patch adds: its name and what it records.
public struct PlannedMarker: Sendable {
  public let name: String
  public let content: ThreadMarker
}

/// A name with an integer value (a param, a reserved address).
public struct NamedValue: Sendable, Equatable {
  public let name: String
  public let value: Int64
}

/// A global the patch appends.
public struct PlannedGlobal: Sendable {
  public let name: String
  /// Its name in the name section: `name` after the rule set's `names: prefix`.
  public let debugName: String
  public let index: GlobalIndex
  public let type: GlobalType
  public let initializer: ConstantInitializer
}

/// A function the patch appends, its body already encoded.
public struct PlannedFunction: Sendable {
  public let name: String
  public let index: FunctionIndex
  public let type: FunctionType
  public let locals: [ValueType]
  /// Names of params then locals.
  public let localNames: [String]
  /// The function's name in the output's name section.
  public let debugName: String
  /// Encoded instructions including the final `end`.
  public let body: [UInt8]
}

/// An export the patch adds.
public struct PlannedExport: Sendable, Equatable {
  public let name: String
  public let descriptor: ExportDescriptor
}

/// A function body rebuilt by instruction rewrites.
public struct RewrittenBody: Sendable {
  public let index: FunctionIndex
  /// The full new body (local declarations, then instructions) and where its pieces came from.
  public let rewrite: BodyRewrite
}

/// What one rewrite rule did to the module.
public struct RewriteSummary: Sendable, Equatable {
  public let name: String
  /// False when its `when` condition did not hold.
  public let applied: Bool
  /// Functions rewritten and instructions replaced.
  public let functions: Int
  public let sites: Int
}
