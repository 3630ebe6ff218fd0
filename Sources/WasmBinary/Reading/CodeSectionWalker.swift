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

  /// Walks the bodies; `copies` (when reading back a written module) lets it step over the bodies copied from the
  /// module it was edited from, whose locals that module's walk already counted.
  static func walk(_ bytes: ModuleBytes, _ section: RawSection, copies: CopiedRuns? = nil) throws(ModuleError)
    -> Bodies
  {
    if let bodies = quickWalk(bytes, section, copies: copies) { return bodies }
    return try checkedWalk(bytes, section)
  }

  /// The walk over a well-formed code section without the error reporting: every check of ``checkedWalk(_:_:)``,
  /// done on the raw bytes. Nil at the first problem (or a local of a reference type), for the checked walk to name.
  private static func quickWalk(_ bytes: ModuleBytes, _ section: RawSection, copies: CopiedRuns?) -> Bodies? {
    let budget = localsBudget(byteCount: bytes.count)
    return bytes.withUnsafeBytes { file -> Bodies? in
      var cursor = RawCursor(file: file, offset: section.content.lowerBound)
      let end = section.content.upperBound
      guard let count = cursor.u32(below: end), count <= (end - cursor.offset) / 2 else { return nil }
      var result = Bodies(entriesStart: cursor.offset, entries: [], bodies: [])
      result.entries.reserveCapacity(count)
      result.bodies.reserveCapacity(count)
      var declaredLocals = 0
      while result.entries.count < count {
        let copied = copies?.copiedEntries(at: cursor.offset, before: end) ?? []
        if let last = copied.last, result.entries.count + copied.count <= count {
          result.entries += copied.map(\.entry)
          result.bodies += copied.map(\.body)
          cursor.offset = last.entry.upperBound
          continue
        }
        let entryStart = cursor.offset
        guard let size = cursor.u32(below: end), let body = cursor.skip(size, below: end) else { return nil }
        cursor.offset = body.lowerBound
        guard let groups = cursor.u32(below: body.upperBound), groups <= (body.upperBound - cursor.offset) / 2 else {
          return nil
        }
        for _ in 0..<groups {
          guard let locals = cursor.u32(below: body.upperBound), let type = cursor.byte(below: body.upperBound) else {
            return nil
          }
          declaredLocals += locals
          // A reference type with a heap type (0x63, 0x64) is left to the checked walk.
          guard declaredLocals <= budget, type != 0x63, type != 0x64 else { return nil }
        }
        guard cursor.offset < body.upperBound, file[body.upperBound - 1] == 0x0B else { return nil }
        cursor.offset = body.upperBound
        result.entries.append(entryStart..<body.upperBound)
        result.bodies.append(body)
      }
      return cursor.offset == end ? result : nil
    }
  }

  /// The walk that names the offset and the problem of a malformed code section.
  private static func checkedWalk(_ bytes: ModuleBytes, _ section: RawSection) throws(ModuleError) -> Bodies {
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
