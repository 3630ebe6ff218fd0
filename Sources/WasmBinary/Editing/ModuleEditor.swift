/// Edits to a module; ``write()`` produces the new bytes.
///
/// Appending never shifts an existing index: new types, functions and globals take the indices after the existing
/// ones. Everything the edits do not touch is copied byte for byte; with no edits, ``write()`` returns the input.
public struct ModuleEditor: Sendable {
  /// The module being edited, as it was read.
  public let module: WasmModule

  /// A global to append.
  struct AddedGlobal {
    let type: GlobalType
    let initializer: ConstantInitializer
    let name: String?
  }

  /// A function to append.
  struct AddedFunction {
    let typeIndex: TypeIndex
    let locals: [ValueType]
    let body: [UInt8]
    let name: String?
    let localNames: [String]
  }

  /// What happens to the start section.
  enum StartEdit {
    case unchanged
    case set(FunctionIndex)
    case removed
  }

  private(set) var addedTypes: [FunctionType] = []
  private(set) var addedGlobals: [AddedGlobal] = []
  private(set) var addedFunctions: [AddedFunction] = []
  /// New bodies of defined functions, by defined-function position (function index minus imported functions).
  private(set) var replacedBodies: [Int: [UInt8]] = [:]
  /// Where the pieces of each replaced body came from, when the caller said (``BodyRewrite``).
  private(set) var replacedBodyPieces: [Int: [BodyRewrite.Piece]] = [:]
  private(set) var addedExports: [Export] = []
  private(set) var removedExportNames: Set<String> = []
  private(set) var startEdit = StartEdit.unchanged
  /// Functions to declare for `ref.func` in a declarative element segment appended to the element section.
  private(set) var declaredFunctions: [FunctionIndex] = []
  /// New limits by memory index.
  private(set) var memoryLimits: [Int: Limits] = [:]
  /// Custom sections to replace (the first of that name) or append, in the order they were set.
  private(set) var customSections: [(name: String, payload: [UInt8])] = []

  /// Starts editing `module`.
  public init(_ module: WasmModule) {
    self.module = module
  }

  /// Returns the index of a function type, appending it unless the module (or an earlier edit) already has it.
  public mutating func addType(_ type: FunctionType) -> TypeIndex {
    if let existing = module.types.firstIndex(of: type) { return TypeIndex(existing) }
    if let added = addedTypes.firstIndex(of: type) { return TypeIndex(module.types.count + added) }
    addedTypes.append(type)
    return TypeIndex(module.types.count + addedTypes.count - 1)
  }

  /// Appends a defined global, named `name` in the name section when given, and returns its index.
  public mutating func addGlobal(_ type: GlobalType, initializer: ConstantInitializer, name: String?) -> GlobalIndex {
    addedGlobals.append(AddedGlobal(type: type, initializer: initializer, name: name))
    return GlobalIndex(module.globalCount + addedGlobals.count - 1)
  }

  /// Appends a defined function and returns its index.
  /// - Parameters:
  ///   - type: its type (added to the type section unless already there).
  ///   - locals: the types of its locals after the parameters; written compressed into runs.
  ///   - body: its encoded instructions, including the final `end` (0x0B).
  ///   - name: its name in the name section, if any.
  ///   - localNames: names for its parameters then its locals, in index order (may be shorter than both together).
  public mutating func addFunction(
    type: FunctionType, locals: [ValueType], body: [UInt8], name: String?, localNames: [String]
  ) -> FunctionIndex {
    precondition(
      localNames.count <= type.parameters.count + locals.count, "more local names than parameters and locals")
    let typeIndex = addType(type)
    addedFunctions.append(
      AddedFunction(typeIndex: typeIndex, locals: locals, body: body, name: name, localNames: localNames))
    return FunctionIndex(module.functionCount + addedFunctions.count - 1)
  }

  /// Replaces the whole body (local declarations and instructions) of a function the module defines.
  public mutating func replaceBody(ofFunction index: FunctionIndex, with body: [UInt8]) {
    let defined = Int(index) - module.importedFunctionCount
    precondition(
      defined >= 0 && defined < module.functionTypeIndices.count, "function \(index) is not defined by the module")
    replacedBodies[defined] = body
  }

  /// Sets the module's source map URL (the `sourceMappingURL` custom section, replaced or appended): for a source
  /// map rewritten for the output, so that the writer keeps the URL rather than drop it as stale.
  public mutating func setSourceMapURL(_ url: String) {
    var payload = ByteWriter()
    payload.name(url)
    setCustomSection(name: DebugSections.sourceMapURL, payload: payload.bytes)
  }

  /// Replaces the body of a function the module defines by a rewrite that says where its pieces came from, so that
  /// the writer's ``CodeOffsetMap`` maps every input instruction to its new place.
  public mutating func replaceBody(ofFunction index: FunctionIndex, with rewrite: BodyRewrite) {
    replaceBody(ofFunction: index, with: rewrite.bytes)
    replacedBodyPieces[Int(index) - module.importedFunctionCount] = rewrite.pieces
  }

  /// Adds an export. Throws when an export of that name exists (and has not been removed) or was added already.
  public mutating func addExport(name: String, _ descriptor: ExportDescriptor) throws(ModuleError) {
    let existing = module.exports.contains { $0.name == name } && !removedExportNames.contains(name)
    guard !existing, !addedExports.contains(where: { $0.name == name }) else {
      throw ModuleError(offset: nil, "the module already has an export named \"\(name)\"")
    }
    addedExports.append(Export(name: name, descriptor: descriptor))
  }

  /// Removes every export named `name`, existing or added; nothing happens when there is none.
  public mutating func removeExports(named name: String) {
    if module.exports.contains(where: { $0.name == name }) { removedExportNames.insert(name) }
    addedExports.removeAll { $0.name == name }
  }

  /// Declares `functions` for `ref.func` in function bodies: the writer appends one declarative element segment
  /// listing them (creating the element section when the module has none). Nothing is written for an empty list.
  public mutating func declareFunctionReferences(_ functions: [FunctionIndex]) {
    declaredFunctions += functions.filter { !declaredFunctions.contains($0) }
  }

  /// Sets the start function, or removes the start section when `index` is nil.
  public mutating func setStart(_ index: FunctionIndex?) {
    if let index {
      startEdit = .set(index)
    } else {
      startEdit = module.start == nil ? .unchanged : .removed
    }
  }

  /// Changes the limits of a memory (imported or defined) by its index in the memory index space.
  public mutating func setMemoryLimits(ofMemory index: Int, _ limits: Limits) {
    precondition(index >= 0 && index < module.memories.count, "memory \(index) does not exist")
    memoryLimits[index] = limits
  }

  /// Sets a custom section's payload (after its name): replaces the first custom section of that name in place, or
  /// appends one at the end of the file. Setting the `name` section this way overrides the names added with
  /// functions and globals.
  public mutating func setCustomSection(name: String, payload: [UInt8]) {
    if let existing = customSections.firstIndex(where: { $0.name == name }) {
      customSections[existing].payload = payload
    } else {
      customSections.append((name, payload))
    }
  }

  /// The edited module's bytes, assembled in memory.
  public func write() -> [UInt8] {
    image().bytes
  }

  /// The edited module as runs of new bytes and original ranges: for writing a large module out without
  /// assembling it. Debug sections the edits would make stale (DWARF when code moves, a source map's URL when a file
  /// offset of code does) are left out; the image's `warnings` name them.
  public func image() -> ModuleImage {
    ModuleWriter(self).write()
  }
}
