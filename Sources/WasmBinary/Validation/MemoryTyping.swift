/// How a memory access is checked: the type it loads or stores, its natural alignment exponent (the most its
/// alignment hint may claim), and whether it is atomic (then its hint must be exactly the natural alignment).
struct MemoryAccess: Sendable {
  let type: OperandType
  let naturalAlignment: UInt32
  let isAtomic: Bool

  init(_ type: OperandType, _ naturalAlignment: UInt32, atomic: Bool = false) {
    self.type = type
    self.naturalAlignment = naturalAlignment
    self.isAtomic = atomic
  }
}

extension Instruction.Load {
  /// The access: the result's type and the alignment rules.
  var access: MemoryAccess {
    switch self {
    case .i32Load: MemoryAccess(.i32, 2)
    case .i64Load: MemoryAccess(.i64, 3)
    case .f32Load: MemoryAccess(.f32, 2)
    case .f64Load: MemoryAccess(.f64, 3)
    case .i32Load8S, .i32Load8U: MemoryAccess(.i32, 0)
    case .i32Load16S, .i32Load16U: MemoryAccess(.i32, 1)
    case .i64Load8S, .i64Load8U: MemoryAccess(.i64, 0)
    case .i64Load16S, .i64Load16U: MemoryAccess(.i64, 1)
    case .i64Load32S, .i64Load32U: MemoryAccess(.i64, 2)
    case .i32AtomicLoad: MemoryAccess(.i32, 2, atomic: true)
    case .i64AtomicLoad: MemoryAccess(.i64, 3, atomic: true)
    case .i32AtomicLoad8U: MemoryAccess(.i32, 0, atomic: true)
    case .i32AtomicLoad16U: MemoryAccess(.i32, 1, atomic: true)
    case .i64AtomicLoad8U: MemoryAccess(.i64, 0, atomic: true)
    case .i64AtomicLoad16U: MemoryAccess(.i64, 1, atomic: true)
    case .i64AtomicLoad32U: MemoryAccess(.i64, 2, atomic: true)
    case .v128Load: MemoryAccess(.v128, 4)
    case .v128Load8X8S, .v128Load8X8U, .v128Load16X4S, .v128Load16X4U, .v128Load32X2S, .v128Load32X2U:
      MemoryAccess(.v128, 3)
    case .v128Load8Splat: MemoryAccess(.v128, 0)
    case .v128Load16Splat: MemoryAccess(.v128, 1)
    case .v128Load32Splat, .v128Load32Zero: MemoryAccess(.v128, 2)
    case .v128Load64Splat, .v128Load64Zero: MemoryAccess(.v128, 3)
    }
  }
}

extension Instruction.Store {
  /// The access: the stored value's type and the alignment rules.
  var access: MemoryAccess {
    switch self {
    case .i32Store: MemoryAccess(.i32, 2)
    case .i64Store: MemoryAccess(.i64, 3)
    case .f32Store: MemoryAccess(.f32, 2)
    case .f64Store: MemoryAccess(.f64, 3)
    case .i32Store8: MemoryAccess(.i32, 0)
    case .i32Store16: MemoryAccess(.i32, 1)
    case .i64Store8: MemoryAccess(.i64, 0)
    case .i64Store16: MemoryAccess(.i64, 1)
    case .i64Store32: MemoryAccess(.i64, 2)
    case .i32AtomicStore: MemoryAccess(.i32, 2, atomic: true)
    case .i64AtomicStore: MemoryAccess(.i64, 3, atomic: true)
    case .i32AtomicStore8: MemoryAccess(.i32, 0, atomic: true)
    case .i32AtomicStore16: MemoryAccess(.i32, 1, atomic: true)
    case .i64AtomicStore8: MemoryAccess(.i64, 0, atomic: true)
    case .i64AtomicStore16: MemoryAccess(.i64, 1, atomic: true)
    case .i64AtomicStore32: MemoryAccess(.i64, 2, atomic: true)
    case .v128Store: MemoryAccess(.v128, 4)
    }
  }
}
