/// In-place rewrites of the sections whose code addresses have fixed sizes: `.debug_aranges` (address and length
/// pairs per unit) and `.debug_addr` (only the entries the lists and DIEs use as code; variables' are data).
enum AddressTables {
  static func rewriteAranges(_ bytes: [UInt8], map: CodeAddressMap) throws(DWARFError) -> [UInt8] {
    let section = ".debug_aranges"
    var output = bytes
    var reader = DWARFReader(bytes, section: section)
    while !reader.atEnd {
      let unitStart = reader.offset
      let end = try reader.unitEnd()
      let version = try reader.fixed(2)
      guard version == 2 else { throw reader.error("aranges version \(version) is not supported") }
      _ = try reader.fixed(4)
      let size = Int(try reader.u8())
      guard size == 4 || size == 8, try reader.u8() == 0 else { throw reader.error("address size or segments") }
      // The tuples start at a multiple of twice the address size from the unit's start.
      let header = reader.offset - unitStart
      try reader.skip((2 * size - header % (2 * size)) % (2 * size))
      while reader.offset < end {
        let entry = reader.offset
        let start = try reader.fixed(size)
        let length = try reader.fixed(size)
        if start == 0 && length == 0 { break }
        guard DWARFEncoding.overwrite(map.address(start, size: size), size: size, at: entry, in: &output),
          DWARFEncoding.overwrite(
            map.length(from: start, length, size: size), size: size, at: entry + size, in: &output)
        else { throw reader.error("a rewritten range does not fit", at: entry) }
      }
      reader.offset = end
    }
    return output
  }

  /// `.debug_addr` with the entries at `codeEntries` (offsets of `size`-byte entries) mapped.
  static func rewriteAddresses(_ bytes: [UInt8], codeEntries: Set<Int>, size: Int, map: CodeAddressMap)
    throws(DWARFError) -> [UInt8]
  {
    var output = bytes
    for entry in codeEntries {
      var reader = DWARFReader(bytes, section: ".debug_addr", offset: entry)
      let value = try reader.fixed(size)
      _ = DWARFEncoding.overwrite(map.address(value, size: size), size: size, at: entry, in: &output)
    }
    return output
  }
}
