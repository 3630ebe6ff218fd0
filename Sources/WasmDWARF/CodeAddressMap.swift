/// Maps DWARF code addresses (offsets from the start of the code section's payload) of the input to the output, and
/// keeps tombstones (the linker's marks for dead code: the largest and second-largest address) as they are.
public struct CodeAddressMap: Sendable {
  private let map: @Sendable (Int) -> Int

  /// A map from input to output code offsets; `map` must be non-decreasing.
  public init(_ map: @escaping @Sendable (Int) -> Int) {
    self.map = map
  }

  /// Whether `value` is a tombstone for addresses of `size` bytes.
  static func isTombstone(_ value: UInt64, size: Int) -> Bool {
    let largest: UInt64 = size >= 8 ? .max : (UInt64(1) << (8 * size)) - 1
    return value >= largest - 1
  }

  /// The output address of `value`; tombstones and addresses past 2³¹ stay as they are.
  func address(_ value: UInt64, size: Int) -> UInt64 {
    guard !Self.isTombstone(value, size: size), value < UInt64(Int32.max) else { return value }
    return UInt64(map(Int(value)))
  }

  /// The output length of the `length` bytes from `start`: the distance between their mapped ends.
  func length(from start: UInt64, _ length: UInt64, size: Int) -> UInt64 {
    guard !Self.isTombstone(start, size: size), start < UInt64(Int32.max) else { return length }
    let end = start &+ length
    let mappedEnd = end < UInt64(Int32.max) ? address(end, size: size) : end
    let mappedStart = address(start, size: size)
    return mappedEnd >= mappedStart ? mappedEnd - mappedStart : length
  }
}
