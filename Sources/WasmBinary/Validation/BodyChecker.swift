/// Checks the instructions of one function body as WasmParser decodes them: the visitor that runs the validation
/// algorithm's type stack over each instruction (see the `BodyChecker+` files for each group of instructions).
///
/// Its errors carry no offset when the instruction being checked is to blame: the caller adds the file offset of
/// that instruction.
struct BodyChecker: AnyInstructionVisitor {
  typealias VisitorError = ModuleError

  /// Set by WasmParser to the offset of the instruction being visited (in its copy of the body).
  var binaryOffset = 0
  /// The module's index spaces.
  let context: OperandContext
  /// Local index → type (parameters first).
  let locals: [OperandType]
  /// The function's result types.
  let results: [OperandType]
  /// The operand and control stacks.
  var stack = TypeStack()

  init(context: OperandContext, locals: [OperandType], results: [OperandType]) {
    self.context = context
    self.locals = locals
    self.results = results
    stack.enter(.function, params: [], results: results)
  }

  mutating func visit(_ instruction: Instruction) throws(ModuleError) {
    do throws(ModuleError) {
      try checkNotFinished()
      try check(instruction)
    } catch {
      throw Self.named(error, instruction)
    }
  }

  /// Refuses an instruction after the function's final `end`.
  func checkNotFinished() throws(ModuleError) {
    guard !stack.isFinished else {
      throw ModuleError(offset: nil, "operators remaining after the end of the function")
    }
  }

  /// `error`, met checking `instruction`, with the instruction's name.
  static func named(_ error: ModuleError, _ instruction: Instruction) -> ModuleError {
    let name = InstructionNames.name(of: instruction)
    guard error.message != unsupportedInstruction else {
      return ModuleError(
        offset: nil, "unsupported instruction \(name): typed function references and GC are not validated")
    }
    return ModuleError(offset: error.offset, "\(name): \(error.message)")
  }

  /// The type of local `index`.
  func local(_ index: UInt32) throws(ModuleError) -> OperandType {
    guard Int(index) < locals.count else {
      throw ModuleError(offset: nil, "unknown local \(index): local index out of bounds (\(locals.count) locals)")
    }
    return locals[Int(index)]
  }
}
