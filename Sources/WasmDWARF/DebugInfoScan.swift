/// One walk over `.debug_info`'s DIEs: every value that names a code address or an offset into a section the
/// updater rewrites, and what each unit's lists need (its base address, its `.debug_addr` contribution).
struct DebugInfoScan {
  static let section = ".debug_info"

  /// The sections whose offsets `.debug_info` holds and the updater may move.
  enum Target: Hashable {
    case line, ranges, locations, rangeLists, locationLists
  }

  /// What one compile unit's lists need to know.
  struct Unit {
    let version: Int
    let addressSize: Int
    /// The unit DIE's `DW_AT_low_pc` (0 when it has none): the base address of its lists.
    var base: UInt64 = 0
    /// The unit's `DW_AT_addr_base`.
    var addressBase: Int?
    var rangeListsBase: Int?
    var locationListsBase: Int?
  }

  /// A value to rewrite in `.debug_info`, in place (the section keeps its size, so DIE offsets stay).
  enum Patch {
    /// A `DW_FORM_addr` code address.
    case address(at: Int, size: Int)
    /// `DW_AT_high_pc` (or `DW_AT_entry_pc`) as an offset from `low`, of fixed `size` or a ULEB128 of that size.
    case length(at: Int, size: Int, uleb: Bool, low: UInt64, addressSize: Int)
    /// A 4-byte offset into `target`.
    case offset(at: Int, target: Target)
  }

  private(set) var units: [Unit] = []
  private(set) var patches: [Patch] = []
  /// The `.debug_addr` entries (their offsets) that hold code addresses; the others (variables') are data.
  private(set) var codeAddressEntries: Set<Int> = []
  /// For each list section, the unit (index into ``units``) that refers to each list offset.
  private(set) var listOwners: [Target: [Int: Int]] = [:]

  private static let lowPC: UInt64 = 0x11
  private static let highPC: UInt64 = 0x12
  private static let stmtList: UInt64 = 0x10
  private static let ranges: UInt64 = 0x55
  private static let entryPC: UInt64 = 0x52
  private static let addressBase: UInt64 = 0x73
  private static let rangeListsBase: UInt64 = 0x74
  private static let locationListsBase: UInt64 = 0x8c
  /// `DW_AT_low_pc`, `high_pc`, `entry_pc`, `call_return_pc`, `call_pc`: attributes whose address is code.
  private static let codeAddresses: Set<UInt64> = [lowPC, highPC, entryPC, 0x7d, 0x81]
  /// The location-class attributes that may hold a location list.
  private static let locations: Set<UInt64> = [0x02, 0x19, 0x2a, 0x38, 0x40, 0x46, 0x48, 0x4a, 0x4d]

  /// Scans `info`, with its abbreviations and `.debug_addr` (to read the low addresses that `DW_FORM_addrx` names).
  init(info: [UInt8], abbreviations: [UInt8], addresses: [UInt8]?) throws(DWARFError) {
    var tables: [Int: [UInt64: Abbreviation]] = [:]
    var reader = DWARFReader(info, section: Self.section)
    while !reader.atEnd {
      let end = try reader.unitEnd()
      var unit = DWARFReader(info, section: Self.section, offset: reader.offset, end: end)
      let version = Int(try unit.fixed(2))
      guard (2...5).contains(version) else { throw unit.error("unit version \(version) is not supported") }
      let abbreviationOffset: Int
      let addressSize: Int
      if version >= 5 {
        let type = try unit.u8()
        addressSize = Int(try unit.u8())
        abbreviationOffset = Int(try unit.fixed(4))
        switch type {
        case 1, 3: break
        case 2, 6: try unit.skip(12)
        case 4, 5: try unit.skip(8)
        default: throw unit.error("unit type \(type) is not supported")
        }
      } else {
        abbreviationOffset = Int(try unit.fixed(4))
        addressSize = Int(try unit.u8())
      }
      guard addressSize == 4 || addressSize == 8 else { throw unit.error("address size \(addressSize)") }
      if tables[abbreviationOffset] == nil {
        tables[abbreviationOffset] = try Abbreviation.table(abbreviations, at: abbreviationOffset)
      }
      units.append(Unit(version: version, addressSize: addressSize))
      try scanDIEs(&unit, tables[abbreviationOffset] ?? [:], addresses: addresses)
      reader.offset = end
    }
  }

