import WasmParser

/// What a function body may refer to: the module's index spaces (imported entries first), as the validator of
/// function bodies needs them. Built from a module whose sections outside the code were validated.
public struct ValidationContext: Sendable {
  /// Type index → function type.
  public var types: [FunctionType]
  /// Function index space (imported functions first) → type index.
  public var functionTypeIndices: [TypeIndex]
  /// Table index space → table type.
  public var tables: [TableType]
  /// Memory index space → memory type.
  public var memories: [MemoryType]
  /// Global index space → global type.
  public var globals: [GlobalType]
  /// Element segment index → the segment's reference type.
  public var elementTypes: [ReferenceType]
  /// The data count section's value: `memory.init` and `data.drop` are valid only when it is present.
  public var dataCount: UInt32?
  /// Tag index space (imported tags first) → type index.
  public var tagTypeIndices: [TypeIndex]
  /// The functions `ref.func` may name in a body: those referenced outside function bodies (element segments,
  /// exports, global initialisers).
  public var declaredFunctionReferences: Set<FunctionIndex>

  /// A context from its index spaces.
  public init(
    types: [FunctionType], functionTypeIndices: [TypeIndex], tables: [TableType], memories: [MemoryType],
    globals: [GlobalType], elementTypes: [ReferenceType], dataCount: UInt32?, tagTypeIndices: [TypeIndex],
    declaredFunctionReferences: Set<FunctionIndex>
  ) {
    self.types = types
    self.functionTypeIndices = functionTypeIndices
    self.tables = tables
    self.memories = memories
    self.globals = globals
    self.elementTypes = elementTypes
    self.dataCount = dataCount
    self.tagTypeIndices = tagTypeIndices
    self.declaredFunctionReferences = declaredFunctionReferences
  }
}
