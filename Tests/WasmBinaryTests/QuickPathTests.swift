import Testing

@testable import WasmBinary

/// The raw-byte quick paths agree with the checked reader they stand in for.
@Suite struct QuickPathTests {
  /// The quick paths' decoder accepts exactly what the checked reader accepts, with the same value and length.
  @Test(
    arguments: [
      [0x00], [0x7F], [0x80, 0x01], [0xE5, 0x8E, 0x26], [0x80, 0x80, 0x80, 0x00], [0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
      [0xFF, 0xFF, 0xFF, 0xFF, 0x1F], [0x80, 0x80, 0x80, 0x80, 0x80, 0x00], [0x80, 0x80, 0x80, 0x80, 0x00], [0x80],
      [0xFF, 0xFF], [], [0x83, 0x80, 0x80, 0x80, 0x70],
    ] as [[UInt8]])
  func quickDecoderAgreesWithTheReader(_ bytes: [UInt8]) {
    let module = ModuleBytes(bytes)
    var reader = ByteReader(module, 0..<bytes.count)
    let checked = try? reader.u32("a test value")
    let quick = module.withUnsafeBytes { file -> (Int, Int)? in
      var cursor = RawCursor(file: file, offset: 0)
      return cursor.u32(below: bytes.count).map { ($0, cursor.offset) }
    }
    #expect(quick?.0 == checked.map(Int.init))
    if let quick { #expect(quick.1 == reader.offset) }
  }

  @Test func asciiTestCoversEveryPositionOfEveryLength() {
    for length in 0..<20 {
      let ascii = [UInt8](repeating: 0x61, count: length)
      let isASCII = ascii.withUnsafeBytes { $0.isASCII }
      #expect(isASCII)
      for position in 0..<length {
        var high = ascii
        high[position] = 0x80
        let highIsASCII = high.withUnsafeBytes { $0.isASCII }
        #expect(!highIsASCII, "length \(length), position \(position)")
      }
    }
  }
}
