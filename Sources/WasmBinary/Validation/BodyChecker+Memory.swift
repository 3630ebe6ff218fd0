/// Memory accesses, bulk memory and atomics.
extension BodyChecker {
  /// Checks a memory argument for `access` and returns the address type of its memory: the memory exists, the
  /// alignment hint is at most the natural alignment (exactly it for an atomic access), and a 32-bit memory's
  /// offset fits in 32 bits.
  func address(_ memarg: MemArg, _ access: MemoryAccess) throws(ModuleError) -> OperandType {
    let address = try context.addressType(ofMemory: memarg.memory)
    if access.isAtomic {
      guard memarg.align == access.naturalAlignment else {
        throw ModuleError(
          offset: nil,
          "atomic accesses must specify their natural alignment: 2^\(access.naturalAlignment), found 2^\(memarg.align)")
      }
    } else {
      guard memarg.align <= access.naturalAlignment else {
        throw ModuleError(
          offset: nil,
          "alignment must not be larger than natural: at most 2^\(access.naturalAlignment), found 2^\(memarg.align)")
      }
    }
    guard address == .i64 || memarg.offset <= UInt64(UInt32.max) else {
      throw ModuleError(offset: nil, "offset out of range: \(memarg.offset) does not fit a 32-bit memory's offsets")
    }
    return address
  }

  /// A load: `address -> value`.
  mutating func checkLoad(_ access: MemoryAccess, _ memarg: MemArg) throws(ModuleError) {
    try stack.pop(address(memarg, access))
    stack.push(access.type)
  }

  /// A store: `address value ->`.
  mutating func checkStore(_ access: MemoryAccess, _ memarg: MemArg) throws(ModuleError) {
    let address = try address(memarg, access)
    try stack.pop(access.type)
    try stack.pop(address)
  }

  /// `memory.atomic.notify` and the waits: `address operands -> result`.
  mutating func checkAtomic(_ memarg: MemArg, _ access: MemoryAccess, operands: [OperandType], result: OperandType)
    throws(ModuleError)
  {
    let address = try address(memarg, MemoryAccess(access.type, access.naturalAlignment, atomic: true))
    try stack.pop(operands)
    try stack.pop(address)
    stack.push(result)
  }

  /// An atomic read-modify-write: `address value -> old value`.
  mutating func checkReadModifyWrite(_ memarg: MemArg, _ access: MemoryAccess) throws(ModuleError) {
    let address = try address(memarg, MemoryAccess(access.type, access.naturalAlignment, atomic: true))
    try stack.pop(access.type)
    try stack.pop(address)
    stack.push(access.type)
  }

  /// An atomic compare-exchange: `address expected replacement -> old value`.
  mutating func checkCompareExchange(_ memarg: MemArg, _ access: MemoryAccess) throws(ModuleError) {
    let address = try address(memarg, MemoryAccess(access.type, access.naturalAlignment, atomic: true))
    try stack.pop(access.type)
    try stack.pop(access.type)
    try stack.pop(address)
    stack.push(access.type)
  }

  /// `memory.fill`: `destination value (i32) count ->`.
  mutating func checkMemoryFill(_ memory: UInt32) throws(ModuleError) {
    let address = try context.addressType(ofMemory: memory)
    try stack.pop(address)
    try stack.pop(.i32)
    try stack.pop(address)
  }

  /// `memory.copy`: `destination source count ->`, the count 64-bit only when both memories are.
  mutating func checkMemoryCopy(_ destination: UInt32, _ source: UInt32) throws(ModuleError) {
    let destinationAddress = try context.addressType(ofMemory: destination)
    let sourceAddress = try context.addressType(ofMemory: source)
    try stack.pop(destinationAddress == .i64 && sourceAddress == .i64 ? .i64 : .i32)
    try stack.pop(sourceAddress)
    try stack.pop(destinationAddress)
  }

  /// `memory.init`: `destination (memory address) source count (i32) ->`; needs the data count section.
  mutating func checkMemoryInit(_ segment: UInt32, _ memory: UInt32) throws(ModuleError) {
    let address = try context.addressType(ofMemory: memory)
    try context.checkDataSegment(segment)
    try stack.pop(.i32)
    try stack.pop(.i32)
    try stack.pop(address)
  }
}
