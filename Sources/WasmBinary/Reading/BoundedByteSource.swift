/// Serves the module's bytes to WasmParser up to a limit the reader moves section by section, so that decoding one
/// section can never read into the next, whatever counts it contains.
///
/// The code section is served as an empty stand-in (`0x0A 0x01 0x00`): the reader walks the function bodies itself
/// and decodes them only on demand (``WasmModule/decodeBodies()``). Offsets past the stand-in are therefore
/// `shift` bytes smaller than file offsets; ``realOffset(_:)`` converts them.
final class BoundedByteSource: ByteStreamSource {
  private static let emptyCodeSection: [UInt8] = [SectionID.code.rawValue, 0x01, 0x00]

  private let bytes: [UInt8]
  /// The file offsets of the code section, if the module has one.
  private let code: Range<Int>?
  /// The offset (in the parser's view) where the bytes end for now.
  var limit: Int

  init(_ bytes: [UInt8], codeSection: Range<Int>?) {
    self.bytes = bytes
    self.code = codeSection
    self.limit = 0
  }

  /// How many bytes fewer the parser sees after the code section.
  var shift: Int { code.map { $0.count - Self.emptyCodeSection.count } ?? 0 }

  /// The parser's offset for file offset `offset` (at or after the code section: counted from the stand-in's end).
  func parserOffset(_ offset: Int) -> Int {
    guard let code, offset >= code.upperBound else { return offset }
    return offset - shift
  }

  /// The file offset for the parser's offset `offset`.
  func realOffset(_ offset: Int) -> Int {
    guard let code, offset >= code.lowerBound + Self.emptyCodeSection.count else { return offset }
    return offset + shift
  }

  func readByte(at offset: Int) throws(WasmParserError) -> UInt8? {
    guard offset >= 0, offset < limit else { return nil }
    if let code, offset >= code.lowerBound {
      let standIn = offset - code.lowerBound
      return standIn < Self.emptyCodeSection.count ? Self.emptyCodeSection[standIn] : bytes[offset + shift]
    }
    return bytes[offset]
  }

  func readBytes(from startOffset: Int, to endOffset: Int) throws(WasmParserError) -> ArraySlice<UInt8>? {
    guard startOffset >= 0, startOffset <= endOffset, endOffset <= limit else { return nil }
    guard let code, endOffset > code.lowerBound else { return bytes[startOffset..<endOffset] }
    let standInEnd = code.lowerBound + Self.emptyCodeSection.count
    if startOffset >= standInEnd { return bytes[(startOffset + shift)..<(endOffset + shift)] }
    return ArraySlice(
      (startOffset..<endOffset).map { offset in
        offset < standInEnd ? Self.emptyCodeSection[offset - code.lowerBound] : bytes[offset + shift]
      })
  }
}
