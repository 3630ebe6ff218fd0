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
}

/// How an instruction changes the operand stack.
public enum StackEffect: Sendable, Equatable {
  /// Pops `params` then pushes `results`, whatever its immediates.
  case fixed(params: [ValueType], results: [ValueType])
  /// `local.get` / `global.get`: pushes the referenced variable's type.
  case get
  /// `local.set` / `global.set`: pops the referenced variable's type.
  case set
  /// `local.tee`: pops and pushes the referenced local's type.
  case tee
  /// `call`: pops the callee's parameters, pushes its results.
  case call
  /// `drop`: pops any one value.
  case drop
  /// `select`: pops two values of one type and an i32, pushes one.
  case select
  /// Structured control and branches: `block`, `loop`, `if`, `else`, `end`, `br`, `br_if`, `return`, `unreachable`.
  case control(ControlKind)
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

  init(_ name: String, _ opcode: [UInt8], _ immediates: [ImmediateKind] = [], _ effect: StackEffect) {
    self.name = name
    self.opcode = opcode
    self.immediates = immediates
    self.effect = effect
  }

  /// The LEB128 sub-opcode after a prefix byte (`0xFC`, `0xFD`, `0xFE`); nil for a one-byte opcode.
  var subOpcode: UInt32? {
    guard opcode.count > 1 else { return nil }
    var value: UInt32 = 0
    for (position, byte) in opcode.dropFirst().enumerated() { value |= UInt32(byte & 0x7F) << (7 * position) }
    return value
  }
}
