/// A replacement of a byte range of the original file, used to rebuild a section around the entries an edit changes.
struct Splice {
  /// The original bytes to drop (empty to insert at `range.lowerBound`).
  let range: Range<Int>
  /// What to write in their place.
  let replacement: [UInt8]
}

extension ByteWriter {
  /// Copies `bytes[range]` with the splices applied; the splices must lie within `range`, sorted and not overlapping.
  mutating func copy(_ bytes: ModuleBytes, _ range: Range<Int>, splicing splices: [Splice] = []) {
    var position = range.lowerBound
    for splice in splices {
      raw(bytes[position..<splice.range.lowerBound])
      raw(splice.replacement)
      position = splice.range.upperBound
    }
    raw(bytes[position..<range.upperBound])
  }
}
