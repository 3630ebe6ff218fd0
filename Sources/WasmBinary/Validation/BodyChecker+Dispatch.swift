extension BodyChecker {
  /// Checks one instruction against the stacks and the module's index spaces, and applies its effect.
  mutating func check(_ instruction: Instruction) throws(ModuleError) {
    switch instruction {
    // Control.
    case .unreachable: stack.markUnreachable()
    case .nop: break
    case .block(let type): try enter(.block, type)
    case .loop(let type): try enter(.loop, type)
    case .if(let type):
      try stack.pop(.i32)
      try enter(.if, type)
    case .else: try checkElse()
    case .end: try checkEnd()
    case .br(let depth): try checkBranch(depth)
    case .brIf(let depth): try checkConditionalBranch(depth)
    case .brTable(let targets): try checkBranchTable(targets)
    case .return:
      try stack.pop(results)
      stack.markUnreachable()
    case .call(let function): try checkCall(context.signature(ofFunction: function))
    case .callIndirect(let type, let table): try checkCall(popIndirectCallee(type, table: table))
    case .returnCall(let function): try checkTailCall(context.signature(ofFunction: function))
    case .returnCallIndirect(let type, let table): try checkTailCall(popIndirectCallee(type, table: table))
    case .tryTable(let type, let clauses): try checkTryTable(type, clauses)
    case .throw(let tag):
      try stack.pop(context.signature(ofTag: tag).params)
      stack.markUnreachable()
    case .throwRef:
      try stack.pop(.exnref)
      stack.markUnreachable()

    // Parametric.
    case .drop: _ = try stack.pop()
    case .select: try checkSelect()
    case .typedSelect(let type):
      let type = try supported(type)
      try stack.pop(.i32)
      try stack.pop(type)
      try stack.pop(type)
      stack.push(type)

    // Variables.
    case .localGet(let index): stack.push(try local(index))
    case .localSet(let index): try stack.pop(local(index))
    case .localTee(let index): try checkLocalTee(index)
    case .globalGet(let index): stack.push(try context.global(index).type)
    case .globalSet(let index):
      let global = try context.global(index)
      guard global.isMutable else {
        throw ModuleError(offset: nil, "global is immutable: cannot modify it with `global.set`")
      }
      try stack.pop(global.type)

    // Constants and numeric instructions.
    case .i32Const: stack.push(.i32)
    case .i64Const: stack.push(.i64)
    case .f32Const: stack.push(.f32)
    case .f64Const: stack.push(.f64)
    case .v128Const: stack.push(.v128)
    case .i32Eqz: try unary(.i32, .i32)
    case .i64Eqz: try unary(.i64, .i32)
    case .cmp(let op): try binary(op.operandType, .i32)
    case .unary(let op): try unary(op.operandType, op.operandType)
    case .binary(let op): try binary(op.operandType, op.operandType)
    case .conversion(let op): try unary(op.types.operand, op.types.result)

    // References and tables.
    case .refNull(let type): try checkRefNull(type)
    case .refIsNull: try checkRefIsNull()
    case .refFunc(let function): try checkRefFunc(function)
    case .tableGet(let table): try checkTableGet(table)
    case .tableSet(let table): try checkTableSet(table)
    case .tableSize(let table): stack.push(try context.table(table).address)
    case .tableGrow(let table): try checkTableGrow(table)
    case .tableFill(let table): try checkTableFill(table)
    case .tableCopy(let destination, let source): try checkTableCopy(destination, source)
    case .tableInit(let segment, let table): try checkTableInit(segment, table)
    case .elemDrop(let segment): try checkElementSegment(segment)

    // Memory.
    case .load(let op, let memarg): try checkLoad(op.access, memarg)
    case .store(let op, let memarg): try checkStore(op.access, memarg)
    case .memorySize(let memory): stack.push(try context.addressType(ofMemory: memory))
    case .memoryGrow(let memory):
      let address = try context.addressType(ofMemory: memory)
      try stack.pop(address)
      stack.push(address)
    case .memoryFill(let memory): try checkMemoryFill(memory)
    case .memoryCopy(let destination, let source): try checkMemoryCopy(destination, source)
    case .memoryInit(let segment, let memory): try checkMemoryInit(segment, memory)
    case .dataDrop(let segment): try context.checkDataSegment(segment)

    // Atomics.
    case .atomicFence: break
    case .memoryAtomicNotify(let memarg): try checkAtomic(memarg, MemoryAccess(.i32, 2), operands: [.i32], result: .i32)
    case .memoryAtomicWait32(let memarg):
      try checkAtomic(memarg, MemoryAccess(.i32, 2), operands: [.i32, .i64], result: .i32)
    case .memoryAtomicWait64(let memarg):
      try checkAtomic(memarg, MemoryAccess(.i64, 3), operands: [.i64, .i64], result: .i32)
    case .i32AtomicRmwAdd(let memarg), .i32AtomicRmwSub(let memarg), .i32AtomicRmwAnd(let memarg),
      .i32AtomicRmwOr(let memarg), .i32AtomicRmwXor(let memarg), .i32AtomicRmwXchg(let memarg):
      try checkReadModifyWrite(memarg, MemoryAccess(.i32, 2))
    case .i32AtomicRmw8AddU(let memarg), .i32AtomicRmw8SubU(let memarg), .i32AtomicRmw8AndU(let memarg),
      .i32AtomicRmw8OrU(let memarg), .i32AtomicRmw8XorU(let memarg), .i32AtomicRmw8XchgU(let memarg):
      try checkReadModifyWrite(memarg, MemoryAccess(.i32, 0))
    case .i32AtomicRmw16AddU(let memarg), .i32AtomicRmw16SubU(let memarg), .i32AtomicRmw16AndU(let memarg),
      .i32AtomicRmw16OrU(let memarg), .i32AtomicRmw16XorU(let memarg), .i32AtomicRmw16XchgU(let memarg):
      try checkReadModifyWrite(memarg, MemoryAccess(.i32, 1))
    case .i64AtomicRmwAdd(let memarg), .i64AtomicRmwSub(let memarg), .i64AtomicRmwAnd(let memarg),
      .i64AtomicRmwOr(let memarg), .i64AtomicRmwXor(let memarg), .i64AtomicRmwXchg(let memarg):
      try checkReadModifyWrite(memarg, MemoryAccess(.i64, 3))
    case .i64AtomicRmw8AddU(let memarg), .i64AtomicRmw8SubU(let memarg), .i64AtomicRmw8AndU(let memarg),
      .i64AtomicRmw8OrU(let memarg), .i64AtomicRmw8XorU(let memarg), .i64AtomicRmw8XchgU(let memarg):
      try checkReadModifyWrite(memarg, MemoryAccess(.i64, 0))
    case .i64AtomicRmw16AddU(let memarg), .i64AtomicRmw16SubU(let memarg), .i64AtomicRmw16AndU(let memarg),
      .i64AtomicRmw16OrU(let memarg), .i64AtomicRmw16XorU(let memarg), .i64AtomicRmw16XchgU(let memarg):
      try checkReadModifyWrite(memarg, MemoryAccess(.i64, 1))
    case .i64AtomicRmw32AddU(let memarg), .i64AtomicRmw32SubU(let memarg), .i64AtomicRmw32AndU(let memarg),
      .i64AtomicRmw32OrU(let memarg), .i64AtomicRmw32XorU(let memarg), .i64AtomicRmw32XchgU(let memarg):
      try checkReadModifyWrite(memarg, MemoryAccess(.i64, 2))
    case .i32AtomicRmwCmpxchg(let memarg): try checkCompareExchange(memarg, MemoryAccess(.i32, 2))
    case .i32AtomicRmw8CmpxchgU(let memarg): try checkCompareExchange(memarg, MemoryAccess(.i32, 0))
    case .i32AtomicRmw16CmpxchgU(let memarg): try checkCompareExchange(memarg, MemoryAccess(.i32, 1))
    case .i64AtomicRmwCmpxchg(let memarg): try checkCompareExchange(memarg, MemoryAccess(.i64, 3))
    case .i64AtomicRmw8CmpxchgU(let memarg): try checkCompareExchange(memarg, MemoryAccess(.i64, 0))
    case .i64AtomicRmw16CmpxchgU(let memarg): try checkCompareExchange(memarg, MemoryAccess(.i64, 1))
    case .i64AtomicRmw32CmpxchgU(let memarg): try checkCompareExchange(memarg, MemoryAccess(.i64, 2))

    // SIMD.
    case .simd(let op): try checkSimd(op.shape)
    case .i8x16Shuffle(let mask): try checkShuffle(mask)
    case .simdLane(let op, let lane): try checkLane(op.lanes, lane)
    case .simdMemLane(let op, let memarg, let lane): try checkMemoryLane(op.lanes, memarg, lane)

    // Typed function references and GC: not typed here.
    case .callRef, .returnCallRef, .refAsNonNull, .brOnNull, .brOnNonNull, .refI31, .i31GetS, .i31GetU,
      .structNew, .structNewDefault, .structGet, .structGetS, .structGetU, .structSet, .arrayNew,
      .arrayNewDefault, .arrayNewFixed, .arrayGet, .arrayGetS, .arrayGetU, .arraySet, .arrayLen, .refEq,
      .anyConvertExtern, .externConvertAny, .arrayNewData, .arrayNewElem, .arrayFill, .arrayCopy,
      .arrayInitData, .arrayInitElem, .refTest, .refCast, .brOnCast, .brOnCastFail:
      throw ModuleError(offset: nil, Self.unsupportedInstruction)
    }
  }

  /// The message of the error for an instruction the validator does not type (``visit(_:)`` names it).
  static let unsupportedInstruction = "unsupported instruction"

  /// `local.tee`.
  mutating func checkLocalTee(_ index: UInt32) throws(ModuleError) {
    let type = try local(index)
    try stack.pop(type)
    stack.push(type)
  }

  /// `operand -> result`.
  mutating func unary(_ operand: OperandType, _ result: OperandType) throws(ModuleError) {
    try stack.pop(operand)
    stack.push(result)
  }

  /// `operand operand -> result`.
  mutating func binary(_ operand: OperandType, _ result: OperandType) throws(ModuleError) {
    try stack.pop(operand)
    try stack.pop(operand)
    stack.push(result)
  }

  /// The operand type of `type`, or an error naming a type the validator does not track.
  func supported(_ type: ValueType) throws(ModuleError) -> OperandType {
    guard let operand = OperandType(type) else {
      throw ModuleError(
        offset: nil, "unsupported type \(type): only numeric, v128, funcref, externref and exnref values are typed")
    }
    return operand
  }
}
