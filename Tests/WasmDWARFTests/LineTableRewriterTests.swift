import Testing

@testable import WasmDWARF

/// The line-table rewriter on hand-made tables: rows keep their registers and move with the map.
@Suite struct LineTableRewriterTests {
  /// A DWARF 4 line table (no directories or files) whose program is `program`.
  static func table(_ program: [UInt8]) -> [UInt8] {
    // version 4, header: min_inst 1, max_ops 1, default_is_stmt 1, line_base -5, line_range 14, opcode_base 13,
    // the 12 standard opcode lengths, no directories, no files.
    let header: [UInt8] = [1, 1, 1, 0xfb, 14, 13, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0]
    var unit: [UInt8] = [4, 0]
    DWARFEncoding.fixed(UInt64(header.count), size: 4, into: &unit)
    unit += header + program
    var bytes: [UInt8] = []
    DWARFEncoding.fixed(UInt64(unit.count), size: 4, into: &bytes)
    return bytes + unit
  }

  /// set_address 0x10; row line 1; advance 4, line +2; row; advance 6; end_sequence.
  static let program: [UInt8] = [0, 5, 2, 0x10, 0, 0, 0, 1, 2, 4, 3, 2, 1, 2, 6, 0, 1, 1]

  /// The rows (address, line) of a table as the rewriter decodes them back.
  static func rows(_ bytes: [UInt8]) throws -> [(UInt64, Int64, Bool)] {
    try LineTableRewriter.rows(of: bytes).map { ($0.address, $0.line, $0.endSequence) }
  }

  @Test func rowsMoveWithTheMapAndKeepTheirLines() throws {
    let input = Self.table(Self.program)
    let shifted = try LineTableRewriter.rewrite(input, through: CodeAddressMap { $0 < 0x14 ? $0 + 3 : $0 + 10 })
    let rows = try Self.rows(shifted.bytes)
    #expect(rows.map(\.0) == [0x13, 0x1e, 0x24])
    #expect(rows.map(\.1) == [1, 3, 3])
    #expect(rows.map(\.2) == [false, false, true])
    #expect(shifted.tables == [0: 0])
    // Control: the identity map keeps every address.
    let same = try LineTableRewriter.rewrite(input, through: CodeAddressMap { $0 })
    #expect(try Self.rows(same.bytes).map(\.0) == [0x10, 0x14, 0x1a])
  }

  @Test func tombstonedSequencesKeepTheirAddresses() throws {
    let dead: [UInt8] = [0, 5, 2, 0xff, 0xff, 0xff, 0xff, 1, 2, 6, 0, 1, 1]
    let output = try LineTableRewriter.rewrite(Self.table(dead), through: CodeAddressMap { $0 + 100 })
    #expect(try Self.rows(output.bytes).map(\.0) == [0xffff_ffff, 0x1_0000_0005])
  }

  @Test func malformedTablesThrowNamingTheOffset() {
    let input = Self.table(Self.program)
    for cut in 1..<input.count {
      // Every cut either throws or decodes; none traps.
      _ = try? LineTableRewriter.rewrite(Array(input[..<cut]), through: CodeAddressMap { $0 })
    }
    #expect(throws: DWARFError.self) {
      try LineTableRewriter.rewrite([0x10, 0, 0, 0, 9, 0], through: CodeAddressMap { $0 })
    }
  }
}
