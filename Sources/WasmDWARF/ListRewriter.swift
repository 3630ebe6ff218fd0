/// Rewrites DWARF 5 `.debug_rnglists` and `.debug_loclists`: each unit's lists are decoded and encoded again at
/// their mapped addresses (offsets and lengths are ULEB128s, which may grow), with a new offset table. Records where
/// each list and each offset table moved, for the offsets `.debug_info` holds.
struct ListRewriter {
  let section: String
  let locations: Bool
  let units: [DebugInfoScan.Unit]
  /// Which unit refers to each list offset.
  let owners: [Int: Int]
  /// The original `.debug_addr`, to read the addresses `*x` entries name.
  let addresses: [UInt8]?
  let map: CodeAddressMap

  /// The entries' kinds (`DW_RLE_*` and `DW_LLE_*` share the first four).
  private enum Kind {
    static let end: UInt8 = 0
    static let baseAddressIndex: UInt8 = 1
    static let startIndexEndIndex: UInt8 = 2
    static let startIndexLength: UInt8 = 3
    static let offsetPair: UInt8 = 4
  }

  /// The rewritten section, the `.debug_addr` entries its lists use as code addresses, and the new offset of every
  /// list and offset table (by its old offset).
  func rewrite(_ bytes: [UInt8]) throws(DWARFError) -> (bytes: [UInt8], codeEntries: Set<Int>, moved: [Int: Int]) {
    var output: [UInt8] = []
    var moved: [Int: Int] = [:]
    var codeEntries: Set<Int> = []
    var reader = DWARFReader(bytes, section: section)
    while !reader.atEnd {
      let unitStart = reader.offset
      let end = try reader.unitEnd()
      let version = try reader.fixed(2)
      guard version == 5 else { throw reader.error("list version \(version) is not supported") }
      let addressSize = Int(try reader.u8())
      guard addressSize == 4 || addressSize == 8, try reader.u8() == 0 else {
        throw reader.error("address size \(addressSize) or a segment selector")
      }
      let offsetCount = Int(try reader.fixed(4))
      let table = reader.offset
      guard offsetCount <= (end - table) / 4 else { throw reader.error("\(offsetCount) offsets run past the unit") }
      var oldOffsets: [Int] = []
      for _ in 0..<offsetCount { oldOffsets.append(table + Int(try reader.fixed(4))) }
      let owner =
        owners.first { $0.key >= unitStart && $0.key < end }?.value
        ?? units.firstIndex { (locations ? $0.locationListsBase : $0.rangeListsBase) == table }
      let unit = owner.map { units[$0] }
      var lists = DWARFReader(bytes, section: section, offset: reader.offset, end: end)
      var body: [UInt8] = []
      var listStarts: [Int: Int] = [:]
      while !lists.atEnd {
        listStarts[lists.offset] = body.count
        try rewriteList(&lists, unit: unit, addressSize: addressSize, into: &body, codeEntries: &codeEntries)
      }
      listStarts[end] = body.count
      let newUnitStart = output.count
      let headerSize = 4 + 2 + 1 + 1 + 4
      let newTable = newUnitStart + headerSize
      let newLists = newTable + 4 * offsetCount
      DWARFEncoding.fixed(UInt64(headerSize - 4 + 4 * offsetCount + body.count), size: 4, into: &output)
      output += bytes[(unitStart + 4)..<table]
      for old in oldOffsets {
        guard let new = listStarts[old] else { throw reader.error("an offset table entry names no list", at: old) }
        DWARFEncoding.fixed(UInt64(newLists + new - newTable), size: 4, into: &output)
      }
      output += body
      moved[unitStart] = newUnitStart
      moved[table] = newTable
      for (old, new) in listStarts { moved[old] = newLists + new }
      reader.offset = end
    }
    return (output, codeEntries, moved)
  }

