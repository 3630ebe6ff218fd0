/// The instructions wasm-threadify can emit: MVP control, variables, i32/i64 integer arithmetic and memory access,
/// the threads proposal's atomics (`0xFE` prefix) and bulk memory (`0xFC` prefix).
public enum InstructionCatalogue {
  /// Looks an instruction up by its text mnemonic.
  public static func instruction(named name: String) -> InstructionInfo? { byName[name] }

  /// Every instruction of the catalogue, in opcode order within each group.
  public static let all: [InstructionInfo] = control + variables + memory + numeric + atomics + bulkMemory

  private static let byName: [String: InstructionInfo] = Dictionary(
    uniqueKeysWithValues: all.map { ($0.name, $0) })

  private static func op(_ name: String, _ params: [ValueType], _ results: [ValueType], _ opcode: UInt8)
    -> InstructionInfo
  {
    InstructionInfo(name, [opcode], [], .fixed(params: params, results: results))
  }

  private static let control: [InstructionInfo] = [
    InstructionInfo("unreachable", [0x00], [], .control(.unreachable)),
    InstructionInfo("nop", [0x01], [], .fixed(params: [], results: [])),
    InstructionInfo("block", [0x02], [.blockType], .control(.block)),
    InstructionInfo("loop", [0x03], [.blockType], .control(.loop)),
    InstructionInfo("if", [0x04], [.blockType], .control(.if)),
    InstructionInfo("else", [0x05], [], .control(.else)),
    InstructionInfo("end", [0x0B], [], .control(.end)),
    InstructionInfo("br", [0x0C], [.label], .control(.br)),
    InstructionInfo("br_if", [0x0D], [.label], .control(.brIf)),
    InstructionInfo("return", [0x0F], [], .control(.return)),
    InstructionInfo("call", [0x10], [.function], .call),
    InstructionInfo("drop", [0x1A], [], .drop),
    InstructionInfo("select", [0x1B], [], .select),
  ]

  private static let variables: [InstructionInfo] = [
    InstructionInfo("local.get", [0x20], [.local], .get),
    InstructionInfo("local.set", [0x21], [.local], .set),
    InstructionInfo("local.tee", [0x22], [.local], .tee),
    InstructionInfo("global.get", [0x23], [.global], .get),
    InstructionInfo("global.set", [0x24], [.global], .set),
  ]

  private static func load(_ name: String, _ result: ValueType, _ opcode: UInt8, align: UInt32) -> InstructionInfo {
    InstructionInfo(name, [opcode], [.memArg(naturalAlignment: align)], .fixed(params: [.i32], results: [result]))
  }

  private static func store(_ name: String, _ value: ValueType, _ opcode: UInt8, align: UInt32) -> InstructionInfo {
    InstructionInfo(name, [opcode], [.memArg(naturalAlignment: align)], .fixed(params: [.i32, value], results: []))
  }

  private static let memory: [InstructionInfo] = [
    load("i32.load", .i32, 0x28, align: 2),
    load("i64.load", .i64, 0x29, align: 3),
    load("i32.load8_s", .i32, 0x2C, align: 0),
    load("i32.load8_u", .i32, 0x2D, align: 0),
    load("i32.load16_s", .i32, 0x2E, align: 1),
    load("i32.load16_u", .i32, 0x2F, align: 1),
    store("i32.store", .i32, 0x36, align: 2),
    store("i64.store", .i64, 0x37, align: 3),
    store("i32.store8", .i32, 0x3A, align: 0),
    store("i32.store16", .i32, 0x3B, align: 1),
    InstructionInfo("memory.size", [0x3F], [.memoryIndex], .fixed(params: [], results: [.i32])),
    InstructionInfo("memory.grow", [0x40], [.memoryIndex], .fixed(params: [.i32], results: [.i32])),
  ]

