/// Finds each function body in the code section, and checks the local declarations before WasmParser expands them:
/// a few bytes can declare a hundred thousand locals, so the module as a whole gets a budget of declared locals that
/// grows with its size.
enum CodeSectionWalker {
  /// Where the code entries lie.
  struct Bodies {
    /// Offset of the first entry, after the count.
    var entriesStart: Int
    /// Each entry: size field and body.
    var entries: [Range<Int>]
    /// Each body (local declarations and instructions) without its size field.
    var bodies: [Range<Int>]
  }

  /// The most locals all function bodies together may declare in a module of `byteCount` bytes.
  static func localsBudget(byteCount: Int) -> Int { (1 << 20) + byteCount }

  static func walk(_ bytes: [UInt8], _ section: RawSection) throws(ModuleError) -> Bodies {
    var reader = ByteReader(bytes, section.content)
    let count = try reader.count("function bodies", minimumEntrySize: 2)
    var result = Bodies(entriesStart: reader.offset, entries: [], bodies: [])
    result.entries.reserveCapacity(count)
    result.bodies.reserveCapacity(count)
    let budget = localsBudget(byteCount: bytes.count)
    var declaredLocals = 0
    for index in 0..<count {
      let entryStart = reader.offset
      let size = Int(try reader.u32("the size of function body \(index)"))
      let body = try reader.skip(size, "function body \(index)")
      var bodyReader = ByteReader(bytes, body)
      let groups = try bodyReader.count("local declarations in function body \(index)", minimumEntrySize: 2)
      for _ in 0..<groups {
        let declarationOffset = bodyReader.offset
        declaredLocals += Int(try bodyReader.u32("a local count in function body \(index)"))
        try EntryWalkers.skipValueType(&bodyReader, "a local type in function body \(index)")
        guard declaredLocals <= budget else {
          throw ModuleError(
            offset: declarationOffset,
            "the function bodies declare more than \(budget) locals in total, too many for a module of this size")
        }
      }
      guard !bodyReader.isAtEnd, bytes[body.upperBound - 1] == 0x0B else {
        throw ModuleError(offset: body.upperBound - 1, "function body \(index) does not end with `end` (0x0B)")
      }
      result.entries.append(entryStart..<body.upperBound)
      result.bodies.append(body)
    }
    try EntryWalkers.checkEnd(reader, "code")
    return result
  }
}
