import WasmParser

/// The sections that define types, functions, tables, memories, tags and globals.
extension ModuleValidator {
  /// Function types, each within the parameter and result limits, their reference types naming defined types.
  mutating func typeSection(_ reader: inout ByteReader) throws(ModuleError) {
    let count = try limitedCount(&reader, "types", ValidationLimits.types)
    for index in 0..<count {
      let offset = reader.offset
      // The reader admits one final function type per recursion group (`rec`, `sub final` wrappers included).
      if try peek(reader) == 0x4E {
        _ = try reader.byte("a recursion group")
        _ = try reader.u32("its size")
      }
      if try peek(reader) == 0x4F {
        _ = try reader.byte("a subtype")
        _ = try reader.u32("its supertypes")
      }
      guard try reader.byte("the form of type \(index)") == 0x60 else {
        throw ModuleError(offset: offset, "type \(index) is not a function type")
      }
      types.append(FunctionType(parameters: []))  // in scope for its own parameter types
      let parameters = try valueTypes(&reader, "parameters of type \(index)", ValidationLimits.parameters)
      let results = try valueTypes(&reader, "results of type \(index)", ValidationLimits.results)
      types[index] = FunctionType(parameters: parameters, results: results)
    }
  }

  private func valueTypes(_ reader: inout ByteReader, _ what: String, _ limit: Int) throws(ModuleError)
    -> [ValueType]
  {
    let count = try limitedCount(&reader, what, limit)
    var list: [ValueType] = []
    for _ in 0..<count { list.append(try valueType(&reader, "the \(what)")) }
    return list
  }

  /// The type index of each defined function.
  mutating func functionSection(_ reader: inout ByteReader) throws(ModuleError) {
    let count = try limitedCount(
      &reader, "functions", ValidationLimits.functions, already: functionTypeIndices.count, minimumEntrySize: 1)
    for index in 0..<count {
      functionTypeIndices.append(try typeIndex(&reader, "the type of defined function \(index)"))
    }
  }

  /// Table types; a table of a non-nullable type needs an initialiser.
  mutating func tableSection(_ reader: inout ByteReader) throws(ModuleError) {
    let count = try limitedCount(&reader, "tables", ValidationLimits.tables, already: tables.count)
    for index in 0..<count {
      let offset = reader.offset
      let what = "table \(tables.count)"
      if try peek(reader) == 0x40 {
        _ = try reader.byte("the initialiser marker of \(what)")
        guard try reader.byte("the initialiser marker of \(what)") == 0x00 else {
          throw ModuleError(offset: offset, "\(what): malformed initialiser marker")
        }
        let type = try tableType(&reader, what)
        try constantExpression(&reader, .ref(type.elementType), "the initialiser of \(what)")
        tables.append(type)
      } else {
        let type = try tableType(&reader, what)
        guard type.elementType.isNullable else {
          throw ModuleError(
            offset: offset, "type mismatch: defined table \(index) of a non-nullable type needs an initialiser")
        }
        tables.append(type)
      }
    }
  }

  /// Memory types.
  mutating func memorySection(_ reader: inout ByteReader) throws(ModuleError) {
    let count = try limitedCount(&reader, "memories", ValidationLimits.memories, already: memories.count)
    for _ in 0..<count { memories.append(try memoryType(&reader, "memory \(memories.count)")) }
  }

  /// Tags: attribute 0 and a function type without results.
  mutating func tagSection(_ reader: inout ByteReader) throws(ModuleError) {
    let count = try limitedCount(&reader, "tags", ValidationLimits.tags, already: tagTypeIndices.count)
    for _ in 0..<count { tagTypeIndices.append(try tagType(&reader, "tag \(tagTypeIndices.count)")) }
  }

  /// A tag's type: attribute 0 (exception) and a function type without results.
  func tagType(_ reader: inout ByteReader, _ what: String) throws(ModuleError) -> TypeIndex {
    let offset = reader.offset
    guard try reader.byte("the attribute of \(what)") == 0x00 else {
      throw ModuleError(offset: offset, "\(what): invalid tag attribute")
    }
    let index = try typeIndex(&reader, "the type of \(what)")
    guard types[Int(index)].results.isEmpty else {
      throw ModuleError(offset: offset, "\(what): invalid exception type: type \(index) has results")
    }
    return index
  }

  /// Globals: a type and an initialiser of that type, which may read the globals before it.
  mutating func globalSection(_ reader: inout ByteReader) throws(ModuleError) {
    let count = try limitedCount(
      &reader, "globals", ValidationLimits.globals, already: globals.count, minimumEntrySize: 3)
    for _ in 0..<count {
      let what = "global \(globals.count)"
      let type = try globalType(&reader, what)
      try constantExpression(
        &reader, type.valueType, "the initialiser of \(what)", globalsInScope: globals.count)
      globals.append(type)
    }
  }

  /// A vector's length: with the `already` entries of that kind (imported ones), within `limit` entries.
  func limitedCount(
    _ reader: inout ByteReader, _ what: String, _ limit: Int, already: Int = 0, minimumEntrySize: Int = 1
  ) throws(ModuleError) -> Int {
    let offset = reader.offset
    let count = try reader.count(what, minimumEntrySize: minimumEntrySize)
    try ValidationLimits.check(already + count, limit, what, offset: offset)
    return count
  }

  /// The next byte, not consumed.
  func peek(_ reader: ByteReader) throws(ModuleError) -> UInt8 {
    var copy = reader
    return try copy.byte("the next byte")
  }
}
