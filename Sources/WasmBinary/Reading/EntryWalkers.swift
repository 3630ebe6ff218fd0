/// Walks the entries of the vector sections to find the byte ranges the editor needs. The
/// decoded values come from WasmParser; these walkers only find boundaries, checking every count and size.
enum EntryWalkers {
  /// Reads the entry count at the start of a vector section and returns where the entries start.
  static func entriesStart(_ bytes: ModuleBytes, _ section: RawSection, _ what: @autoclosure () -> String)
    throws(ModuleError) -> Int
  {
    var reader = ByteReader(bytes, section.content)
    _ = try reader.count(what())
    return reader.offset
  }

  /// Returns the limits of each imported memory, in import order.
  static func importedMemoryLimits(_ bytes: ModuleBytes, _ section: RawSection) throws(ModuleError) -> [Range<Int>] {
    var reader = ByteReader(bytes, section.content)
    let count = try reader.count("imports", minimumEntrySize: 4)
    var memoryLimits: [Range<Int>] = []
    for index in 0..<count {
      try skipName(&reader, "the module name of import \(index)")
      try skipName(&reader, "the name of import \(index)")
      let kindOffset = reader.offset
      switch try reader.byte("the kind of import \(index)") {
      case 0x00: _ = try reader.u32("a function import's type index")
      case 0x01:
        try skipValueType(&reader, "a table import's element type")
        _ = try limits(&reader)
      case 0x02: memoryLimits.append(try limits(&reader))
      case 0x03:
        try skipValueType(&reader, "a global import's type")
        _ = try reader.byte("a global import's mutability")
      case 0x04:
        _ = try reader.byte("a tag import's attribute")
        _ = try reader.u32("a tag import's type index")
      case let kind:
        throw ModuleError(offset: kindOffset, "unknown kind \(kind) of import \(index)")
      }
    }
    try checkEnd(reader, "import")
    return memoryLimits
  }

  /// Returns the limits of each defined memory.
  static func memoryLimits(_ bytes: ModuleBytes, _ section: RawSection) throws(ModuleError) -> [Range<Int>] {
    var reader = ByteReader(bytes, section.content)
    let count = try reader.count("memories", minimumEntrySize: 2)
    var ranges: [Range<Int>] = []
    for _ in 0..<count { ranges.append(try limits(&reader)) }
    try checkEnd(reader, "memory")
    return ranges
  }

  /// Returns where the entries of the export section start, and the range of each entry.
  static func exports(_ bytes: ModuleBytes, _ section: RawSection) throws(ModuleError) -> (
    entriesStart: Int, entries: [Range<Int>]
  ) {
    var reader = ByteReader(bytes, section.content)
    let count = try reader.count("exports", minimumEntrySize: 3)
    let entriesStart = reader.offset
    var entries: [Range<Int>] = []
    entries.reserveCapacity(count)
    for index in 0..<count {
      let start = reader.offset
      try skipName(&reader, "the name of export \(index)")
      _ = try reader.byte("the kind of export \(index)")
      _ = try reader.u32("the index of export \(index)")
      entries.append(start..<reader.offset)
    }
    try checkEnd(reader, "export")
    return (entriesStart, entries)
  }

  /// Skips a memory or table type's limits (flags, minimum, optional maximum) and returns their range.
  static func limits(_ reader: inout ByteReader) throws(ModuleError) -> Range<Int> {
    let start = reader.offset
    let flags = try reader.byte("the flags of a limits")
    let bits = flags & 0x04 != 0 ? 64 : 32
    _ = try reader.unsigned(bits: bits, "the minimum of a limits")
    if flags & 0x01 != 0 { _ = try reader.unsigned(bits: bits, "the maximum of a limits") }
    return start..<reader.offset
  }

  /// Skips a value type: one byte, or `0x63`/`0x64` followed by a heap type (a signed 33-bit LEB128).
  static func skipValueType(_ reader: inout ByteReader, _ what: @autoclosure () -> String) throws(ModuleError) {
    let byte = try reader.byte(what())
    if byte == 0x63 || byte == 0x64 { _ = try reader.signed(bits: 33, "the heap type of \(what())") }
  }

  /// Skips a name without decoding it.
  static func skipName(_ reader: inout ByteReader, _ what: @autoclosure () -> String) throws(ModuleError) {
    let length = Int(try reader.u32("the length of \(what())"))
    try reader.skip(length, what())
  }

  /// Fails unless the reader consumed its whole section.
  static func checkEnd(_ reader: ByteReader, _ section: String) throws(ModuleError) {
    guard reader.isAtEnd else {
      throw ModuleError(offset: reader.offset, "\(reader.remaining) bytes left over after the last \(section) entry")
    }
  }
}
