/// Serves the module's bytes to WasmParser up to a limit the reader moves section by section, so that decoding one
/// section can never read into the next, whatever counts it contains.
///
/// Some sections are served as empty stand-ins (`ID 0x01 0x00`: a vector of no entries, or a custom section with an
/// empty name): the code section, whose bodies the reader walks itself and decodes only on demand
/// (``WasmModule/decodeBody(ofFunction:)``), the element section, which nothing reads or edits (its segments would
/// cost more to decode and free than the rest of a large module), and the custom sections, which the reader reads as
/// ranges of the file (WasmParser would copy each into memory). Offsets after a stand-in are therefore smaller than file offsets; ``realOffset(_:)`` converts them.
final class BoundedByteSource: ByteStreamSource {
  /// One section the parser sees as empty.
  private struct StandIn {
    /// The section's bytes in the file.
    let file: Range<Int>
    /// Where the stand-in starts in the parser's view.
    let parserStart: Int
    /// How many bytes fewer the parser sees after this stand-in (this one's and the earlier ones' together).
    let shiftAfter: Int
    let bytes: [UInt8]

    var parserEnd: Int { parserStart + bytes.count }
  }

  private let bytes: ModuleBytes
  /// Sorted by file offset.
  private let standIns: [StandIn]
  /// Where the first stand-in starts (in either view): the bytes before it are served as they are.
  private let firstStandIn: Int
  /// The offset (in the parser's view) where the bytes end for now.
  var limit: Int

  /// Serves `bytes` with each section of `emptied` (file ranges of whole sections, sorted) shown as empty.
  init(_ bytes: ModuleBytes, emptying emptied: [RawSection]) {
    self.bytes = bytes
    var standIns: [StandIn] = []
    var shift = 0
    for section in emptied {
      let standIn: [UInt8] = [section.id, 0x01, 0x00]
      let parserStart = section.range.lowerBound - shift
      shift += section.range.count - standIn.count
      standIns.append(StandIn(file: section.range, parserStart: parserStart, shiftAfter: shift, bytes: standIn))
    }
    self.standIns = standIns
    self.firstStandIn = standIns.first?.parserStart ?? Int.max
    self.limit = 0
  }

  /// The parser's offset for file offset `offset`, which lies outside the emptied sections or at one's end.
  func parserOffset(_ offset: Int) -> Int {
    offset - (lastStandIn { $0.file.upperBound <= offset }?.shiftAfter ?? 0)
  }

  /// The file offset for the parser's offset `offset`.
  func realOffset(_ offset: Int) -> Int {
    offset + (lastStandIn { $0.parserEnd <= offset }?.shiftAfter ?? 0)
  }

  /// The last stand-in for which `isBefore` holds, found by bisection: `isBefore` must hold for a prefix of the
  /// stand-ins (true of every use here, as they are sorted), and a module may have a great many custom sections.
  private func lastStandIn(where isBefore: (StandIn) -> Bool) -> StandIn? {
    var low = 0
    var high = standIns.count
    while low < high {
      let middle = (low + high) / 2
      if isBefore(standIns[middle]) { low = middle + 1 } else { high = middle }
    }
    return low > 0 ? standIns[low - 1] : nil
  }

  func readByte(at offset: Int) throws(WasmParserError) -> UInt8? {
    guard offset >= 0, offset < limit else { return nil }
    if offset < firstStandIn { return bytes[offset] }
    if let standIn = lastStandIn(where: { $0.parserStart <= offset }), offset < standIn.parserEnd {
      return standIn.bytes[offset - standIn.parserStart]
    }
    return bytes[realOffset(offset)]
  }

  func readBytes(from startOffset: Int, to endOffset: Int) throws(WasmParserError) -> ArraySlice<UInt8>? {
    guard startOffset >= 0, startOffset <= endOffset, endOffset <= limit else { return nil }
    // The stand-ins are sorted and disjoint: if any overlaps the range, the last one starting before its end does.
    let crossesStandIn = lastStandIn { $0.parserStart < endOffset }.map { startOffset < $0.parserEnd } ?? false
    guard crossesStandIn else {
      let start = realOffset(startOffset)
      return ArraySlice(bytes[start..<(start + endOffset - startOffset)].copiedToArray)
    }
    return ArraySlice(try (startOffset..<endOffset).map { offset throws(WasmParserError) in try readByte(at: offset)! })
  }
}
