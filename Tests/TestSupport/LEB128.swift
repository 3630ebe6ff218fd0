import WasmBinary

/// Bytes tests assemble by hand, encoded by `WasmBinary`'s ``ByteWriter`` (the encoder the writer uses).
public enum TestBytes {
  /// The unsigned LEB128 encoding of `value`.
  public static func leb128<T: UnsignedInteger & FixedWidthInteger>(_ value: T) -> [UInt8] {
    var writer = ByteWriter()
    writer.unsigned(value)
    return writer.bytes
  }

  /// The unsigned LEB128 encoding of a count or size.
  public static func leb128(_ value: Int) -> [UInt8] { leb128(UInt64(value)) }

  /// A section: its id, its payload's size, the payload.
  public static func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] {
    [id] + leb128(payload.count) + payload
  }

  /// A custom section `name` holding `payload`.
  public static func customSection(_ name: String, _ payload: [UInt8]) -> [UInt8] {
    section(0, leb128(name.utf8.count) + Array(name.utf8) + payload)
  }
}
