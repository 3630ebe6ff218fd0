extension WasmModule {
  /// Reads a module. Throws a ``ModuleError`` naming the byte offset when the file is not a well-formed core module
  /// (bad header, bad section framing or order, malformed entries, function/code or data count mismatch, GC types).
  public init(bytes: ModuleBytes) throws(ModuleError) {
    self = try ModuleReader.read(bytes.startIndex == 0 ? bytes : ModuleBytes(bytes), checkingNames: true)
  }

  /// Reads back `output`, a module written from `image` (an edit of `input`), trusting what the image copied: a data
  /// section copied whole is not decoded again (``dataSegments`` stays empty) and copied function bodies are not
  /// walked again; everything else is read as by ``init(bytes:)-(ModuleBytes)``, except the name section, which is
  /// not checked (``names`` is empty).
  public init(rereading output: ModuleBytes, writtenFrom image: ModuleImage, of input: WasmModule)
    throws(ModuleError)
  {
    let output = output.startIndex == 0 ? output : ModuleBytes(output)
    self = try ModuleReader.read(output, checkingNames: false, copies: CopiedRuns(image, input: input))
  }

  /// Reads a module from a copy of `bytes` (see ``init(bytes:)-(ModuleBytes)``).
  public init(bytes: [UInt8]) throws(ModuleError) {
    try self.init(bytes: ModuleBytes(bytes))
  }
}

/// Reads a module section by section: the section walker first checks the framing of the whole file, then
/// each section is decoded by WasmParser (confined to that section; the code, element and custom sections are shown
/// to it empty) and, for the sections the editor changes, walked for the byte ranges of its entries.
struct ModuleReader {
  /// The proposals the reader decodes: all that WasmKit knows. Refusing a feature is the caller's job.
  static let features = WasmFeatureSet.all

  private let bytes: ModuleBytes
  private var types: [FunctionType] = []
  private var imports: [Import] = []
  private var functionTypeIndices: [TypeIndex] = []
  private var tables: [Table] = []
  private var definedMemories: [MemoryType] = []
  private var globals: [Global] = []
  private var exports: [Export] = []
  private var start: FunctionIndex?
  private var dataSegments: [DataSegment] = []
  private var dataCount: UInt32?
  private var layout = ModuleLayout()
  /// What the module copied from the one it was edited from, when it is read back.
  private let copies: CopiedRuns?
  /// Whether the data section was copied whole from the input, so not decoded.
  private var dataIsCopied = false

  private init(_ bytes: ModuleBytes, copies: CopiedRuns?) {
    self.bytes = bytes
    self.copies = copies
  }

  /// Reads `bytes`; with `copies`, a data section copied whole from the input is not decoded (``WasmModule/dataSegments``
  /// stays empty) and copied function bodies are not walked.
  static func read(_ bytes: ModuleBytes, checkingNames: Bool, copies: CopiedRuns? = nil) throws(ModuleError)
    -> WasmModule
  {
    var reader = ModuleReader(bytes, copies: copies)
    let sections = try SectionWalker.sections(of: bytes)
    // Custom sections are shown empty too: the section walker has their names, and their contents are read (or
    // copied) as ranges of `bytes`, so WasmParser never copies a large one into memory.
    let emptied = sections.filter { section in
      section.kind == .code || section.kind == .element || section.kind == .custom
        || (section.kind == .data && copies?.isCopiedWhole(section) == true)
    }
    reader.dataIsCopied = emptied.contains { $0.kind == .data }
    let source = BoundedByteSource(bytes, emptying: emptied)
    var parser = Parser(stream: source, features: Self.features)
    source.limit = SectionWalker.header.count
    do { _ = try parser.parseNext() } catch { throw ModuleError(offset: 0, "malformed header: \(error)") }
    for section in sections {
      source.limit = source.parserOffset(section.range.upperBound)
      try reader.walk(section)
      let payload: ParsingPayload?
      do { payload = try parser.parseNext() } catch {
        throw ModuleError(error, in: section, fallbackOffset: parser.offset, realOffset: source.realOffset)
      }
      try reader.take(payload, from: section)
    }
    try reader.checkCounts(sections)
    return reader.module(sections, checkingNames: checkingNames)
  }

  /// Finds the entry ranges of the sections the editor changes (before WasmParser expands their contents).
  private mutating func walk(_ section: RawSection) throws(ModuleError) {
    switch section.kind {
    case .type: layout.entriesStart[section.id] = try EntryWalkers.entriesStart(bytes, section, "types")
    case .function: layout.entriesStart[section.id] = try EntryWalkers.entriesStart(bytes, section, "functions")
    case .global: layout.entriesStart[section.id] = try EntryWalkers.entriesStart(bytes, section, "globals")
    case .import: layout.importedMemoryLimits = try EntryWalkers.importedMemoryLimits(bytes, section)
    case .memory: layout.definedMemoryLimits = try EntryWalkers.memoryLimits(bytes, section)
    case .export:
      (layout.entriesStart[section.id], layout.exportEntries) = try EntryWalkers.exports(bytes, section)
    case .code:
      let code = try CodeSectionWalker.walk(bytes, section, copies: copies)
      layout.entriesStart[section.id] = code.entriesStart
      layout.codeEntries = code.entries
      layout.bodies = code.bodies
    default: break
    }
  }

