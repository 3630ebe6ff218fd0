/// A cursor over a module's raw bytes for the quick paths: the walks that run over every function body or name of
/// a large module. Reads return nil instead of throwing; a caller that meets nil hands over to the ``ByteReader``
/// walk, which names the problem and its offset.
struct RawCursor {
  /// The whole file.
  let file: UnsafeRawBufferPointer
  /// The absolute offset of the next byte to read.
  var offset: Int

  /// The byte at `offset`, if `offset` is below `limit`.
  mutating func byte(below limit: Int) -> UInt8? {
    guard offset < limit else { return nil }
    offset += 1
    return file[offset - 1]
  }

  /// An unsigned 32-bit LEB128 integer that ends below `limit`; nil when it is cut short, too long or too large
  /// (exactly when ``ByteReader/u32(_:)`` throws).
  mutating func u32(below limit: Int) -> Int? {
    var result = 0
    var shift = 0
    while offset < limit {
      let byte = file[offset]
      offset += 1
      // The fifth byte holds the top 4 bits and ends the number.
      if shift == 28 { return byte & 0xF0 == 0 ? result | Int(byte) << 28 : nil }
      result |= Int(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
    return nil
  }

  /// Skips `count` bytes that must end by `limit`; returns their range.
  mutating func skip(_ count: Int, below limit: Int) -> Range<Int>? {
    guard count <= limit - offset else { return nil }
    offset += count
    return (offset - count)..<offset
  }
}

extension UnsafeRawBufferPointer {
  /// Whether every byte is below 0x80, tested eight bytes at a time.
  var isASCII: Bool {
    let highBits: UInt64 = 0x8080_8080_8080_8080
    var offset = 0
    while offset + 8 <= count {
      guard loadUnaligned(fromByteOffset: offset, as: UInt64.self) & highBits == 0 else { return false }
      offset += 8
    }
    while offset < count {
      guard self[offset] < 0x80 else { return false }
      offset += 1
    }
    return true
  }
}
