/// Finds the header and the sections of a module: each section's id, size and name (for custom sections), checked
/// against the file's length, the known ids, and the order the spec requires (no known section twice).
enum SectionWalker {
  /// The 8-byte header of a core module: `\0asm`, version 1.
  static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

  /// Returns the sections in file order.
  static func sections(of bytes: ModuleBytes) throws(ModuleError) -> [RawSection] {
    try checkHeader(bytes)
    var reader = ByteReader(bytes, header.count..<bytes.count)
    var sections: [RawSection] = []
    var lastKnown: (kind: SectionID, offset: Int)?
    while !reader.isAtEnd {
      let start = reader.offset
      let id = try reader.byte("a section id")
      guard let kind = SectionID(rawValue: id) else {
        throw ModuleError(offset: start, "unknown section id \(id)")
      }
      let size = Int(try reader.u32("the size of the \(kind.name) section"))
      let payload = try reader.skip(size, "the \(kind.name) section")
      if let rank = kind.rank {
        if let lastKnown, let lastRank = lastKnown.kind.rank, lastRank >= rank {
          throw ModuleError(
            offset: start,
            lastKnown.kind == kind
              ? "duplicate \(kind.name) section (the first one is at offset 0x\(String(lastKnown.offset, radix: 16)))"
              : "the \(kind.name) section must come before the \(lastKnown.kind.name) section "
                + "(at offset 0x\(String(lastKnown.offset, radix: 16)))")
        }
        lastKnown = (kind, start)
      }
      var customName: String?
      var content = payload
      if kind == .custom {
        var nameReader = ByteReader(bytes, payload)
        customName = try nameReader.name("the custom section's name")
        content = nameReader.offset..<payload.upperBound
      }
      sections.append(
        RawSection(
          id: id, range: start..<payload.upperBound, payload: payload, customName: customName, content: content))
    }
    return sections
  }

  private static func checkHeader(_ bytes: ModuleBytes) throws(ModuleError) {
    let magic = header[0..<4]
    guard bytes.count >= 4, bytes[0..<4].elementsEqual(magic) else {
      guard bytes.count < 4, bytes.elementsEqual(magic.prefix(bytes.count)) else {
        throw ModuleError(offset: 0, "not a WebAssembly module: the file does not start with \\0asm")
      }
      throw ModuleError(offset: bytes.count, "unexpected end of file in the module header")
    }
    guard bytes.count >= 8 else {
      throw ModuleError(offset: bytes.count, "unexpected end of file in the module header")
    }
    let version = Array(bytes[4..<8])
    guard version == Array(header[4..<8]) else {
      if version == [0x0D, 0x00, 0x01, 0x00] {
        throw ModuleError(offset: 4, "this is a WebAssembly component, not a core module")
      }
      throw ModuleError(offset: 4, "unsupported WebAssembly version \(version)")
    }
  }
}
