/// A parsed module that keeps its original bytes.
///
/// The reader decodes every proposal WasmKit knows (threads, SIMD, reference types, memory64, multi-memory,
/// exception handling, ...) so that the caller can decide what to refuse; it checks the module's structure (header,
/// section framing and order, entry counts, function and data counts) but does not validate code. The only types it
/// refuses are GC types. Two sections are only framed: the function bodies are walked (their sizes and local
/// declarations checked) and decoded on demand (``decodeBody(ofFunction:)``), and the element segments, which nothing reads
/// or edits, are not decoded at all.
public struct WasmModule: Sendable {
  /// The file, unchanged.
  public let bytes: ModuleBytes
  /// The sections in file order, custom ones included.
  public let sections: [RawSection]
  /// Type index → function type.
  public let types: [FunctionType]
  /// The imports, in order.
  public let imports: [Import]
  /// The type index of each *defined* function.
  public let functionTypeIndices: [TypeIndex]
  /// The defined tables.
  public let tables: [Table]
  /// The defined globals.
  public let globals: [Global]
  /// The exports, in order.
  public let exports: [Export]
  /// The start function, if any.
  public let start: FunctionIndex?
  /// The data segments.
  public let dataSegments: [DataSegment]
  /// The data count section's value, if the section is present.
  public let dataCount: UInt32?
  /// Names from the `name` custom section.
  public let names: ModuleNames
  /// The `producers` section's fields (`language`, `processed-by`, `sdk`): each a list of (name, version).
  public let producers: [String: [(name: String, version: String)]]
  /// The `target_features` section's entries, prefix kept: `+atomics`, `-simd128`, `=mutable-globals`.
  public let targetFeatures: [String]
  /// Why the `producers` or `target_features` section was ignored (each malformed one adds a line).
  public let toolMetadataProblems: [String]
  /// The number of imported functions (which come first in the function index space).
  public let importedFunctionCount: Int
  /// The number of imported globals (which come first in the global index space).
  public let importedGlobalCount: Int
  /// The memories in index space order: imported first, then defined.
  public let memories: [MemoryInfo]

  /// The type index of each imported function, in import order.
  let importedFunctionTypeIndices: [TypeIndex]
  /// The type of each imported global, in import order.
  let importedGlobalTypes: [GlobalType]
  /// Where the entries the editor may change lie.
  let layout: ModuleLayout

  /// The number of functions: imported and defined.
  public var functionCount: Int { importedFunctionCount + functionTypeIndices.count }

  /// The number of globals: imported and defined.
  public var globalCount: Int { importedGlobalCount + globals.count }

  /// The number of active data segments (a threaded module must have none).
  public var activeDataSegmentCount: Int {
    dataSegments.count { if case .active = $0 { true } else { false } }
  }

  /// The custom sections in file order: their name and their payload after the name (the section's ``RawSection/content``).
  public var customSections: [(name: String, payload: ModuleBytes)] {
    sections.compactMap { section in section.customName.map { ($0, bytes[section.content]) } }
  }

  /// The type of a function (imported or defined); nil for an index out of range or a bad type index.
  public func functionType(at index: FunctionIndex) -> FunctionType? {
    let index = Int(index)
    let typeIndex: TypeIndex
    if index < importedFunctionCount {
      typeIndex = importedFunctionTypeIndices[index]
    } else if index - importedFunctionCount < functionTypeIndices.count {
      typeIndex = functionTypeIndices[index - importedFunctionCount]
    } else {
      return nil
    }
    return Int(typeIndex) < types.count ? types[Int(typeIndex)] : nil
  }

  /// The type of a global (imported or defined); nil for an index out of range.
  public func globalType(at index: GlobalIndex) -> GlobalType? {
    let index = Int(index)
    if index < importedGlobalCount { return importedGlobalTypes[index] }
    return index - importedGlobalCount < globals.count ? globals[index - importedGlobalCount].type : nil
  }

  /// The value of a defined global whose initializer is exactly `i32.const N` or `i64.const N` (then `end`); nil for
  /// any other initializer, an imported global or an index out of range.
  public func constantInitializer(ofGlobal index: GlobalIndex) -> Int64? {
    let defined = Int(index) - importedGlobalCount
    guard defined >= 0, defined < globals.count else { return nil }
    let initializer = globals[defined].initializer
    guard initializer.count == 2, initializer[1] == .end else { return nil }
    switch initializer[0] {
    case .i32Const(let value): return Int64(value)
    case .i64Const(let value): return value
    default: return nil
    }
  }

  /// The exact bytes of a defined function's body (local declarations, then instructions up to and including the
  /// final `end`), without the size field; the slice's indices are offsets into ``bytes``. Nil for an imported
  /// function or an index out of range.
  public func body(ofFunction index: FunctionIndex) -> ModuleBytes? {
    let defined = Int(index) - importedFunctionCount
    guard defined >= 0, defined < layout.bodies.count else { return nil }
    return bytes[layout.bodies[defined]]
  }
}
