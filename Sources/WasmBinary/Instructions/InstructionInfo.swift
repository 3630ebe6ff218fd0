/// What an instruction takes from the instruction stream after its opcode.
public enum ImmediateKind: Sendable, Equatable {
  /// A block type (`block`, `loop`, `if`): empty, or a single value type.
  case blockType
  /// A relative label depth (`br`, `br_if`).
  case label
  /// A function index (`call`).
  case function
  /// A local index.
  case local
  /// A global index.
  case global
  /// A signed 32-bit integer (`i32.const`).
  case i32
  /// A signed 64-bit integer (`i64.const`).
  case i64
  /// A memory argument (alignment exponent and offset); `naturalAlignment` is the default exponent.
  case memArg(naturalAlignment: UInt32)
  /// A memory index byte (always memory 0 here): `memory.size`, `memory.grow`, `memory.fill`.
  case memoryIndex
  /// Two memory index bytes: `memory.copy`.
  case memoryIndexPair
  /// A single zero byte (`atomic.fence`).
  case zeroByte
  /// A data segment index (`memory.init`, `data.drop`).
  case dataIndex
  /// A type index, written in templates as a signature (`call_indirect`, `return_call_indirect`).
  case typeIndex
  /// A table index (`call_indirect`, `table.get`, ...).
  case table
  /// A reference type's heap type byte (`ref.null func`).
  case heapType
}

/// An operand of a memory instruction: the memory's address type (`i32`, or `i64` for a memory64), or a fixed type.
public enum MemoryOperand: Sendable, Equatable {
  case address
  case value(ValueType)
}

/// How an instruction changes the operand stack.
public enum StackEffect: Sendable, Equatable {
  /// Pops `params` then pushes `results`, whatever its immediates.
  case fixed(params: [ValueType], results: [ValueType])
  /// A memory instruction: like `fixed`, with `.address` standing for the memory's address type.
  case memory(params: [MemoryOperand], results: [MemoryOperand])
  /// `local.get` / `global.get`: pushes the referenced variable's type.
  case get
  /// `local.set` / `global.set`: pops the referenced variable's type.
  case set
  /// `local.tee`: pops and pushes the referenced local's type.
  case tee
  /// `call`: pops the callee's parameters, pushes its results.
  case call
  /// `return_call`: pops the callee's parameters, whose results must be the function's; ends the block's code.
  case returnCall
  /// `call_indirect`: pops the signature's parameters and a table index, pushes the signature's results.
  case callIndirect
  /// `return_call_indirect`: `call_indirect` whose results must be the function's; ends the block's code.
  case returnCallIndirect
  /// `ref.func`: pushes a `funcref` to the referenced function.
  case refFunc
  /// `ref.null`: pushes a null reference of the immediate's type.
  case refNull
  /// A table instruction, typed by the table's element and index types.
  case table(TableOperation)
  /// `drop`: pops any one value.
  case drop
  /// `select`: pops two values of one type and an i32, pushes one.
  case select
  /// Structured control and branches: `block`, `loop`, `if`, `else`, `end`, `br`, `br_if`, `return`, `unreachable`.
  case control(ControlKind)
}

/// The table instructions: their stack effects for a table of element type `t` indexed by `at`.
public enum TableOperation: Sendable, Equatable {
  /// `[at] -> [t]`
  case get
  /// `[at t] -> []`
  case set
  /// `[] -> [at]`
  case size
  /// `[t at] -> [at]`
  case grow
  /// `[at t at] -> []`
  case fill
}

/// The control instructions, which a type checker treats one by one.
public enum ControlKind: Sendable, Equatable {
  case block, loop, `if`, `else`, end, br, brIf, `return`, unreachable
}

/// One instruction of the catalogue: its text name, its binary opcode, its immediates and its stack effect.
public struct InstructionInfo: Sendable, Equatable {
  /// The WebAssembly text mnemonic, e.g. `i32.atomic.rmw.cmpxchg`.
  public let name: String
  /// The opcode bytes, prefix included (e.g. `[0xFE, 0x48]`).
  public let opcode: [UInt8]
  /// The immediates that follow the opcode, in order.
  public let immediates: [ImmediateKind]
  /// The effect on the operand stack.
  public let effect: StackEffect

  /// The order in which templates write the immediates: indices into `immediates` (`call_indirect $table SIG`
  /// writes the table first, as the text format does, while the binary has the type first).
  public let textOrder: [Int]

  init(
    _ name: String, _ opcode: [UInt8], _ immediates: [ImmediateKind] = [], _ effect: StackEffect,
    textOrder: [Int]? = nil
  ) {
    self.name = name
    self.opcode = opcode
    self.immediates = immediates
    self.effect = effect
    self.textOrder = textOrder ?? Array(immediates.indices)
  }

  /// The LEB128 sub-opcode after a prefix byte (`0xFC`, `0xFD`, `0xFE`); nil for a one-byte opcode.
  var subOpcode: UInt32? {
    guard opcode.count > 1 else { return nil }
    var value: UInt32 = 0
    for (position, byte) in opcode.dropFirst().enumerated() { value |= UInt32(byte & 0x7F) << (7 * position) }
    return value
  }
}
