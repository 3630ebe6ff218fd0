/// SIMD instructions.
extension BodyChecker {
  /// An instruction without immediates, by its shape.
  mutating func checkSimd(_ shape: SimdShape) throws(ModuleError) {
    switch shape {
    case .unary: try unary(.v128, .v128)
    case .binary: try binary(.v128, .v128)
    case .ternary:
      try stack.pop(.v128)
      try binary(.v128, .v128)
    case .test: try unary(.v128, .i32)
    case .shift:
      try stack.pop(.i32)
      try unary(.v128, .v128)
    case .splat(let scalar): try unary(scalar, .v128)
    }
  }

  /// `i8x16.shuffle`: each lane index picks one of the 32 lanes of the two operands.
  mutating func checkShuffle(_ mask: V128ShuffleMask) throws(ModuleError) {
    if let lane = mask.lanes.first(where: { $0 >= 32 }) {
      throw ModuleError(offset: nil, "invalid lane index: \(lane) is not below 32")
    }
    try binary(.v128, .v128)
  }

  /// `extract_lane` and `replace_lane`.
  mutating func checkLane(_ lanes: (count: UInt8, scalar: OperandType, extracts: Bool), _ lane: UInt8)
    throws(ModuleError)
  {
    try checkLaneIndex(lane, below: lanes.count)
    if lanes.extracts {
      try unary(.v128, lanes.scalar)
    } else {
      try stack.pop(lanes.scalar)
      try unary(.v128, .v128)
    }
  }

  /// `v128.loadN_lane` (`address v128 -> v128`) and `v128.storeN_lane` (`address v128 ->`).
  mutating func checkMemoryLane(
    _ lanes: (count: UInt8, naturalAlignment: UInt32, stores: Bool), _ memarg: MemArg, _ lane: UInt8
  ) throws(ModuleError) {
    let address = try address(memarg, MemoryAccess(.v128, lanes.naturalAlignment))
    try checkLaneIndex(lane, below: lanes.count)
    try stack.pop(.v128)
    try stack.pop(address)
    if !lanes.stores { stack.push(.v128) }
  }

  private func checkLaneIndex(_ lane: UInt8, below count: UInt8) throws(ModuleError) {
    guard lane < count else {
      throw ModuleError(offset: nil, "invalid lane index: \(lane) is not below the shape's \(count) lanes")
    }
  }
}
