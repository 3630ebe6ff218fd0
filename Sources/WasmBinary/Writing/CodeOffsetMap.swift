/// Where the bytes of the input's code section went in the output: DWARF addresses are offsets from the start of the
/// code section's payload, source maps count from the start of the file. Kept by the writer for every patch; O(rewritten
/// bodies) to build.
///
/// A body copied unchanged keeps its bytes and moves by the growth of everything before it (the count field, earlier
/// rewritten bodies). A rewritten body maps piece by piece: an offset in a run of copied instructions maps to the
/// same byte in the new body, an offset in a replaced instruction (or in the size field and local declaration count)
/// to the start of what replaced it.
public struct CodeOffsetMap: Sendable, Equatable {
  /// A body the patch replaced: its entry (size field included) in the input's and the output's code payload.
  public struct RewrittenBody: Sendable, Equatable {
    /// The entry's range in the input, from the start of the code section's payload.
    public let input: Range<Int>
    /// The entry's range in the output, from the start of the code section's payload.
    public let output: Range<Int>
    /// The entry's pieces in input order, in code-payload offsets (``BodyRewrite/Piece``); the first is the size
    /// field.
    public let pieces: [BodyRewrite.Piece]

    /// The output offset of `offset`, which lies in the entry's input range.
    func outputOffset(of offset: Int) -> Int {
      var low = 0
      var high = pieces.count
      while low < high {
        let middle = (low + high) / 2
        if pieces[middle].input.lowerBound <= offset { low = middle + 1 } else { high = middle }
      }
      guard low > 0 else { return output.lowerBound }
      let piece = pieces[low - 1]
      guard piece.input.contains(offset) else { return output.lowerBound }
      return piece.copied ? piece.output + offset - piece.input.lowerBound : piece.output
    }
  }

  /// The file offset of the code section's payload in the input (`nil` when the input has no code section).
  public let inputPayloadStart: Int?
  /// The file offset of the code section's payload in the output (`nil` when the output has no code section).
  public let outputPayloadStart: Int?
  /// The size of the function count field in the input and in the output.
  public let countFieldSize: (input: Int, output: Int)
  /// The rewritten bodies, in code order.
  public let rewritten: [RewrittenBody]

  /// The map of a module whose code section (if any) is copied whole.
  static func unchanged(payloadStart: Int?, shiftedTo output: Int?, countFieldSize: Int) -> CodeOffsetMap {
    CodeOffsetMap(
      inputPayloadStart: payloadStart, outputPayloadStart: output,
      countFieldSize: (countFieldSize, countFieldSize), rewritten: [])
  }

  public static func == (left: CodeOffsetMap, right: CodeOffsetMap) -> Bool {
    left.inputPayloadStart == right.inputPayloadStart && left.outputPayloadStart == right.outputPayloadStart
      && left.countFieldSize == right.countFieldSize && left.rewritten == right.rewritten
  }

  /// Whether any offset into the input's code payload names different bytes in the output.
  public var movesCode: Bool {
    countFieldSize.input != countFieldSize.output || !rewritten.isEmpty
  }

  /// Whether any file offset of the input's code names different bytes in the output.
  public var movesFileOffsets: Bool {
    movesCode || inputPayloadStart != outputPayloadStart
  }

  /// The output offset of `offset`, both from the start of the code section's payload: the same bytes when they
  /// were copied, the start of the replacement when `offset` lies inside a replaced instruction of a rewritten body.
  public func outputOffset(ofCodeOffset offset: Int) -> Int {
    var shift = countFieldSize.output - countFieldSize.input
    guard offset >= countFieldSize.input else { return offset }
    // The rewritten bodies starting at or before `offset` (binary search: a stack guard rewrites thousands).
    var low = 0
    var high = rewritten.count
    while low < high {
      let middle = (low + high) / 2
      if rewritten[middle].input.lowerBound <= offset { low = middle + 1 } else { high = middle }
    }
    if low > 0 {
      let last = rewritten[low - 1]
      if last.input.contains(offset) { return last.outputOffset(of: offset) }
      shift = last.output.upperBound - last.input.upperBound
    }
    return offset + shift
  }

  /// The output file offset of input file offset `offset` inside the code payload (`nil` outside it).
  public func outputFileOffset(ofFileOffset offset: Int) -> Int? {
    guard let inputPayloadStart, let outputPayloadStart, offset >= inputPayloadStart else { return nil }
    return outputPayloadStart + outputOffset(ofCodeOffset: offset - inputPayloadStart)
  }

  /// Why code moves, for a warning: what shifted or was rewritten.
  var movement: String {
    var reasons: [String] = []
    if !rewritten.isEmpty {
      reasons.append("it rewrites \(rewritten.count) function bod\(rewritten.count == 1 ? "y" : "ies")")
    }
    if countFieldSize.input != countFieldSize.output {
      reasons.append(
        "the code section's function count field grows from \(countFieldSize.input) to \(countFieldSize.output) "
          + "bytes, shifting every body")
    }
    if reasons.isEmpty, let inputPayloadStart, let outputPayloadStart, inputPayloadStart != outputPayloadStart {
      reasons.append(
        "the sections before the code change size: the code moves from file offset \(inputPayloadStart) to "
          + "\(outputPayloadStart)")
    }
    return reasons.joined(separator: "; ")
  }
}
