/// A live thread's state as verify sees it from outside: its globals and its TLS block right after its start.
struct ThreadState {
  let thread: UInt32
  /// The round that started it (0: the first instance).
  let round: Int
  let stackTop: Int64
  let tlsBase: Int64?
  /// The TLS block's bytes right after the start (nil when there is no TLS or the block is outside the memory).
  let tlsAtStart: [UInt8]?

  /// The stack range of a thread whose stack is `size` bytes below its top.
  func stack(size: Int64) -> Range<Int64> { (stackTop - size)..<stackTop }

  /// The TLS block of `size` bytes, if there is one.
  func tls(size: Int64) -> Range<Int64>? {
    guard let tlsBase, size > 0 else { return nil }
    return tlsBase..<(tlsBase + size)
  }
}
