import Testing

@testable import WasmBinary

/// Errors name instructions as the text format does.
@Suite struct InstructionNamesTests {
  @Test(arguments: [
    (Instruction.i32AtomicRmw8AddU(memarg: MemArg(offset: 0, align: 0)), "i32.atomic.rmw8.add_u"),
    (.i64AtomicRmwCmpxchg(memarg: MemArg(offset: 0, align: 3)), "i64.atomic.rmw.cmpxchg"),
    (.memoryAtomicWait32(memarg: MemArg(offset: 0, align: 2)), "memory.atomic.wait32"),
    (.load(.v128Load8X8S, memarg: MemArg(offset: 0, align: 3)), "v128.load8x8_s"),
    (.load(.i32AtomicLoad16U, memarg: MemArg(offset: 0, align: 1)), "i32.atomic.load16_u"),
    (.conversion(.i32TruncSatF32S), "i32.trunc_sat_f32_s"),
    (.simd(.f32x4ConvertI32X4S), "f32x4.convert_i32x4_s"),
    (.simdLane(.i8x16ExtractLaneU, lane: 0), "i8x16.extract_lane_u"),
    (.brTable(targets: BrTable(labelIndices: [], defaultIndex: 0)), "br_table"),
    (.returnCallIndirect(typeIndex: 0, tableIndex: 0), "return_call_indirect"),
    (.refIsNull, "ref.is_null"),
    (.localTee(localIndex: 0), "local.tee"),
    (.typedSelect(type: .i32), "select"),
    (.tableInit(elemIndex: 0, table: 0), "table.init"),
  ])
  func name(_ instruction: Instruction, _ expected: String) {
    #expect(InstructionNames.name(of: instruction) == expected)
  }
}
