/// A ``ValidationContext`` with its types translated once into the validator's operand types, so that checking an
/// instruction looks a type up instead of converting it. A nil operand type marks a type the validator does not
/// type (a typed function reference, a GC type): an instruction that needs it is refused as unsupported.
struct OperandContext: Sendable {
  /// A function type's parameters and results.
  struct Signature: Sendable {
    let params: [OperandType]
    let results: [OperandType]

    /// `[] -> []`.
    static let empty = Signature(params: [], results: [])
    /// `[] -> [t]` for each operand type `t`, by raw value: a block type of one result costs no allocation.
    private static let singles = (0...OperandType.unknown.rawValue).map {
      Signature(params: [], results: [OperandType(rawValue: $0)!])
    }

    /// `[] -> [result]`.
    static func single(_ result: OperandType) -> Signature { singles[Int(result.rawValue)] }
  }

  /// A table's element type and the type of its indices (`i64` for a 64-bit table).
  struct Table: Sendable {
    let element: OperandType?
    let address: OperandType
  }

  /// A global's type and whether `global.set` may write it.
  struct Global: Sendable {
    let type: OperandType?
    let isMutable: Bool
  }

  /// The module's index spaces, untranslated (for errors).
  let context: ValidationContext
  /// Type index → signature (nil when a parameter or result is not typed).
  let signatures: [Signature?]
  /// Table index → table.
  let tables: [Table]
  /// Memory index → the type of its addresses (`i64` for a 64-bit memory).
  let memoryAddresses: [OperandType]
  /// Global index → global.
  let globals: [Global]
  /// Element segment index → its element type.
  let elementTypes: [OperandType?]

  init(_ context: ValidationContext) {
    self.context = context
    signatures = context.types.map(Self.signature)
    tables = context.tables.map {
      Table(element: OperandType($0.elementType), address: $0.limits.isMemory64 ? .i64 : .i32)
    }
    memoryAddresses = context.memories.map { $0.isMemory64 ? .i64 : .i32 }
    globals = context.globals.map { Global(type: OperandType($0.valueType), isMutable: $0.mutability == .variable) }
    // A segment of `func` indices has type `(ref func)`: a subtype of `funcref`, as `table.init` needs it.
    elementTypes = context.elementTypes.map { OperandType(ReferenceType(isNullable: true, heapType: $0.heapType)) }
  }

  /// The signature of `type`; nil when one of its types is not typed.
  static func signature(_ type: FunctionType) -> Signature? {
    let params = type.parameters.compactMap(OperandType.init)
    let results = type.results.compactMap(OperandType.init)
    guard params.count == type.parameters.count, results.count == type.results.count else { return nil }
    return Signature(params: params, results: results)
  }

  /// The signature of type index `index`.
  func signature(ofType index: UInt32) throws(ModuleError) -> Signature {
    guard Int(index) < signatures.count else {
      throw ModuleError(offset: nil, "unknown type \(index): type index out of bounds")
    }
    guard let signature = signatures[Int(index)] else {
      throw ModuleError(
        offset: nil,
        "unsupported type \(index): \(context.types[Int(index)]) (only numeric, v128, funcref, externref and exnref values are typed)"
      )
    }
    return signature
  }

  /// The signature of function `index` (imported functions first).
  func signature(ofFunction index: UInt32) throws(ModuleError) -> Signature {
    guard Int(index) < context.functionTypeIndices.count else {
      throw ModuleError(offset: nil, "unknown function \(index): function index out of bounds")
    }
    return try signature(ofType: context.functionTypeIndices[Int(index)])
  }

  /// The signature of tag `index` (imported tags first).
  func signature(ofTag index: UInt32) throws(ModuleError) -> Signature {
    guard Int(index) < context.tagTypeIndices.count else {
      throw ModuleError(offset: nil, "unknown tag \(index): tag index out of bounds")
    }
    return try signature(ofType: context.tagTypeIndices[Int(index)])
  }

  /// Table `index`.
  func table(_ index: UInt32) throws(ModuleError) -> Table {
    guard Int(index) < tables.count else {
      throw ModuleError(offset: nil, "unknown table \(index): table index out of bounds")
    }
    return tables[Int(index)]
  }

  /// The element type of table `index`.
  func elementType(ofTable index: UInt32) throws(ModuleError) -> OperandType {
    guard let element = try table(index).element else {
      throw ModuleError(
        offset: nil, "unsupported element type \(context.tables[Int(index)].elementType) of table \(index)")
    }
    return element
  }

  /// The address type of memory `index`.
  func addressType(ofMemory index: UInt32) throws(ModuleError) -> OperandType {
    guard Int(index) < memoryAddresses.count else {
      throw ModuleError(offset: nil, "unknown memory \(index): memory index out of bounds")
    }
    return memoryAddresses[Int(index)]
  }

  /// Global `index`.
  func global(_ index: UInt32) throws(ModuleError) -> (type: OperandType, isMutable: Bool) {
    guard Int(index) < globals.count else {
      throw ModuleError(offset: nil, "unknown global \(index): global index out of bounds")
    }
    guard let type = globals[Int(index)].type else {
      throw ModuleError(offset: nil, "unsupported type \(context.globals[Int(index)].valueType) of global \(index)")
    }
    return (type, globals[Int(index)].isMutable)
  }

  /// The element type of element segment `index`.
  func elementType(ofSegment index: UInt32) throws(ModuleError) -> OperandType {
    guard Int(index) < elementTypes.count else {
      throw ModuleError(offset: nil, "unknown elem segment \(index): segment index out of bounds")
    }
    guard let type = elementTypes[Int(index)] else {
      throw ModuleError(
        offset: nil, "unsupported element type \(context.elementTypes[Int(index)]) of elem segment \(index)")
    }
    return type
  }

  /// Checks that data segment `index` exists and that the module has the data count section `memory.init` and
  /// `data.drop` need.
  func checkDataSegment(_ index: UInt32) throws(ModuleError) {
    guard let count = context.dataCount else {
      throw ModuleError(offset: nil, "data count section required")
    }
    guard index < count else {
      throw ModuleError(offset: nil, "unknown data segment \(index): segment index out of bounds (\(count) declared)")
    }
  }
}
