/// What a written module copied from the module it was edited from: the image's original runs, placed in the
/// output. Reading the output back, the reader trusts these bytes as far as the input's reading checked them: a data
/// section and whole function bodies copied verbatim are not decoded or walked again (their framing still is).
struct CopiedRuns {
  /// One original run: where it lies in the output, and where it came from in the input.
  private struct Run {
    let output: Range<Int>
    let input: Int
  }

  private let runs: [Run]
  private let input: WasmModule

  init(_ image: ModuleImage, input: WasmModule) {
    var runs: [Run] = []
    var offset = 0
    for piece in image.pieces {
      switch piece {
      case .original(let range):
        runs.append(Run(output: offset..<(offset + range.count), input: range.lowerBound))
        offset += range.count
      case .new(let bytes):
        offset += bytes.count
      }
    }
    self.runs = runs
    self.input = input
  }

  /// The run holding output offset `offset`.
  private func run(holding offset: Int) -> Run? {
    var low = 0
    var high = runs.count
    while low < high {
      let middle = (low + high) / 2
      if runs[middle].output.upperBound <= offset { low = middle + 1 } else { high = middle }
    }
    return low < runs.count && runs[low].output.lowerBound <= offset ? runs[low] : nil
  }

  /// The input range output `range` was copied from, if one original run holds all of it.
  private func inputRange(of range: Range<Int>) -> Range<Int>? {
    guard let run = run(holding: range.lowerBound), range.upperBound <= run.output.upperBound else { return nil }
    let start = run.input + range.lowerBound - run.output.lowerBound
    return start..<(start + range.count)
  }

  /// Whether output `section` is a verbatim copy of the input's section of the same kind, which the input's
  /// reading decoded.
  func isCopiedWhole(_ section: RawSection) -> Bool {
    guard let copied = inputRange(of: section.range) else { return false }
    return input.sections.contains { $0.id == section.id && $0.range == copied }
  }

  /// The function-body entries copied verbatim from the input's code section starting at output `offset` and ending
  /// by `end`, as output ranges (entry with size field, body without); empty when `offset` does not start a copy of
  /// an input entry.
  func copiedEntries(at offset: Int, before end: Int) -> [(entry: Range<Int>, body: Range<Int>)] {
    guard let run = run(holding: offset) else { return [] }
    let entries = input.layout.codeEntries
    let start = run.input + offset - run.output.lowerBound
    let shift = offset - start
    // The input offset where the run, or the output's code section, ends.
    let limit = Swift.min(run.input + run.output.count, end - shift)
    var low = 0
    var high = entries.count
    while low < high {
      let middle = (low + high) / 2
      if entries[middle].lowerBound < start { low = middle + 1 } else { high = middle }
    }
    guard low < entries.count, entries[low].lowerBound == start else { return [] }
    var copied: [(entry: Range<Int>, body: Range<Int>)] = []
    for index in low..<entries.count {
      guard entries[index].upperBound <= limit else { break }
      let body = input.layout.bodies[index]
      copied.append(
        (
          (entries[index].lowerBound + shift)..<(entries[index].upperBound + shift),
          (body.lowerBound + shift)..<(body.upperBound + shift)
        ))
    }
    return copied
  }
}
