/// Rewrites DWARF 2–4 `.debug_ranges` and `.debug_loc` in place: every entry is a pair of addresses of fixed size
/// (relative to the base address of the unit that refers to the list, or of a base-address selection entry), so the
/// sections keep their size and the offsets `.debug_info` holds stay true.
enum LegacyListRewriter {
  /// Rewrites every list of `bytes`; `owners` says which unit refers to each list (for its base address and
  /// address size); a list no unit refers to is read with base 0 and the size of the first unit.
  static func rewrite(
    _ bytes: [UInt8], section: String, locations: Bool, owners: [Int: Int], units: [DebugInfoScan.Unit],
    map: CodeAddressMap
  ) throws(DWARFError) -> [UInt8] {
    var output = bytes
    var reader = DWARFReader(bytes, section: section)
    while !reader.atEnd {
      let owner = owners[reader.offset].map { units[$0] } ?? units.first
      let size = owner?.addressSize ?? 4
      var base = owner?.base ?? 0
      let largest: UInt64 = size == 8 ? .max : 0xffff_ffff
      while true {
        let entry = reader.offset
        let begin = try reader.fixed(size)
        let end = try reader.fixed(size)
        if begin == 0 && end == 0 { break }
        if begin == largest {
          base = end
          try write(map.address(end, size: size), size: size, at: entry + size, &output, reader)
          continue
        }
        if locations {
          let length = Int(try reader.fixed(2))
          try reader.skip(length)
        }
        if CodeAddressMap.isTombstone(begin, size: size) || CodeAddressMap.isTombstone(base, size: size) { continue }
        let newBase = map.address(base, size: size)
        let newBegin = map.address(base &+ begin, size: size) &- newBase
        let newEnd = map.address(base &+ end, size: size) &- newBase
        try write(newBegin, size: size, at: entry, &output, reader)
        try write(newEnd, size: size, at: entry + size, &output, reader)
      }
    }
    return output
  }

  private static func write(_ value: UInt64, size: Int, at offset: Int, _ output: inout [UInt8], _ reader: DWARFReader)
    throws(DWARFError)
  {
    guard DWARFEncoding.overwrite(value, size: size, at: offset, in: &output) else {
      throw reader.error("address 0x\(String(value, radix: 16)) does not fit in \(size) bytes", at: offset)
    }
  }
}
