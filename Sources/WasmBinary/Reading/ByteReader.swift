/// A bounds-checked cursor over part of a module's bytes, used by the walkers that find entry boundaries.
///
/// Every read checks the bytes that remain before the end of its range, and every failure is a ``ModuleError`` at an
/// absolute file offset, so a walker can never read past a section or be made to allocate from a count it has not
/// checked.
struct ByteReader {
  /// The whole file.
  let bytes: ModuleBytes
  /// The absolute offset of the next byte to read.
  private(set) var offset: Int
  /// The absolute offset where this reader's range ends.
  let end: Int

  /// A reader over `range` of `bytes` (which must lie within the file).
  init(_ bytes: ModuleBytes, _ range: Range<Int>) {
    self.bytes = bytes
    self.offset = range.lowerBound
    self.end = range.upperBound
  }

  /// Whether the whole range has been read.
  var isAtEnd: Bool { offset >= end }

  /// How many bytes remain.
  var remaining: Int { end - offset }

  /// Reads one byte; `what` names it in the error when there is none.
  mutating func byte(_ what: @autoclosure () -> String) throws(ModuleError) -> UInt8 {
    guard offset < end else { throw ModuleError(offset: offset, "unexpected end of data while reading \(what())") }
    offset += 1
    return bytes[offset - 1]
  }

  /// Skips `count` bytes and returns their range.
  @discardableResult
  mutating func skip(_ count: Int, _ what: @autoclosure () -> String) throws(ModuleError) -> Range<Int> {
    guard count <= remaining else {
      throw ModuleError(offset: offset, "\(what()) needs \(count) bytes but only \(remaining) remain")
    }
    offset += count
    return (offset - count)..<offset
  }

  /// Reads an unsigned LEB128 integer of at most `bits` bits (non-minimal encodings are accepted, as in the spec).
  mutating func unsigned(bits: Int, _ what: @autoclosure () -> String) throws(ModuleError) -> UInt64 {
    let start = offset
    var result: UInt64 = 0
    var shift = 0
    while true {
      let byte = try self.byte(what())
      let low = UInt64(byte & 0x7F)
      if shift + 7 > bits, byte & 0x80 != 0 || low >> (bits - shift) != 0 {
        throw ModuleError(offset: start, "\(what()): LEB128 integer is too long or does not fit in \(bits) bits")
      }
      result |= low << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
  }

  /// Reads an unsigned 32-bit LEB128 integer.
  mutating func u32(_ what: @autoclosure () -> String) throws(ModuleError) -> UInt32 {
    UInt32(try unsigned(bits: 32, what()))
  }

  /// Reads a signed LEB128 integer of at most `bits` bits, sign-extended to 64 bits.
  mutating func signed(bits: Int, _ what: @autoclosure () -> String) throws(ModuleError) -> Int64 {
    let start = offset
    var result: Int64 = 0
    var shift = 0
    while true {
      let byte = try self.byte(what())
      if shift + 7 >= bits {
        // The last byte a `bits`-wide value may take: its bits above the value's sign bit must repeat that sign.
        let signAndUnused = Int8(bitPattern: byte << 1) >> (bits - shift)
        guard byte & 0x80 == 0, signAndUnused == 0 || signAndUnused == -1 else {
          throw ModuleError(offset: start, "\(what()): LEB128 integer is too long or does not fit in \(bits) bits")
        }
      }
      result |= Int64(byte & 0x7F) << shift
      shift += 7
      if byte & 0x80 == 0 {
        if shift < 64, byte & 0x40 != 0 { result |= -1 << shift }
        return result
      }
    }
  }

  /// Reads a vector length and checks that the remaining bytes can hold that many entries of at least
  /// `minimumEntrySize` bytes each, so callers may loop over (or reserve) `count` entries safely.
  mutating func count(_ what: @autoclosure () -> String, minimumEntrySize: Int = 1) throws(ModuleError) -> Int {
    let start = offset
    let count = Int(try u32("the number of \(what())"))
    guard count <= remaining / minimumEntrySize else {
      throw ModuleError(offset: start, "\(count) \(what()) declared, but only \(remaining) bytes remain to hold them")
    }
    return count
  }

  /// Skips a name (a byte length, then that many bytes of UTF-8), checking it without building a `String`.
  mutating func checkName(_ what: @autoclosure () -> String) throws(ModuleError) {
    let start = offset
    let length = Int(try u32("the length of \(what())"))
    let range = try skip(length, what())
    let isASCII = bytes[range].withUnsafeBytes(\.isASCII)
    guard isASCII || String(validating: bytes[range], as: UTF8.self) != nil else {
      throw ModuleError(offset: start, "\(what()) is not valid UTF-8")
    }
  }

  /// Reads a name: a byte length, then that many bytes of UTF-8.
  mutating func name(_ what: @autoclosure () -> String) throws(ModuleError) -> String {
    let start = offset
    let length = Int(try u32("the length of \(what())"))
    let range = try skip(length, what())
    guard let name = String(validating: bytes[range], as: UTF8.self) else {
      throw ModuleError(offset: start, "\(what()) is not valid UTF-8")
    }
    return name
  }
}
