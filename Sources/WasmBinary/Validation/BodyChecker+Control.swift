/// Blocks, branches, calls and exceptions.
extension BodyChecker {
  /// The parameters and results of a block type.
  func signature(_ type: BlockType) throws(ModuleError) -> OperandContext.Signature {
    switch type {
    case .empty: OperandContext.Signature.empty
    case .type(let result): OperandContext.Signature.single(try supported(result))
    case .funcType(let index): try context.signature(ofType: index)
    }
  }

  /// `block`, `loop`, `if` (whose condition was popped): pops the block's parameters and enters it.
  mutating func enter(_ kind: ControlFrame.Kind, _ type: BlockType) throws(ModuleError) {
    let signature = try signature(type)
    try stack.pop(signature.params)
    stack.enter(kind, params: signature.params, results: signature.results)
  }

  /// `else`: ends the `if` arm and starts the other one with the `if`'s parameters.
  mutating func checkElse() throws(ModuleError) {
    guard stack.innermost.kind == .if else {
      throw ModuleError(offset: nil, "`else` found outside an `if` block")
    }
    let frame = try stack.leave()
    stack.enter(.else, params: frame.params, results: frame.results)
  }

  /// `end`: leaves the innermost frame and pushes its results for the enclosing one.
  mutating func checkEnd() throws(ModuleError) {
    let frame = try stack.leave()
    // An `if` without `else` passes its parameters through when the condition is false (checked after its own
    // values: they are the ones to blame when both are wrong).
    if frame.kind == .if, frame.params != frame.results {
      throw ModuleError(
        offset: nil,
        "type mismatch: an `if` without `else` must have the same parameters and results, expected "
          + "\(frame.results.listed), found \(frame.params.listed)")
    }
    if !stack.isFinished { stack.push(frame.results) }
  }

  /// `br`.
  mutating func checkBranch(_ depth: UInt32) throws(ModuleError) {
    try stack.pop(stack.labelTypes(atDepth: depth))
    stack.markUnreachable()
  }

  /// `br_if`: the label's values stay when the branch is not taken.
  mutating func checkConditionalBranch(_ depth: UInt32) throws(ModuleError) {
    try stack.pop(.i32)
    let types = try stack.labelTypes(atDepth: depth)
    try stack.pop(types)
    stack.push(types)
  }

  /// `br_table`: every target carries as many values as the default one, each matching the operands.
  mutating func checkBranchTable(_ targets: BrTable) throws(ModuleError) {
    try stack.pop(.i32)
    let defaultTypes = try stack.labelTypes(atDepth: targets.defaultIndex)
    for depth in targets.labelIndices {
      let types = try stack.labelTypes(atDepth: depth)
      guard types.count == defaultTypes.count else {
        throw ModuleError(
          offset: nil,
          "type mismatch: br_table target \(depth) carries \(types.listed), the default target "
            + "\(targets.defaultIndex) carries \(defaultTypes.listed)")
      }
      stack.push(try stack.popReturning(types))
    }
    try stack.pop(defaultTypes)
    stack.markUnreachable()
  }

  /// `call_indirect`, `return_call_indirect`: pops the table index (the table must hold function references) and
  /// returns the signature of the call's type.
  mutating func popIndirectCallee(_ type: UInt32, table: UInt32) throws(ModuleError) -> OperandContext.Signature {
    let element = try context.elementType(ofTable: table)
    guard element == .funcref else {
      throw ModuleError(
        offset: nil, "indirect calls must go through a table of funcref, table \(table) holds \(element)")
    }
    let signature = try context.signature(ofType: type)
    try stack.pop(context.table(table).address)
    return signature
  }

  /// `call`, and `call_indirect` once its table index is popped.
  mutating func checkCall(_ signature: OperandContext.Signature) throws(ModuleError) {
    try stack.pop(signature.params)
    stack.push(signature.results)
  }

  /// `return_call`, and `return_call_indirect` once its table index is popped: the callee's results are the caller's.
  mutating func checkTailCall(_ signature: OperandContext.Signature) throws(ModuleError) {
    guard signature.results == results else {
      throw ModuleError(
        offset: nil,
        "type mismatch: the function returns \(results.listed) but the callee of the tail call returns "
          + signature.results.listed)
    }
    try stack.pop(signature.params)
    stack.markUnreachable()
  }

  /// `try_table`: each catch clause branches to a label (counted from outside the `try_table`) whose types are what
  /// the clause delivers.
  mutating func checkTryTable(_ type: BlockType, _ clauses: TryCatch) throws(ModuleError) {
    let signature = try signature(type)
    try stack.pop(signature.params)
    for clause in clauses.catches {
      let delivered: [OperandType]
      let label: UInt32
      switch clause {
      case .catch(let tag, let depth):
        delivered = try context.signature(ofTag: tag).params
        label = depth
      case .catchRef(let tag, let depth):
        delivered = try context.signature(ofTag: tag).params + [.exnref]
        label = depth
      case .catchAll(let depth):
        delivered = []
        label = depth
      case .catchAllRef(let depth):
        delivered = [.exnref]
        label = depth
      }
      let expected = try stack.labelTypes(atDepth: label)
      guard delivered == expected else {
        throw ModuleError(
          offset: nil,
          "type mismatch: a catch clause delivers \(delivered.listed) to label \(label), which takes \(expected.listed)"
        )
      }
    }
    stack.enter(.tryTable, params: signature.params, results: signature.results)
  }

  /// `select` without a type: two numeric or vector operands of one type.
  mutating func checkSelect() throws(ModuleError) {
    try stack.pop(.i32)
    let first = try stack.pop()
    let second = try stack.pop()
    guard !first.isReference, !second.isReference else {
      throw ModuleError(
        offset: nil,
        "type mismatch: select without a type only takes numeric and vector operands, found \(second) and \(first)")
    }
    guard first.matches(second) else {
      throw ModuleError(offset: nil, "type mismatch: select operands have different types, \(second) and \(first)")
    }
    stack.push(first == .unknown ? second : first)
  }
}
