/// Serves the module's bytes to WasmParser up to a limit the reader moves section by section, so that decoding one
/// section can never read into the next, whatever counts it contains. Offsets stay absolute file offsets.
final class BoundedByteSource: ByteStreamSource {
  private let bytes: [UInt8]
  /// The offset where the bytes end for now.
  var limit: Int

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    self.limit = 0
  }

  func readByte(at offset: Int) throws(WasmParserError) -> UInt8? {
    offset >= 0 && offset < limit ? bytes[offset] : nil
  }

  func readBytes(from startOffset: Int, to endOffset: Int) throws(WasmParserError) -> ArraySlice<UInt8>? {
    guard startOffset >= 0, startOffset <= endOffset, endOffset <= limit else { return nil }
    return bytes[startOffset..<endOffset]
  }
}