  private mutating func scanDIEs(_ unit: inout DWARFReader, _ table: [UInt64: Abbreviation], addresses: [UInt8]?)
    throws(DWARFError)
  {
    let index = units.count - 1
    let version = units[index].version
    let addressSize = units[index].addressSize
    var first = true
    while !unit.atEnd {
      let codeOffset = unit.offset
      let code = try unit.uleb()
      if code == 0 { continue }
      guard let abbreviation = table[code] else { throw unit.error("no abbreviation \(code)", at: codeOffset) }
      var values: [(name: UInt64, value: DWARFForm.Value)] = []
      for attribute in abbreviation.attributes {
        values.append(
          (attribute.name, try DWARFForm.read(attribute.form, &unit, version: version, addressSize: addressSize)))
        if attribute.name == Self.addressBase { units[index].addressBase = Int(values[values.count - 1].value.integer) }
      }
      var low: UInt64?
      if let value = values.first(where: { $0.name == Self.lowPC })?.value {
        low = try codeAddress(value, unit: index, addresses: addresses, reader: unit)
      }
      if first { units[index].base = low ?? 0 }
      first = false
      for (name, value) in values {
        try record(name, value, low: low, unit: index, reader: unit)
      }
    }
  }

  /// The code address of an address-class value (and marks its `.debug_addr` entry as code).
  private mutating func codeAddress(_ value: DWARFForm.Value, unit: Int, addresses: [UInt8]?, reader: DWARFReader)
    throws(DWARFError) -> UInt64?
  {
    if value.form == DWARFForm.addr { return value.integer }
    guard DWARFForm.isAddressIndex(value.form) else { return nil }
    let entry = try addressEntry(value, unit: unit, reader: reader)
    guard let addresses else { throw reader.error("DW_FORM_addrx without a .debug_addr section", at: value.offset) }
    var address = DWARFReader(addresses, section: ".debug_addr", offset: entry)
    return try address.fixed(units[unit].addressSize)
  }

  /// The `.debug_addr` offset of the entry an index form names.
  func addressEntry(_ value: DWARFForm.Value, unit: Int, reader: DWARFReader) throws(DWARFError) -> Int {
    guard let base = units[unit].addressBase else {
      throw reader.error("DW_FORM_addrx in a unit without DW_AT_addr_base", at: value.offset)
    }
    guard value.integer < UInt64(Int32.max) else {
      throw reader.error("address index \(value.integer)", at: value.offset)
    }
    return base + Int(value.integer) * units[unit].addressSize
  }

  private mutating func record(_ name: UInt64, _ value: DWARFForm.Value, low: UInt64?, unit: Int, reader: DWARFReader)
    throws(DWARFError)
  {
    let version = units[unit].version
    let isOffset =
      value.form == DWARFForm.secOffset
      || (version <= 3 && (value.form == DWARFForm.data4 || value.form == DWARFForm.data8))
    if Self.codeAddresses.contains(name) {
      if value.form == DWARFForm.addr {
        patches.append(.address(at: value.offset, size: value.size))
      } else if DWARFForm.isAddressIndex(value.form) {
        codeAddressEntries.insert(try addressEntry(value, unit: unit, reader: reader))
      } else if name == Self.highPC || name == Self.entryPC, DWARFForm.isConstant(value.form) {
        guard let low else { throw reader.error("DW_AT_high_pc as a length without DW_AT_low_pc", at: value.offset) }
        patches.append(
          .length(
            at: value.offset, size: value.size, uleb: value.form == DWARFForm.udata, low: low,
            addressSize: units[unit].addressSize))
      } else {
        throw reader.error("code address in form 0x\(String(value.form, radix: 16))", at: value.offset)
      }
    } else if name == Self.stmtList, isOffset || value.form == DWARFForm.data4 {
      guard value.size == 4 else { throw reader.error("8-byte DW_AT_stmt_list", at: value.offset) }
      patches.append(.offset(at: value.offset, target: .line))
    } else if name == Self.ranges, isOffset {
      try list(value, version >= 5 ? .rangeLists : .ranges, unit: unit, reader: reader)
    } else if Self.locations.contains(name), isOffset {
      try list(value, version >= 5 ? .locationLists : .locations, unit: unit, reader: reader)
    } else if name == Self.rangeListsBase || name == Self.locationListsBase {
      guard value.form == DWARFForm.secOffset else { throw reader.error("list base in another form", at: value.offset) }
      let target: Target = name == Self.rangeListsBase ? .rangeLists : .locationLists
      patches.append(.offset(at: value.offset, target: target))
      if target == .rangeLists {
        units[unit].rangeListsBase = Int(value.integer)
      } else {
        units[unit].locationListsBase = Int(value.integer)
      }
    }
  }

  private mutating func list(_ value: DWARFForm.Value, _ target: Target, unit: Int, reader: DWARFReader)
    throws(DWARFError)
  {
    guard value.size == 4 else { throw reader.error("8-byte list offset", at: value.offset) }
    listOwners[target, default: [:]][Int(value.integer)] = unit
    // Version 4 lists are rewritten in place; version 5 lists are encoded again and may move.
    if target == .rangeLists || target == .locationLists { patches.append(.offset(at: value.offset, target: target)) }
  }
}
