import Testing

@testable import WasmBinary

@Suite struct LEB128Tests {
  static let unsignedValues: [UInt64] = [
    0, 1, 63, 64, 127, 128, 255, 16383, 16384, 2_097_151, 2_097_152, 1 << 28, UInt64(UInt32.max) - 1,
    UInt64(UInt32.max), 1 << 32, 1 << 35, UInt64(Int64.max), UInt64.max,
  ]
  static let signedValues: [Int64] = [
    0, 1, -1, 63, 64, -64, -65, 127, 128, -128, -129, 8191, 8192, -8192, -8193, Int64(Int32.max), Int64(Int32.min),
    Int64(Int32.max) + 1, Int64(Int32.min) - 1, 1 << 40, -(1 << 40), Int64.max, Int64.min,
  ]

  private func decodeUnsigned(_ bytes: [UInt8], bits: Int) throws(ModuleError) -> (UInt64, consumed: Int) {
    var reader = ByteReader(ModuleBytes(bytes), 0..<bytes.count)
    let value = try reader.unsigned(bits: bits, "a test value")
    return (value, reader.offset)
  }

  private func decodeSigned(_ bytes: [UInt8], bits: Int) throws(ModuleError) -> (Int64, consumed: Int) {
    var reader = ByteReader(ModuleBytes(bytes), 0..<bytes.count)
    let value = try reader.signed(bits: bits, "a test value")
    return (value, reader.offset)
  }

  @Test(arguments: unsignedValues)
  func unsignedRoundTrip(_ value: UInt64) throws {
    var writer = ByteWriter()
    writer.unsigned(value)
    let bits = 64 - value.leadingZeroBitCount
    #expect(writer.bytes.count == max(1, (bits + 6) / 7))
    let (decoded, consumed) = try decodeUnsigned(writer.bytes, bits: 64)
    #expect(decoded == value)
    #expect(consumed == writer.bytes.count)
    if value <= UInt32.max {
      #expect(try decodeUnsigned(writer.bytes, bits: 32).0 == value)
    } else {
      #expect(throws: ModuleError.self) { try decodeUnsigned(writer.bytes, bits: 32) }
    }
  }

  @Test(arguments: signedValues)
  func signedRoundTrip(_ value: Int64) throws {
    var writer = ByteWriter()
    writer.signed(value)
    let significant = value < 0 ? 64 - (~value).leadingZeroBitCount + 1 : 64 - value.leadingZeroBitCount + 1
    #expect(writer.bytes.count == max(1, (significant + 6) / 7))
    let (decoded, consumed) = try decodeSigned(writer.bytes, bits: 64)
    #expect(decoded == value)
    #expect(consumed == writer.bytes.count)
    if let narrow = Int32(exactly: value) {
      var narrowWriter = ByteWriter()
      narrowWriter.signed(narrow)
      #expect(narrowWriter.bytes == writer.bytes)
      #expect(try decodeSigned(writer.bytes, bits: 32).0 == value)
    } else {
      #expect(throws: ModuleError.self) { try decodeSigned(writer.bytes, bits: 32) }
    }
  }

  @Test func knownEncodings() {
    func unsigned(_ value: UInt64) -> [UInt8] {
      var writer = ByteWriter()
      writer.unsigned(value)
      return writer.bytes
    }
    func signed(_ value: Int64) -> [UInt8] {
      var writer = ByteWriter()
      writer.signed(value)
      return writer.bytes
    }
    #expect(unsigned(0) == [0x00])
    #expect(unsigned(127) == [0x7F])
    #expect(unsigned(128) == [0x80, 0x01])
    #expect(unsigned(624_485) == [0xE5, 0x8E, 0x26])
    #expect(unsigned(UInt64(UInt32.max)) == [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
    #expect(signed(-1) == [0x7F])
    #expect(signed(63) == [0x3F])
    #expect(signed(64) == [0xC0, 0x00])
    #expect(signed(-64) == [0x40])
    #expect(signed(-65) == [0xBF, 0x7F])
    #expect(signed(-123_456) == [0xC0, 0xBB, 0x78])
    #expect(signed(Int64(Int32.min)) == [0x80, 0x80, 0x80, 0x80, 0x78])
  }

