/// The operand and control stacks of the validation algorithm (the appendix "Validation Algorithm" of the core
/// specification): values are typed, unreachable code makes the stack polymorphic (popping below an unreachable
/// frame's height yields Unknown), and each frame may only pop what it pushed.
///
/// Errors carry no offset: the validator adds the offset of the instruction being checked.
struct TypeStack: Sendable {
  /// The operand stack, bottom first.
  private(set) var operands: [OperandType] = []
  /// The control stack, outermost (the function) first.
  private(set) var frames: [ControlFrame] = []
  /// The innermost frame's height, kept apart from `frames` for the checks of every pop.
  private var height = 0
  /// Whether the innermost frame is unreachable (also recorded in the frame, for when it is innermost again).
  private var unreachable = false

  /// Whether the function's own frame has been closed.
  var isFinished: Bool { frames.isEmpty }

  /// The innermost frame.
  var innermost: ControlFrame { frames[frames.count - 1] }

  mutating func push(_ type: OperandType) {
    operands.append(type)
  }

  mutating func push(_ types: [OperandType]) {
    operands.append(contentsOf: types)
  }

  /// Pops any value (Unknown when the innermost frame is unreachable and has none of its own left).
  mutating func pop() throws(ModuleError) -> OperandType {
    guard operands.count > height else {
      if unreachable { return .unknown }
      throw ModuleError(offset: nil, "type mismatch: expected a value but nothing on stack")
    }
    return operands.removeLast()
  }

  /// Pops a value that must match `expected`; returns the type it had.
  @discardableResult
  mutating func pop(_ expected: OperandType) throws(ModuleError) -> OperandType {
    guard operands.count > height else {
      if unreachable { return .unknown }
      throw ModuleError(offset: nil, "type mismatch: expected \(expected) but nothing on stack")
    }
    let actual = operands.removeLast()
    guard actual.matches(expected) else {
      throw ModuleError(offset: nil, "type mismatch: expected \(expected), found \(actual)")
    }
    return actual
  }

  /// Pops values matching `expected` (its last type from the top).
  mutating func pop(_ expected: [OperandType]) throws(ModuleError) {
    for type in expected.reversed() { try pop(type) }
  }

  /// Pops values matching `expected` and returns the types they had (Unknown where the stack was polymorphic).
  mutating func popReturning(_ expected: [OperandType]) throws(ModuleError) -> [OperandType] {
    var popped = expected
    for index in expected.indices.reversed() { popped[index] = try pop(expected[index]) }
    return popped
  }

  /// Enters a frame that has already popped its `params`: pushes them back as the new frame's own values.
  mutating func enter(_ kind: ControlFrame.Kind, params: [OperandType], results: [OperandType]) {
    frames.append(ControlFrame(kind: kind, params: params, results: results, height: operands.count))
    height = operands.count
    unreachable = false
    push(params)
  }

  /// Leaves the innermost frame: its own values must be exactly its results. Returns the frame.
  mutating func leave() throws(ModuleError) -> ControlFrame {
    let frame = frames[frames.count - 1]
    let own = operands.count - height
    let results = frame.results
    // Unreachable code may leave fewer values: the polymorphic stack supplies the rest.
    var fits = own == results.count || (unreachable && own < results.count)
    var index = operands.count - 1
    var expected = results.count - 1
    while fits, index >= height, expected >= 0 {
      fits = operands[index].matches(results[expected])
      index -= 1
      expected -= 1
    }
    guard fits else {
      let found = Array(operands[height...])
      throw ModuleError(
        offset: nil,
        "type mismatch at the end of the \(frame.kind.name): expected \(results.listed), found "
          + (unreachable ? "\(found.listed) after unreachable code" : found.listed))
    }
    operands.removeSubrange(height...)
    frames.removeLast()
    height = frames.last?.height ?? 0
    unreachable = frames.last?.unreachable ?? false
    return frame
  }

  /// The label types of the frame `depth` levels out from the innermost (0 is the innermost): what a branch to it
  /// carries.
  func labelTypes(atDepth depth: UInt32) throws(ModuleError) -> [OperandType] {
    guard depth < frames.count else {
      throw ModuleError(offset: nil, "unknown label: branch depth \(depth) too large (\(frames.count) enclosing)")
    }
    return frames[frames.count - 1 - Int(depth)].labelTypes
  }

  /// Makes the rest of the innermost frame unreachable: drops its values, and lets it pop Unknown.
  mutating func markUnreachable() {
    operands.removeSubrange(height...)
    unreachable = true
    frames[frames.count - 1].unreachable = true
  }
}

extension ControlFrame.Kind {
  /// The frame's name in errors.
  var name: String {
    switch self {
    case .function: "function"
    case .block: "block"
    case .loop: "loop"
    case .if: "if"
    case .else: "else"
    case .tryTable: "try_table"
    }
  }
}