  /// Keeps what WasmParser decoded from a section.
  private mutating func take(_ payload: ParsingPayload?, from section: RawSection) throws(ModuleError) {
    switch payload {
    case .typeSection(let groups): types = try functionTypes(groups, section)
    case .importSection(let entries): imports = entries
    case .functionSection(let indices): functionTypeIndices = indices
    case .tableSection(let entries): tables = entries
    case .memorySection(let entries): definedMemories = entries.map(\.type)
    case .globalSection(let entries): globals = entries
    case .exportSection(let entries): exports = entries
    case .startSection(let index): start = index
    case .codeSection: break  // a stand-in: bodies are walked by CodeSectionWalker, decoded on demand
    case .elementSection: break  // a stand-in: element segments are copied, never read
    case .dataSection(let entries): dataSegments = entries
    case .dataCount(let count): dataCount = count
    case .customSection, .tagSection, .header, nil: break
    }
  }

  /// The function types; any other (GC) type is refused.
  private func functionTypes(_ groups: [RecursiveGroup], _ section: RawSection) throws(ModuleError) -> [FunctionType] {
    var types: [FunctionType] = []
    for group in groups {
      guard group.types.count == 1, let subtype = group.types.first, subtype.isFinal, subtype.supertypes.isEmpty,
        case .function(let type) = subtype.body
      else {
        throw ModuleError(
          offset: section.range.lowerBound, "GC types are not supported (type \(types.count) is not a function type)")
      }
      types.append(type)
    }
    return types
  }

  /// Checks that every defined function has a body and that the data count matches the data segments.
  private func checkCounts(_ sections: [RawSection]) throws(ModuleError) {
    func offset(of kinds: SectionID...) -> Int {
      kinds.lazy.compactMap { kind in sections.first { $0.kind == kind }?.range.lowerBound }.first ?? bytes.count
    }
    guard functionTypeIndices.count == layout.bodies.count else {
      throw ModuleError(
        offset: offset(of: .code, .function),
        "the function section declares \(functionTypeIndices.count) functions but the code section has "
          + "\(layout.bodies.count) bodies")
    }
    if let dataCount, !dataIsCopied, dataCount != dataSegments.count {
      throw ModuleError(
        offset: offset(of: .dataCount),
        "the data count section says \(dataCount) data segments but the data section has \(dataSegments.count)")
    }
  }

  private func module(_ sections: [RawSection], checkingNames: Bool) -> WasmModule {
    var layout = self.layout
    var names = ModuleNames()
    var producers: [String: [(name: String, version: String)]] = [:]
    var targetFeatures: [String] = []
    var problems: [String] = []
    for (index, section) in sections.enumerated() {
      switch section.customName {
      case "name" where checkingNames && layout.nameSection == nil && names.problem == nil:
        (names, layout.nameSection) = NameSectionReader.read(bytes, section, index: index)
      case "producers" where producers.isEmpty:
        let (fields, problem) = ToolMetadataReader.producers(bytes, section)
        producers = fields
        problems += problem.map { [$0] } ?? []
      case "target_features" where targetFeatures.isEmpty:
        let (features, problem) = ToolMetadataReader.targetFeatures(bytes, section)
        targetFeatures = features
        problems += problem.map { [$0] } ?? []
      default: break
      }
    }
    var importedFunctionTypeIndices: [TypeIndex] = []
    var importedGlobalTypes: [GlobalType] = []
    var memories: [MemoryInfo] = []
    for entry in imports {
      switch entry.descriptor {
      case .function(let typeIndex): importedFunctionTypeIndices.append(typeIndex)
      case .global(let type): importedGlobalTypes.append(type)
      case .memory(let type):
        memories.append(MemoryInfo(type: type, importModule: entry.module, importName: entry.name))
      case .table, .tag: break
      }
    }
    memories += definedMemories.map { MemoryInfo(type: $0) }
    return WasmModule(
      bytes: bytes, sections: sections, types: types, imports: imports, functionTypeIndices: functionTypeIndices,
      tables: tables, globals: globals, exports: exports, start: start, dataSegments: dataSegments,
      dataCount: dataCount, names: names, producers: producers, targetFeatures: targetFeatures,
      toolMetadataProblems: problems, importedFunctionCount: importedFunctionTypeIndices.count,
      importedGlobalCount: importedGlobalTypes.count, memories: memories,
      importedFunctionTypeIndices: importedFunctionTypeIndices, importedGlobalTypes: importedGlobalTypes,
      layout: layout)
  }
}
