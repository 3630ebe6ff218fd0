import WasmParser

extension WasmModule {
  /// Validates everything outside the function bodies, as `wasm-tools validate` does with its default features:
  /// types, imports, the function, table, memory, tag, global, export, start, element, data count and data sections
  /// (index spaces, limits, constant expressions and their types, unique export names, the start function's type,
  /// element and data segments against their table or memory), the size of every function body, the names of custom
  /// sections, and the `name` section as `wasm-tools validate --validate-custom` does (its structure, known
  /// subsections, indices increasing and in range: a module with a malformed one is refused, with a hint to strip
  /// it). The reader has already checked the framing, the section order and the counts. Returns what a
  /// ``FunctionBodyValidator`` needs to validate the bodies.
  ///
  /// Throws a ``ModuleError`` naming the offset of the offending entry.
  public func validate() throws(ModuleError) -> ValidationContext {
    try validate(declaringExportsExcept: [])
  }

  /// Validates as ``validate()`` does, as if the exports named in `removed` declared no function for `ref.func`: the
  /// context of the module those exports are removed from (another export of the same function still declares it).
  public func validate(declaringExportsExcept removed: Set<String>) throws(ModuleError) -> ValidationContext {
    var validator = ModuleValidator(bytes)
    validator.undeclaringExports = removed
    for section in sections { try validator.validate(section) }
    try validator.checkBodySizes(layout.bodies)
    do throws(ModuleError) {
      if let failure = names.failure { throw failure }
      try validateNameSection()
    } catch {
      throw ModuleError(
        offset: error.offset,
        "malformed name section: \(error.message) (strip it, e.g. `wasm-tools strip --delete name`, to patch the "
          + "module)")
    }
    return validator.context(dataCount: dataCount)
  }
}

/// The state of a validation pass over a module's sections, in file order: the index spaces as far as they are
/// defined, which is what each later entry may refer to.
struct ModuleValidator {
  let bytes: ModuleBytes
  var types: [FunctionType] = []
  var functionTypeIndices: [TypeIndex] = []
  var tables: [TableType] = []
  var memories: [MemoryType] = []
  var globals: [GlobalType] = []
  var importedGlobalCount = 0
  var tagTypeIndices: [TypeIndex] = []
  var elementTypes: [ReferenceType] = []
  var declaredFunctionReferences: Set<FunctionIndex> = []
  var exportNames: Set<String> = []
  /// The exports that do not declare their function for `ref.func` (those a patch removes).
  var undeclaringExports: Set<String> = []

  init(_ bytes: ModuleBytes) { self.bytes = bytes }

  /// Validates one section (custom sections: their name only).
  mutating func validate(_ section: RawSection) throws(ModuleError) {
    var reader = ByteReader(bytes, section.content)
    switch section.kind {
    case .type: try typeSection(&reader)
    case .import: try importSection(&reader)
    case .function: try functionSection(&reader)
    case .table: try tableSection(&reader)
    case .memory: try memorySection(&reader)
    case .tag: try tagSection(&reader)
    case .global: try globalSection(&reader)
    case .export: try exportSection(&reader)
    case .start: try startSection(&reader)
    case .element: try elementSection(&reader)
    case .dataCount: try dataCountSection(&reader)
    case .data: try dataSection(&reader)
    case .custom:
      let nameLength = section.customName?.utf8.count ?? 0
      try Self.checkNameLength(nameLength, "the custom section's name", offset: section.payload.lowerBound)
      return
    case .code, nil: return
    }
    try EntryWalkers.checkEnd(reader, section.kind?.name ?? "")
  }

  /// Every function body within the size engines accept.
  func checkBodySizes(_ bodies: [Range<Int>]) throws(ModuleError) {
    for (index, body) in bodies.enumerated() where body.count > ValidationLimits.functionBodyBytes {
      throw ModuleError(
        offset: body.lowerBound,
        "function body \(index) is \(body.count) bytes, more than the limit of \(ValidationLimits.functionBodyBytes)")
    }
  }

  /// The index spaces, for the function-body validator.
  func context(dataCount: UInt32?) -> ValidationContext {
    ValidationContext(
      types: types, functionTypeIndices: functionTypeIndices, tables: tables, memories: memories, globals: globals,
      elementTypes: elementTypes, dataCount: dataCount, tagTypeIndices: tagTypeIndices,
      declaredFunctionReferences: declaredFunctionReferences)
  }

  /// The type of function `index`, or an error at `offset` when there is no such function.
  func functionType(_ index: FunctionIndex, offset: Int) throws(ModuleError) -> FunctionType {
    guard Int(index) < functionTypeIndices.count else {
      throw ModuleError(
        offset: offset, "unknown function \(index) (the module has \(functionTypeIndices.count) functions)")
    }
    return types[Int(functionTypeIndices[Int(index)])]
  }

  /// A type index, checked against the types defined (`what` is built only for an error).
  func typeIndex(_ reader: inout ByteReader, _ what: @autoclosure () -> String) throws(ModuleError) -> TypeIndex {
    let offset = reader.offset
    let index = try reader.u32(what())
    guard Int(index) < types.count else {
      throw ModuleError(offset: offset, "unknown type \(index) in \(what()) (the module has \(types.count) types)")
    }
    return index
  }

  /// Fails when a name is longer than engines accept.
  static func checkNameLength(_ length: Int, _ what: String, offset: Int) throws(ModuleError) {
    guard length <= ValidationLimits.nameBytes else {
      throw ModuleError(
        offset: offset, "\(what) is \(length) bytes long, more than the limit of \(ValidationLimits.nameBytes)")
    }
  }

  /// Reads a name (checked by the reader to be UTF-8) and its length against the limit.
  static func name(_ reader: inout ByteReader, _ what: String) throws(ModuleError) -> String {
    let offset = reader.offset
    let name = try reader.name(what)
    try checkNameLength(name.utf8.count, what, offset: offset)
    return name
  }
}
