/// A seeded pseudo-random generator (xorshift64*): the same seed gives the same mutants on every run and machine.
public struct SeededGenerator: RandomNumberGenerator {
  /// The generator's state; a seed must not be 0.
  public var state: UInt64

  public init(state: UInt64) { self.state = state }

  public mutating func next() -> UInt64 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return state &* 2_685_821_657_736_338_717
  }
}
