/// How a memory appears in the module's memory index space.
public struct MemoryInfo: Sendable, Equatable {
  /// Its limits, with the shared and memory64 flags.
  public let type: MemoryType
  /// The import's module name, for an imported memory.
  public let importModule: String?
  /// The import's field name, for an imported memory.
  public let importName: String?

  /// Whether the memory is imported (rather than defined by the module).
  public var isImported: Bool { importModule != nil }

  /// Describes a memory; pass the import's names for an imported one.
  public init(type: MemoryType, importModule: String? = nil, importName: String? = nil) {
    self.type = type
    self.importModule = importModule
    self.importName = importName
  }
}
