/// An edited module as the writer lays it out: runs of new bytes between ranges of the original file, which are
/// never copied in memory. Writing an image out costs about what copying the file costs; ``bytes`` assembles it.
public struct ModuleImage: Sendable {
  /// A run of the output.
  public enum Piece: Sendable, Equatable {
    /// Bytes of the original file, copied unchanged.
    case original(Range<Int>)
    /// Bytes the writer produced.
    case new([UInt8])
  }

  /// The original file the ``Piece/original(_:)`` ranges refer to.
  public let source: ModuleBytes
  /// The runs, in output order.
  public let pieces: [Piece]
  /// Where the input's code went: for debug information and source maps.
  public let codeOffsets: CodeOffsetMap
  /// What the writer dropped rather than leave stale (debug sections of code it moved); empty for most patches.
  public let warnings: [WriterWarning]
  /// The custom sections whose payloads the writer rewrote (DWARF of code it moved, a new source map URL); empty for
  /// most patches.
  public let rewrittenSections: Set<String>

  /// The number of bytes of the output.
  public var count: Int {
    pieces.reduce(0) { total, piece in
      switch piece {
      case .original(let range): total + range.count
      case .new(let bytes): total + bytes.count
      }
    }
  }

  /// Calls `body` with each run's bytes in output order (the original ranges straight from ``source``).
  public func forEachRun<E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
    for piece in pieces {
      switch piece {
      case .original(let range): try source[range].withUnsafeBytes(body)
      case .new(let bytes):
        // `Array.withUnsafeBytes` rethrows untyped errors; carry the typed one out in a `Result`.
        try bytes.withUnsafeBytes { run in Result { () throws(E) in try body(run) } }.get()
      }
    }
  }

  /// The range of ``source`` that output bytes `range` were copied from, when one original run holds them all
  /// (`nil` when any of them are new bytes).
  public func sourceRange(ofOutput range: Range<Int>) -> Range<Int>? {
    var offset = 0
    for piece in pieces {
      switch piece {
      case .original(let original):
        if offset <= range.lowerBound && range.upperBound <= offset + original.count {
          let start = original.lowerBound + range.lowerBound - offset
          return start..<(start + range.count)
        }
        offset += original.count
      case .new(let bytes):
        offset += bytes.count
      }
      if offset > range.lowerBound { return nil }
    }
    return nil
  }

  /// The output assembled in memory.
  public var bytes: [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    forEachRun { bytes.append(contentsOf: $0) }
    return bytes
  }
}

/// Builds a ``ModuleImage``: an encoder for the new bytes that also takes ranges of the original file. An original
/// range extends the original piece before it when they touch; a short one that follows new bytes is copied among
/// them instead, so that the image does not fragment into many small writes.
struct ModuleImageBuilder {
  /// Original ranges shorter than this are copied after new bytes rather than referenced: a write of its own costs
  /// more than copying a few pages (a stack-guard patch splices thousands of bodies).
  private static let shortestReference = 16384

  private let source: ModuleBytes
  private var pieces: [ModuleImage.Piece] = []
  /// The number of bytes in `pieces`.
  private var flushedCount = 0
  /// The new bytes since the last referenced range.
  var pending = ByteWriter()

  init(source: ModuleBytes) {
    self.source = source
  }

  /// The number of bytes appended so far: the output offset of the next one.
  var count: Int { flushedCount + pending.bytes.count }

  /// Appends `range` of the original file.
  mutating func original(_ range: Range<Int>) {
    guard pending.bytes.isEmpty || range.count >= Self.shortestReference else {
      pending.raw(source[range])
      return
    }
    flushPending()
    flushedCount += range.count
    if case .original(let previous) = pieces.last, previous.upperBound == range.lowerBound {
      pieces[pieces.count - 1] = .original(previous.lowerBound..<range.upperBound)
    } else {
      pieces.append(.original(range))
    }
  }

  /// Appends `range` of the original file with `splices` applied (sorted, not overlapping, within `range`).
  mutating func original(_ range: Range<Int>, splicing splices: [Splice]) {
    var position = range.lowerBound
    for splice in splices {
      original(position..<splice.range.lowerBound)
      pending.raw(splice.replacement)
      position = splice.range.upperBound
    }
    original(position..<range.upperBound)
  }

  /// The finished image.
  consuming func image(codeOffsets: CodeOffsetMap, warnings: [WriterWarning], rewritten: Set<String>) -> ModuleImage {
    flushPending()
    return ModuleImage(
      source: source, pieces: pieces, codeOffsets: codeOffsets, warnings: warnings, rewrittenSections: rewritten)
  }

  private mutating func flushPending() {
    guard !pending.bytes.isEmpty else { return }
    pieces.append(.new(pending.bytes))
    flushedCount += pending.bytes.count
    pending = ByteWriter()
  }
}
