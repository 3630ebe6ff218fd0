/// The attribute forms of DWARF 2 to 5 (and the GNU extensions LLVM emits): how many bytes each takes, so that a
/// DIE walk can skip what it does not rewrite. An unknown form stops the walk.
enum DWARFForm {
  static let addr: UInt64 = 0x01
  static let data1: UInt64 = 0x0b
  static let data2: UInt64 = 0x05
  static let data4: UInt64 = 0x06
  static let data8: UInt64 = 0x07
  static let sdata: UInt64 = 0x0d
  static let udata: UInt64 = 0x0f
  static let indirect: UInt64 = 0x16
  static let secOffset: UInt64 = 0x17
  static let implicitConst: UInt64 = 0x21
  static let loclistx: UInt64 = 0x22
  static let rnglistx: UInt64 = 0x23
  static let addrx: UInt64 = 0x1b
  static let addrx1: UInt64 = 0x29
  static let addrx2: UInt64 = 0x2a
  static let addrx3: UInt64 = 0x2b
  static let addrx4: UInt64 = 0x2c
  static let gnuAddrIndex: UInt64 = 0x1f01

  /// An attribute value as read: where it is, how many bytes, and its integer value (for integer forms).
  struct Value {
    let form: UInt64
    let offset: Int
    let size: Int
    let integer: UInt64
  }

  /// Whether `form` names a `.debug_addr` entry.
  static func isAddressIndex(_ form: UInt64) -> Bool {
    [addrx, addrx1, addrx2, addrx3, addrx4, gnuAddrIndex].contains(form)
  }

  /// Whether `form` is a constant (not an address): `DW_AT_high_pc` is then a length.
  static func isConstant(_ form: UInt64) -> Bool {
    [data1, data2, data4, data8, udata].contains(form)
  }

  /// Reads (or skips) one attribute value of `form`; `version` and `addressSize` are the unit's.
  static func read(_ form: UInt64, _ reader: inout DWARFReader, version: Int, addressSize: Int) throws(DWARFError)
    -> Value
  {
    var form = form
    var start = reader.offset
    var indirections = 0
    while form == indirect {
      indirections += 1
      guard indirections < 8 else { throw reader.error("DW_FORM_indirect chain") }
      form = try reader.uleb()
      start = reader.offset
    }
    var integer: UInt64 = 0
    switch form {
    case addr: integer = try reader.fixed(addressSize)
    case 0x03, 0x04:  // block2, block4
      let length = Int(try reader.fixed(form == 0x03 ? 2 : 4))
      try reader.skip(length)
    case data2, 0x12, 0x26: integer = try reader.fixed(2)  // data2, ref2, strx2
    case data4, 0x13, 0x28, addrx4: integer = try reader.fixed(4)  // data4, ref4, strx4, addrx4
    case data8, 0x14, 0x20: integer = try reader.fixed(8)  // data8, ref8, ref_sig8
    case 0x08: try reader.cString()  // string
    case 0x09, 0x18, 0x0a:  // block, exprloc, block1
      let length = form == 0x0a ? Int(try reader.u8()) : try reader.count()
      try reader.skip(length)
    case data1, 0x0c, 0x11, 0x25, addrx1: integer = UInt64(try reader.u8())  // data1, flag, ref1, strx1, addrx1
    case sdata: integer = UInt64(bitPattern: try reader.sleb())
    case udata, 0x15, 0x1a, addrx, loclistx, rnglistx, gnuAddrIndex, 0x1f02:
      integer = try reader.uleb()  // udata, ref_udata, strx, addrx, loclistx, rnglistx, GNU indexes
    case 0x0e, secOffset, 0x1c, 0x1d, 0x1f, 0x1f20, 0x1f21:
      integer = try reader.fixed(4)  // strp, sec_offset, ref_sup4, strp_sup, line_strp, GNU_ref_alt, GNU_strp_alt
    case 0x10: integer = try reader.fixed(version <= 2 ? addressSize : 4)  // ref_addr
    case 0x19, implicitConst: break  // flag_present, implicit_const: no bytes
    case 0x1e: try reader.skip(16)  // data16
    case 0x24: integer = try reader.fixed(8)  // ref_sup8
    case addrx2: integer = try reader.fixed(2)
    case 0x27, addrx3: integer = try reader.fixed(3)  // strx3, addrx3
    default: throw reader.error("unknown attribute form 0x\(String(form, radix: 16))", at: start)
    }
    return Value(form: form, offset: start, size: reader.offset - start, integer: integer)
  }
}
