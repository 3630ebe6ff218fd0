/// One entry of the validator's control stack: a block, loop, `if`/`else` arm, `try_table` or the function itself.
struct ControlFrame: Sendable {
  /// The instruction that opened the frame.
  enum Kind: Sendable {
    case function, block, loop, `if`, `else`, tryTable
  }

  /// What opened the frame.
  let kind: Kind
  /// The types the frame takes from the enclosing stack.
  let params: [OperandType]
  /// The types the frame leaves at its end.
  let results: [OperandType]
  /// The operand stack's height when the frame was entered, below which it may not pop.
  let height: Int
  /// Whether an unconditional branch (or `unreachable`, `return`, `throw`) made the rest of the frame unreachable.
  var unreachable = false

  /// The types a branch to this frame carries: a loop's parameters (it branches back), otherwise its results.
  var labelTypes: [OperandType] { kind == .loop ? params : results }
}
