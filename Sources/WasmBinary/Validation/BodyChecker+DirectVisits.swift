/// The most frequent instructions, visited directly: WasmParser calls these methods with the decoded immediates,
/// and without them it would build an `Instruction` again to pass to ``BodyChecker/visit(_:)``, which switches on
/// it again. Each applies the same check as ``BodyChecker/check(_:)`` does.
extension BodyChecker {
  mutating func visitLocalGet(localIndex: UInt32) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      stack.push(try local(localIndex))
    } catch { throw Self.named(error, .localGet(localIndex: localIndex)) }
  }

  mutating func visitLocalSet(localIndex: UInt32) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      try stack.pop(local(localIndex))
    } catch { throw Self.named(error, .localSet(localIndex: localIndex)) }
  }

  mutating func visitLocalTee(localIndex: UInt32) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      try checkLocalTee(localIndex)
    } catch { throw Self.named(error, .localTee(localIndex: localIndex)) }
  }

  mutating func visitI32Const(value: Int32) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      stack.push(.i32)
    } catch { throw Self.named(error, .i32Const(value: value)) }
  }

  mutating func visitBinary(_ op: Instruction.Binary) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      try binary(op.operandType, op.operandType)
    } catch { throw Self.named(error, .binary(op)) }
  }

  mutating func visitLoad(_ op: Instruction.Load, memarg: MemArg) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      try checkLoad(op.access, memarg)
    } catch { throw Self.named(error, .load(op, memarg: memarg)) }
  }

  mutating func visitStore(_ op: Instruction.Store, memarg: MemArg) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      try checkStore(op.access, memarg)
    } catch { throw Self.named(error, .store(op, memarg: memarg)) }
  }

  mutating func visitCall(functionIndex: UInt32) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      try checkCall(context.signature(ofFunction: functionIndex))
    } catch { throw Self.named(error, .call(functionIndex: functionIndex)) }
  }

  mutating func visitBrIf(relativeDepth: UInt32) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      try checkConditionalBranch(relativeDepth)
    } catch { throw Self.named(error, .brIf(relativeDepth: relativeDepth)) }
  }

  mutating func visitBlock(blockType: BlockType) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      try enter(.block, blockType)
    } catch { throw Self.named(error, .block(blockType: blockType)) }
  }

  mutating func visitEnd() throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      try checkEnd()
    } catch { throw Self.named(error, .end) }
  }
}
