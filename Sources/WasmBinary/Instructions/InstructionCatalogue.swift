/// The instructions wasm-threadify can emit: MVP control, variables, i32/i64 integer arithmetic and memory access,
/// the threads proposal's atomics (`0xFE` prefix), bulk memory and table instructions (`0xFC` prefix), indirect and
/// tail calls, and function references.
public enum InstructionCatalogue {
  /// Looks an instruction up by its text mnemonic.
  public static func instruction(named name: String) -> InstructionInfo? { byName[name] }

  /// Every instruction of the catalogue, in opcode order within each group.
  public static let all: [InstructionInfo] = groups.flatMap(\.instructions)

  /// The catalogue by group, for the reference list of docs/template-instructions.md.
  public static let groups: [(name: String, instructions: [InstructionInfo])] = [
    ("Control", control), ("Variables", variables), ("Tables", tables + tableBulk), ("Memory", memory),
    ("Numeric", numeric), ("References", references), ("Atomics (threads)", atomics),
    ("Bulk memory", bulkMemory),
  ]

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
    InstructionInfo("call_indirect", [0x11], [.typeIndex, .table], .callIndirect, textOrder: [1, 0]),
    InstructionInfo("return_call", [0x12], [.function], .returnCall),
    InstructionInfo(
      "return_call_indirect", [0x13], [.typeIndex, .table], .returnCallIndirect, textOrder: [1, 0]),
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

  private static let tables: [InstructionInfo] = [
    InstructionInfo("table.get", [0x25], [.table], .table(.get)),
    InstructionInfo("table.set", [0x26], [.table], .table(.set)),
  ]

  private static let references: [InstructionInfo] = [
    InstructionInfo("ref.null", [0xD0], [.heapType], .refNull),
    InstructionInfo("ref.func", [0xD2], [.function], .refFunc),
  ]

  private static let addr = MemoryOperand.address

  private static func value(_ type: ValueType) -> MemoryOperand { .value(type) }

  private static func load(_ name: String, _ result: ValueType, _ opcode: UInt8, align: UInt32) -> InstructionInfo {
    InstructionInfo(
      name, [opcode], [.memArg(naturalAlignment: align)], .memory(params: [addr], results: [value(result)]))
  }

  private static func store(_ name: String, _ stored: ValueType, _ opcode: UInt8, align: UInt32) -> InstructionInfo {
    InstructionInfo(
      name, [opcode], [.memArg(naturalAlignment: align)], .memory(params: [addr, value(stored)], results: []))
  }

  private static let memory: [InstructionInfo] = [
    load("i32.load", .i32, 0x28, align: 2),
    load("i64.load", .i64, 0x29, align: 3),
    load("i32.load8_s", .i32, 0x2C, align: 0),
    load("i32.load8_u", .i32, 0x2D, align: 0),
    load("i32.load16_s", .i32, 0x2E, align: 1),
    load("i32.load16_u", .i32, 0x2F, align: 1),
    load("i64.load8_s", .i64, 0x30, align: 0),
    load("i64.load8_u", .i64, 0x31, align: 0),
    load("i64.load16_s", .i64, 0x32, align: 1),
    load("i64.load16_u", .i64, 0x33, align: 1),
    load("i64.load32_s", .i64, 0x34, align: 2),
    load("i64.load32_u", .i64, 0x35, align: 2),
    store("i32.store", .i32, 0x36, align: 2),
    store("i64.store", .i64, 0x37, align: 3),
    store("i32.store8", .i32, 0x3A, align: 0),
    store("i32.store16", .i32, 0x3B, align: 1),
    store("i64.store8", .i64, 0x3C, align: 0),
    store("i64.store16", .i64, 0x3D, align: 1),
    store("i64.store32", .i64, 0x3E, align: 2),
    InstructionInfo("memory.size", [0x3F], [.memoryIndex], .memory(params: [], results: [addr])),
    InstructionInfo("memory.grow", [0x40], [.memoryIndex], .memory(params: [addr], results: [addr])),
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
    _ name: String, _ code: UInt8, align: UInt32, _ params: [MemoryOperand], _ results: [MemoryOperand]
  ) -> InstructionInfo {
    InstructionInfo(
      name, [0xFE, code], [.memArg(naturalAlignment: align)], .memory(params: [addr] + params, results: results))
  }