  private static let numeric: [InstructionInfo] =
    [
      InstructionInfo("i32.const", [0x41], [.i32], .fixed(params: [], results: [.i32])),
      InstructionInfo("i64.const", [0x42], [.i64], .fixed(params: [], results: [.i64])),
      op("i32.eqz", [.i32], [.i32], 0x45),
    ]
    + zip(["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"], UInt8(0x46)...).map {
      op("i32.\($0)", [.i32, .i32], [.i32], $1)
    }
    + [op("i64.eqz", [.i64], [.i32], 0x50)]
    + zip(["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"], UInt8(0x51)...).map {
      op("i64.\($0)", [.i64, .i64], [.i32], $1)
    }
    + zip(["clz", "ctz", "popcnt"], UInt8(0x67)...).map { op("i32.\($0)", [.i32], [.i32], $1) }
    + zip(
      ["add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u"],
      UInt8(0x6A)...
    ).map { op("i32.\($0)", [.i32, .i32], [.i32], $1) }
    + zip(
      ["add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u"],
      UInt8(0x7C)...
    ).map { op("i64.\($0)", [.i64, .i64], [.i64], $1) }
    + [
      op("i32.wrap_i64", [.i64], [.i32], 0xA7),
      op("i64.extend_i32_s", [.i32], [.i64], 0xAC),
      op("i64.extend_i32_u", [.i32], [.i64], 0xAD),
    ]

  private static func atomic(
    _ name: String, _ code: UInt8, align: UInt32, _ params: [ValueType], _ results: [ValueType]
  ) -> InstructionInfo {
    InstructionInfo(name, [0xFE, code], [.memArg(naturalAlignment: align)], .fixed(params: params, results: results))
  }

  private static let atomics: [InstructionInfo] = [
    atomic("memory.atomic.notify", 0x00, align: 2, [.i32, .i32], [.i32]),
    atomic("memory.atomic.wait32", 0x01, align: 2, [.i32, .i32, .i64], [.i32]),
    atomic("memory.atomic.wait64", 0x02, align: 3, [.i32, .i64, .i64], [.i32]),
    InstructionInfo("atomic.fence", [0xFE, 0x03], [.zeroByte], .fixed(params: [], results: [])),
    atomic("i32.atomic.load", 0x10, align: 2, [.i32], [.i32]),
    atomic("i64.atomic.load", 0x11, align: 3, [.i32], [.i64]),
    atomic("i32.atomic.store", 0x17, align: 2, [.i32, .i32], []),
    atomic("i64.atomic.store", 0x18, align: 3, [.i32, .i64], []),
    atomic("i32.atomic.rmw.add", 0x1E, align: 2, [.i32, .i32], [.i32]),
    atomic("i64.atomic.rmw.add", 0x1F, align: 3, [.i32, .i64], [.i64]),
    atomic("i32.atomic.rmw.sub", 0x25, align: 2, [.i32, .i32], [.i32]),
    atomic("i32.atomic.rmw.and", 0x2C, align: 2, [.i32, .i32], [.i32]),
    atomic("i32.atomic.rmw.or", 0x33, align: 2, [.i32, .i32], [.i32]),
    atomic("i32.atomic.rmw.xor", 0x3A, align: 2, [.i32, .i32], [.i32]),
    atomic("i32.atomic.rmw.xchg", 0x41, align: 2, [.i32, .i32], [.i32]),
    atomic("i32.atomic.rmw.cmpxchg", 0x48, align: 2, [.i32, .i32, .i32], [.i32]),
  ]

  private static let bulkMemory: [InstructionInfo] = [
    InstructionInfo(
      "memory.init", [0xFC, 0x08], [.dataIndex, .memoryIndex], .fixed(params: [.i32, .i32, .i32], results: [])),
    InstructionInfo("data.drop", [0xFC, 0x09], [.dataIndex], .fixed(params: [], results: [])),
    InstructionInfo("memory.copy", [0xFC, 0x0A], [.memoryIndexPair], .fixed(params: [.i32, .i32, .i32], results: [])),
    InstructionInfo("memory.fill", [0xFC, 0x0B], [.memoryIndex], .fixed(params: [.i32, .i32, .i32], results: [])),
  ]
}