  @Test func paddedEncodingsAreRead() throws {
    #expect(try decodeUnsigned([0x80, 0x80, 0x80, 0x80, 0x00], bits: 32) == (0, 5))
    #expect(try decodeUnsigned([0x81, 0x80, 0x80, 0x80, 0x00], bits: 32) == (1, 5))
    #expect(try decodeSigned([0xFF, 0xFF, 0xFF, 0xFF, 0x7F], bits: 32) == (-1, 5))
    #expect(try decodeSigned([0x80, 0x80, 0x80, 0x80, 0x00], bits: 32) == (0, 5))
  }

  @Test func overlongAndOverflowingEncodingsAreRefused() throws {
    #expect(throws: ModuleError.self) { try decodeUnsigned([0x80, 0x80, 0x80, 0x80, 0x80, 0x00], bits: 32) }
    #expect(throws: ModuleError.self) { try decodeUnsigned([0xFF, 0xFF, 0xFF, 0xFF, 0x1F], bits: 32) }
    #expect(throws: ModuleError.self) { try decodeUnsigned([0x80, 0x80], bits: 32) }
    #expect(throws: ModuleError.self) { try decodeUnsigned(Array(repeating: 0xFF, count: 9) + [0x03], bits: 64) }
    #expect(throws: ModuleError.self) { try decodeSigned([0xFF, 0xFF, 0xFF, 0xFF, 0x4F], bits: 32) }
    #expect(throws: ModuleError.self) { try decodeSigned([0x80, 0x80, 0x80, 0x80, 0x70], bits: 32) }
    #expect(throws: ModuleError.self) { try decodeSigned([0x80, 0x80, 0x80, 0x80, 0x80, 0x00], bits: 32) }
    #expect(throws: ModuleError.self) { try decodeSigned([0x80, 0x80, 0x80, 0x80, 0x20], bits: 33) }
    #expect(try decodeSigned([0x80, 0x80, 0x80, 0x80, 0x0F], bits: 33).0 == 0xF000_0000)
    #expect(try decodeSigned([0x80, 0x80, 0x80, 0x80, 0x70], bits: 33).0 == -(1 << 32))
  }

  /// The writer's constant expressions, read back by WasmParser, give the values that were written.
  @Test func constantExpressionsAgreeWithWasmParser() throws {
    var editor = ModuleEditor(try WasmModule(bytes: SectionWalker.header))
    var expected: [GlobalIndex: Int64] = [:]
    for value in Self.signedValues {
      let index = editor.addGlobal(
        GlobalType(mutability: .constant, valueType: .i64), initializer: .i64(value), name: nil)
      expected[index] = value
      if let narrow = Int32(exactly: value) {
        let index = editor.addGlobal(
          GlobalType(mutability: .constant, valueType: .i32), initializer: .i32(narrow), name: nil)
        expected[index] = value
      }
    }
    let module = try WasmModule(bytes: editor.write())
    for (index, value) in expected { #expect(module.constantInitializer(ofGlobal: index) == value) }
  }

  @Test func limitsEncoding() {
    var writer = ByteWriter()
    writer.limits(Limits(min: 17, max: 16384, shared: true))
    #expect(writer.bytes == [0x03, 0x11, 0x80, 0x80, 0x01])
    writer = ByteWriter()
    writer.limits(Limits(min: 1))
    #expect(writer.bytes == [0x00, 0x01])
    writer = ByteWriter()
    writer.limits(Limits(min: 0, max: 1 << 33, isMemory64: true))
    #expect(writer.bytes == [0x05, 0x00, 0x80, 0x80, 0x80, 0x80, 0x20])
  }
}
