/// A bounded little-endian reader over one DWARF section: every read checks the bytes are there and throws a
/// ``DWARFError`` naming the offset otherwise.
struct DWARFReader {
  let bytes: [UInt8]
  let section: String
  /// The next byte to read.
  var offset: Int
  /// One past the last byte this reader may read.
  var end: Int

  init(_ bytes: [UInt8], section: String, offset: Int = 0, end: Int? = nil) {
    self.bytes = bytes
    self.section = section
    self.offset = offset
    self.end = end ?? bytes.count
  }

  var atEnd: Bool { offset >= end }

  func error(_ message: String, at position: Int? = nil) -> DWARFError {
    DWARFError(section, offset: position ?? offset, message)
  }

  mutating func u8() throws(DWARFError) -> UInt8 {
    guard offset >= 0, offset < end else { throw error("unexpected end of data") }
    defer { offset += 1 }
    return bytes[offset]
  }

  /// A little-endian unsigned integer of `size` bytes (1 to 8).
  mutating func fixed(_ size: Int) throws(DWARFError) -> UInt64 {
    guard size >= 1, size <= 8 else { throw error("unsupported field size \(size)") }
    guard offset >= 0, end - offset >= size else { throw error("unexpected end of data: \(size)-byte field") }
    var value: UInt64 = 0
    for index in 0..<size { value |= UInt64(bytes[offset + index]) << (8 * index) }
    offset += size
    return value
  }

  mutating func uleb() throws(DWARFError) -> UInt64 {
    let start = offset
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let byte = try u8()
      guard shift < 64 else { throw error("ULEB128 longer than 64 bits", at: start) }
      value |= UInt64(byte & 0x7f) << shift
      shift += 7
      if byte & 0x80 == 0 { return value }
    }
  }

  mutating func sleb() throws(DWARFError) -> Int64 {
    let start = offset
    var value: Int64 = 0
    var shift: Int64 = 0
    while true {
      let byte = try u8()
      guard shift < 64 else { throw error("SLEB128 longer than 64 bits", at: start) }
      value |= Int64(byte & 0x7f) << shift
      shift += 7
      if byte & 0x80 == 0 {
        if shift < 64, byte & 0x40 != 0 { value |= -(Int64(1) << shift) }
        return value
      }
    }
  }

  /// A ULEB128 that must fit in `Int` (a length or an index).
  mutating func count() throws(DWARFError) -> Int {
    let start = offset
    let value = try uleb()
    guard value <= UInt64(Int32.max) else { throw error("length or index \(value) is too large", at: start) }
    return Int(value)
  }

  mutating func skip(_ count: Int) throws(DWARFError) {
    guard count >= 0, offset >= 0, end - offset >= count else {
      throw error("unexpected end of data: \(count) bytes to skip")
    }
    offset += count
  }

  mutating func cString() throws(DWARFError) {
    while try u8() != 0 {}
  }

  /// A 32-bit DWARF unit length; the unit's end. 64-bit DWARF is refused.
  mutating func unitEnd() throws(DWARFError) -> Int {
    let start = offset
    let length = try fixed(4)
    guard length < 0xffff_fff0 else { throw error("64-bit DWARF is not supported", at: start) }
    guard Int(length) <= end - offset else { throw error("unit length \(length) runs past the section", at: start) }
    return offset + Int(length)
  }
}

/// Encoding helpers for the rewritten sections.
enum DWARFEncoding {
  static func uleb(_ value: UInt64, into bytes: inout [UInt8]) {
    var value = value
    repeat {
      let byte = UInt8(value & 0x7f)
      value >>= 7
      bytes.append(value == 0 ? byte : byte | 0x80)
    } while value != 0
  }

  static func sleb(_ value: Int64, into bytes: inout [UInt8]) {
    var value = value
    while true {
      let byte = UInt8(value & 0x7f)
      value >>= 7
      if (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0) {
        bytes.append(byte)
        return
      }
      bytes.append(byte | 0x80)
    }
  }

  static func fixed(_ value: UInt64, size: Int, into bytes: inout [UInt8]) {
    for index in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
  }

  /// Overwrites `size` bytes at `offset` with `value`; false when it does not fit.
  static func overwrite(_ value: UInt64, size: Int, at offset: Int, in bytes: inout [UInt8]) -> Bool {
    guard size >= 8 || value < (UInt64(1) << (8 * size)) else { return false }
    for index in 0..<size { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    return true
  }

  /// Overwrites the `size`-byte ULEB128 at `offset` with `value`, padded to the same size; false when it does not
  /// fit.
  static func overwriteULEB(_ value: UInt64, size: Int, at offset: Int, in bytes: inout [UInt8]) -> Bool {
    guard size >= 10 || value < (UInt64(1) << (7 * size)) else { return false }
    var value = value
    for index in 0..<size {
      let byte = UInt8(value & 0x7f)
      value >>= 7
      bytes[offset + index] = index == size - 1 ? byte : byte | 0x80
    }
    return true
  }
}