  private func rewriteList(
    _ reader: inout DWARFReader, unit: DebugInfoScan.Unit?, addressSize: Int, into out: inout [UInt8],
    codeEntries: inout Set<Int>
  ) throws(DWARFError) {
    var base = unit?.base ?? 0
    while true {
      let entry = reader.offset
      let kind = try reader.u8()
      out.append(kind)
      switch kind {
      case Kind.end: return
      case Kind.baseAddressIndex:
        let index = try reader.uleb()
        base = try indexedAddress(index, unit, addressSize, reader, entry, &codeEntries)
        DWARFEncoding.uleb(index, into: &out)
      case Kind.startIndexEndIndex:
        let start = try reader.uleb()
        let end = try reader.uleb()
        _ = try indexedAddress(start, unit, addressSize, reader, entry, &codeEntries)
        _ = try indexedAddress(end, unit, addressSize, reader, entry, &codeEntries)
        DWARFEncoding.uleb(start, into: &out)
        DWARFEncoding.uleb(end, into: &out)
        try expression(&reader, &out)
      case Kind.startIndexLength:
        let index = try reader.uleb()
        let length = try reader.uleb()
        let start = try indexedAddress(index, unit, addressSize, reader, entry, &codeEntries)
        DWARFEncoding.uleb(index, into: &out)
        DWARFEncoding.uleb(map.length(from: start, length, size: addressSize), into: &out)
        try expression(&reader, &out)
      case Kind.offsetPair:
        let begin = try reader.uleb()
        let end = try reader.uleb()
        let newBase = map.address(base, size: addressSize)
        if CodeAddressMap.isTombstone(base, size: addressSize) {
          DWARFEncoding.uleb(begin, into: &out)
          DWARFEncoding.uleb(end, into: &out)
        } else {
          DWARFEncoding.uleb(map.address(base &+ begin, size: addressSize) &- newBase, into: &out)
          DWARFEncoding.uleb(map.address(base &+ end, size: addressSize) &- newBase, into: &out)
        }
        try expression(&reader, &out)
      default:
        // Kinds past the shared four differ: ranges 5 base_address, 6 start_end, 7 start_length; locations 5
        // default_location, 6 base_address, 7 start_end, 8 start_length.
        let shifted = locations ? kind : kind + 1
        switch shifted {
        case 5 where locations: try expression(&reader, &out)
        case 6:
          base = try reader.fixed(addressSize)
          DWARFEncoding.fixed(map.address(base, size: addressSize), size: addressSize, into: &out)
        case 7:
          let start = try reader.fixed(addressSize)
          let end = try reader.fixed(addressSize)
          DWARFEncoding.fixed(map.address(start, size: addressSize), size: addressSize, into: &out)
          DWARFEncoding.fixed(map.address(end, size: addressSize), size: addressSize, into: &out)
          try expression(&reader, &out)
        case 8:
          let start = try reader.fixed(addressSize)
          let length = try reader.uleb()
          DWARFEncoding.fixed(map.address(start, size: addressSize), size: addressSize, into: &out)
          DWARFEncoding.uleb(map.length(from: start, length, size: addressSize), into: &out)
          try expression(&reader, &out)
        default: throw reader.error("unknown list entry kind \(kind)", at: entry)
        }
      }
    }
  }

  /// Copies a location entry's counted expression (nothing for a range list).
  private func expression(_ reader: inout DWARFReader, _ out: inout [UInt8]) throws(DWARFError) {
    guard locations else { return }
    let length = try reader.count()
    let start = reader.offset
    try reader.skip(length)
    DWARFEncoding.uleb(UInt64(length), into: &out)
    out += reader.bytes[start..<reader.offset]
  }

  /// The original address at `.debug_addr` index `index` of the unit; marks the entry as code.
  private func indexedAddress(
    _ index: UInt64, _ unit: DebugInfoScan.Unit?, _ addressSize: Int, _ reader: DWARFReader, _ entry: Int,
    _ codeEntries: inout Set<Int>
  ) throws(DWARFError) -> UInt64 {
    guard let base = unit?.addressBase, let addresses, index < UInt64(Int32.max) else {
      throw reader.error("an indexed address without the unit's .debug_addr", at: entry)
    }
    let offset = base + Int(index) * addressSize
    var address = DWARFReader(addresses, section: ".debug_addr", offset: offset)
    let value = try address.fixed(addressSize)
    codeEntries.insert(offset)
    return value
  }
}
