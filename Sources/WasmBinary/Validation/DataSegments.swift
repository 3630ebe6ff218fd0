import WasmParser

/// The data count and data sections.
extension ModuleValidator {
  /// The data count (the reader checks that it matches the data section).
  func dataCountSection(_ reader: inout ByteReader) throws(ModuleError) {
    let offset = reader.offset
    let count = Int(try reader.u32("the data count"))
    try ValidationLimits.check(count, ValidationLimits.dataSegments, "data segments", offset: offset)
  }

  /// Data segments: passive, or active in a memory that exists at an offset of its address type. The bytes are
  /// skipped, not read.
  mutating func dataSection(_ reader: inout ByteReader) throws(ModuleError) {
    let count = try limitedCount(&reader, "data segments", ValidationLimits.dataSegments, minimumEntrySize: 2)
    for index in 0..<count {
      let what = "data segment \(index)"
      let start = reader.offset
      let flags = try reader.u32("the flags of \(what)")
      guard flags <= 2 else { throw ModuleError(offset: start, "\(what): invalid flags \(flags) (0 to 2 are defined)") }
      if flags != 1 {
        let memoryOffset = reader.offset
        let memory = flags == 2 ? try reader.u32("the memory of \(what)") : 0
        guard Int(memory) < memories.count else {
          throw ModuleError(
            offset: flags == 2 ? memoryOffset : start,
            "\(what): unknown memory \(memory) (the module has \(memories.count) memories)")
        }
        let addressType: ValueType = memories[Int(memory)].isMemory64 ? .i64 : .i32
        try constantExpression(&reader, addressType, "the offset of \(what)")
      }
      let length = Int(try reader.u32("the length of \(what)"))
      try reader.skip(length, "the bytes of \(what)")
    }
  }
}
