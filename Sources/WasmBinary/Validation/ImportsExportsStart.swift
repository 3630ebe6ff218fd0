import WasmParser

/// The import, export and start sections.
extension ModuleValidator {
  /// Imports: each one's type is checked and takes the next index of its kind.
  mutating func importSection(_ reader: inout ByteReader) throws(ModuleError) {
    let count = try limitedCount(&reader, "imports", ValidationLimits.imports, minimumEntrySize: 4)
    for index in 0..<count {
      let what = "import \(index)"
      _ = try Self.name(&reader, "the module name of \(what)")
      _ = try Self.name(&reader, "the name of \(what)")
      let offset = reader.offset
      switch try reader.byte("the kind of \(what)") {
      case 0x00: functionTypeIndices.append(try typeIndex(&reader, "the type of \(what)"))
      case 0x01: tables.append(try tableType(&reader, what))
      case 0x02: memories.append(try memoryType(&reader, what))
      case 0x03:
        globals.append(try globalType(&reader, what))
        importedGlobalCount += 1
      case 0x04: tagTypeIndices.append(try tagType(&reader, what))
      case let kind: throw ModuleError(offset: offset, "\(what): unknown import kind \(kind)")
      }
    }
    try ValidationLimits.check(
      functionTypeIndices.count, ValidationLimits.functions, "functions", offset: reader.offset)
    try ValidationLimits.check(tables.count, ValidationLimits.tables, "tables", offset: reader.offset)
    try ValidationLimits.check(memories.count, ValidationLimits.memories, "memories", offset: reader.offset)
    try ValidationLimits.check(globals.count, ValidationLimits.globals, "globals", offset: reader.offset)
    try ValidationLimits.check(tagTypeIndices.count, ValidationLimits.tags, "tags", offset: reader.offset)
  }

  /// Exports: unique names, each naming an entry of its kind; an exported function may be named by `ref.func`.
  mutating func exportSection(_ reader: inout ByteReader) throws(ModuleError) {
    let count = try limitedCount(&reader, "exports", ValidationLimits.exports, minimumEntrySize: 3)
    let spaces: [UInt8: (name: String, count: Int)] = [
      0: ("function", functionTypeIndices.count), 1: ("table", tables.count), 2: ("memory", memories.count),
      3: ("global", globals.count), 4: ("tag", tagTypeIndices.count),
    ]
    for index in 0..<count {
      let offset = reader.offset
      let name = try Self.name(&reader, "the name of export \(index)")
      let kindOffset = reader.offset
      let kind = try reader.byte("the kind of export \(index)")
      let entry = try reader.u32("the index of export \(index)")
      guard let space = spaces[kind] else {
        throw ModuleError(offset: kindOffset, "export \(index): unknown export kind \(kind)")
      }
      guard Int(entry) < space.count else {
        throw ModuleError(
          offset: offset,
          "export `\(name)`: unknown \(space.name) \(entry) (the module has \(space.count) \(space.name) entries)")
      }
      guard exportNames.insert(name).inserted else {
        throw ModuleError(offset: offset, "duplicate export name `\(name)`")
      }
      if kind == 0, !undeclaringExports.contains(name) { declaredFunctionReferences.insert(entry) }
    }
  }

  /// The start function: one that exists and has type `[] -> []`.
  func startSection(_ reader: inout ByteReader) throws(ModuleError) {
    let offset = reader.offset
    let index = try reader.u32("the start function")
    let type = try functionType(index, offset: offset)
    guard type.parameters.isEmpty, type.results.isEmpty else {
      throw ModuleError(
        offset: offset, "invalid start function type: function \(index) is \(type.parameters) -> \(type.results)")
    }
  }
}
