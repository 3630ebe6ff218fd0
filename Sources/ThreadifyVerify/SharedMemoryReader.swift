import WasmKit

/// Bounds-checked reads and writes of the shared memory from outside the program (WasmKit's own accessors stop
/// the process on an out-of-bounds range).
struct SharedMemoryReader {
  let memory: Memory

  /// The memory's size in bytes.
  var byteCount: Int64 { Int64(memory.byteCount) }

  /// Whether `range` lies inside the memory.
  func contains(_ range: Range<Int64>) -> Bool { range.lowerBound >= 0 && range.upperBound <= byteCount }

  /// The bytes of `range`, or nil when it is not inside the memory.
  func read(_ range: Range<Int64>) -> [UInt8]? {
    guard contains(range) else { return nil }
    return memory.withUnsafeBufferPointer(offset: UInt(range.lowerBound), count: range.count) { Array($0) }
  }

  /// Writes `bytes` at `address` when they fit inside the memory.
  func write(_ bytes: [UInt8], at address: Int64) {
    guard contains(address..<(address + Int64(bytes.count))) else { return }
    memory.withUnsafeMutableBufferPointer(offset: UInt(address), count: bytes.count) { $0.copyBytes(from: bytes) }
  }
}
