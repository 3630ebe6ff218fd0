/// An append-only byte buffer with the WebAssembly binary encodings we write: LEB128 integers, names, vectors.
public struct ByteWriter: Sendable {
  /// The bytes written so far.
  public private(set) var bytes: [UInt8]

  /// Creates an empty writer, optionally reserving capacity.
  public init(capacity: Int = 0) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  /// Appends one byte.
  public mutating func byte(_ value: UInt8) { bytes.append(value) }

  /// Appends raw bytes unchanged.
  public mutating func raw<C: Collection>(_ data: C) where C.Element == UInt8 {
    // One copy for contiguous bytes (a slice of the module's bytes), not a loop over elements.
    let appended: Void? = data.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
    if appended == nil { bytes.append(contentsOf: data) }
  }

  /// Appends an unsigned LEB128 integer in its minimal encoding.
  public mutating func unsigned<T: UnsignedInteger & FixedWidthInteger>(_ value: T) {
    var rest = UInt64(value)
    repeat {
      var byte = UInt8(rest & 0x7F)
      rest >>= 7
      if rest != 0 { byte |= 0x80 }
      bytes.append(byte)
    } while rest != 0
  }

  /// Appends an unsigned LEB128 integer; `Int` convenience for counts and sizes (which are never negative).
  public mutating func unsigned(_ value: Int) {
    precondition(value >= 0, "LEB128 count must not be negative")
    unsigned(UInt64(value))
  }

  /// Appends a signed LEB128 integer in its minimal encoding.
  public mutating func signed<T: SignedInteger & FixedWidthInteger>(_ value: T) {
    var rest = Int64(value)
    while true {
      let byte = UInt8(truncatingIfNeeded: rest) & 0x7F
      rest >>= 7
      let signBitSet = byte & 0x40 != 0
      if (rest == 0 && !signBitSet) || (rest == -1 && signBitSet) {
        bytes.append(byte)
        return
      }
      bytes.append(byte | 0x80)
    }
  }

  /// Appends a name: its UTF-8 length as LEB128, then the bytes.
  public mutating func name(_ value: String) {
    let utf8 = Array(value.utf8)
    unsigned(utf8.count)
    raw(utf8)
  }

  /// Appends `payload` framed as a section or subsection: `id`, LEB128 size, payload.
  public mutating func framed(id: UInt8, payload: [UInt8]) {
    byte(id)
    unsigned(payload.count)
    raw(payload)
  }
}
