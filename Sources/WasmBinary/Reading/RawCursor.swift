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
    for shift in stride(from: 0, through: 28, by: 7) {
      guard let byte = byte(below: limit), shift < 28 || byte & 0xF0 == 0 else { return nil }
      result |= Int(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
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