  /// The seven read-modify-write operations of one width and access size, from `code` on in steps of 7.
  private static func readModifyWrite(_ prefix: String, _ type: ValueType, _ code: UInt8, align: UInt32)
    -> [InstructionInfo]
  {
    zip(["add", "sub", "and", "or", "xor", "xchg"], stride(from: code, to: code + 42, by: 7)).map {
      atomic("\(prefix).\($0)", $1, align: align, [value(type)], [value(type)])
    } + [
      atomic("\(prefix).cmpxchg", code + 42, align: align, [value(type), value(type)], [value(type)])
    ]
  }

  private static let atomics: [InstructionInfo] =
    [
      atomic("memory.atomic.notify", 0x00, align: 2, [value(.i32)], [value(.i32)]),
      atomic("memory.atomic.wait32", 0x01, align: 2, [value(.i32), value(.i64)], [value(.i32)]),
      atomic("memory.atomic.wait64", 0x02, align: 3, [value(.i64), value(.i64)], [value(.i32)]),
      InstructionInfo("atomic.fence", [0xFE, 0x03], [.zeroByte], .fixed(params: [], results: [])),
      atomic("i32.atomic.load", 0x10, align: 2, [], [value(.i32)]),
      atomic("i64.atomic.load", 0x11, align: 3, [], [value(.i64)]),
      atomic("i32.atomic.load8_u", 0x12, align: 0, [], [value(.i32)]),
      atomic("i32.atomic.load16_u", 0x13, align: 1, [], [value(.i32)]),
      atomic("i64.atomic.load8_u", 0x14, align: 0, [], [value(.i64)]),
      atomic("i64.atomic.load16_u", 0x15, align: 1, [], [value(.i64)]),
      atomic("i64.atomic.load32_u", 0x16, align: 2, [], [value(.i64)]),
      atomic("i32.atomic.store", 0x17, align: 2, [value(.i32)], []),
      atomic("i64.atomic.store", 0x18, align: 3, [value(.i64)], []),
      atomic("i32.atomic.store8", 0x19, align: 0, [value(.i32)], []),
      atomic("i32.atomic.store16", 0x1A, align: 1, [value(.i32)], []),
      atomic("i64.atomic.store8", 0x1B, align: 0, [value(.i64)], []),
      atomic("i64.atomic.store16", 0x1C, align: 1, [value(.i64)], []),
      atomic("i64.atomic.store32", 0x1D, align: 2, [value(.i64)], []),
    ]
    + readModifyWrite("i32.atomic.rmw", .i32, 0x1E, align: 2)
    + readModifyWrite("i64.atomic.rmw", .i64, 0x1F, align: 3)

  private static let bulkMemory: [InstructionInfo] = [
    InstructionInfo(
      "memory.init", [0xFC, 0x08], [.dataIndex, .memoryIndex],
      .memory(params: [addr, value(.i32), value(.i32)], results: [])),
    InstructionInfo("data.drop", [0xFC, 0x09], [.dataIndex], .fixed(params: [], results: [])),
    InstructionInfo(
      "memory.copy", [0xFC, 0x0A], [.memoryIndexPair], .memory(params: [addr, addr, addr], results: [])),
    InstructionInfo(
      "memory.fill", [0xFC, 0x0B], [.memoryIndex], .memory(params: [addr, value(.i32), addr], results: [])),
  ]

  private static let tableBulk: [InstructionInfo] = [
    InstructionInfo("table.grow", [0xFC, 0x0F], [.table], .table(.grow)),
    InstructionInfo("table.size", [0xFC, 0x10], [.table], .table(.size)),
    InstructionInfo("table.fill", [0xFC, 0x11], [.table], .table(.fill)),
  ]
}
