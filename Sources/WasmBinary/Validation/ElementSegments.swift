import WasmParser

/// The element section: all eight segment forms (flags 0–7: active, passive or declarative; function indices or
/// expressions; table 0 or an explicit table).
extension ModuleValidator {
  mutating func elementSection(_ reader: inout ByteReader) throws(ModuleError) {
    let count = try limitedCount(&reader, "element segments", ValidationLimits.elementSegments, minimumEntrySize: 2)
    for index in 0..<count { try elementSegment(&reader, index) }
  }

  private mutating func elementSegment(_ reader: inout ByteReader, _ index: Int) throws(ModuleError) {
    let what = "element segment \(index)"
    let start = reader.offset
    let flags = try reader.u32("the flags of \(what)")
    guard flags <= 7 else {
      throw ModuleError(offset: start, "\(what): invalid flags \(flags) (0 to 7 are defined)")
    }
    let isPassiveOrDeclarative = flags & 0x01 != 0
    let hasTableIndex = flags & 0x02 != 0 && !isPassiveOrDeclarative
    let usesExpressions = flags & 0x04 != 0
    // Active: the table, then the offset, whose type is the table's address type.
    var table: UInt32?
    if !isPassiveOrDeclarative {
      let tableOffset = reader.offset
      let tableIndex = hasTableIndex ? try reader.u32("the table of \(what)") : 0
      guard Int(tableIndex) < tables.count else {
        throw ModuleError(
          offset: hasTableIndex ? tableOffset : start,
          "\(what): unknown table \(tableIndex) (the module has \(tables.count) tables)")
      }
      table = tableIndex
      let addressType: ValueType = tables[Int(tableIndex)].limits.isMemory64 ? .i64 : .i32
      try constantExpression(&reader, addressType, "the offset of \(what)")
    }
    let elementType: ReferenceType
    if usesExpressions {
      elementType = flags == 4 ? .funcRef : try referenceType(&reader, "the element type of \(what)")
    } else {
      let kindOffset = reader.offset
      if flags != 0, try reader.byte("the element kind of \(what)") != 0x00 {
        throw ModuleError(offset: kindOffset, "\(what): invalid element kind (only 0, functions, is defined)")
      }
      elementType = ReferenceType(isNullable: false, heapType: .funcRef)
    }
    if let table, !isSubtype(elementType, of: tables[Int(table)].elementType) {
      throw ModuleError(
        offset: start,
        "type mismatch: \(what) of \(elementType) does not fit table \(table) of \(tables[Int(table)].elementType)")
    }
    let itemsOffset = reader.offset
    let items = try reader.count("elements of \(what)")
    try ValidationLimits.check(items, ValidationLimits.tableEntries, "elements in \(what)", offset: itemsOffset)
    for item in 0..<items {
      if usesExpressions {
        try constantExpression(&reader, .ref(elementType), "element \(item) of \(what)")
      } else {
        let offset = reader.offset
        let function = try reader.u32("element \(item) of \(what)")
        _ = try functionType(function, offset: offset)
        declaredFunctionReferences.insert(function)
      }
    }
    elementTypes.append(elementType)
  }
}
