/// A function body rebuilt around replaced instructions, with where each of its pieces came from: what a debug-info
/// updater needs to say where every input instruction went.
public struct BodyRewrite: Sendable, Equatable {
  /// A run of the new body: the input bytes it stands for and where it starts in ``bytes``.
  public struct Piece: Sendable, Equatable {
    /// The input bytes (file offsets) the piece stands for.
    public let input: Range<Int>
    /// Where the piece starts in ``BodyRewrite/bytes``.
    public let output: Int
    /// Whether the input bytes were copied unchanged (an offset inside maps to the same byte), rather than replaced
    /// (an offset inside maps to the piece's start: the replacement's first instruction).
    public let copied: Bool

    /// A piece of a new body.
    public init(input: Range<Int>, output: Int, copied: Bool) {
      self.input = input
      self.output = output
      self.copied = copied
    }
  }

  /// The full new body: local declarations, then instructions (without the size field).
  public let bytes: [UInt8]
  /// The pieces in input order, covering the input body from its first byte to its last; inserted bytes (new local
  /// declarations) belong to no piece.
  public let pieces: [Piece]

  /// A new body and where its pieces came from.
  public init(bytes: [UInt8], pieces: [Piece]) {
    self.bytes = bytes
    self.pieces = pieces
  }
}
