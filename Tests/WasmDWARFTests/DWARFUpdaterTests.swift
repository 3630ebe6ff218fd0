import Foundation
import Testing

@testable import WasmDWARF

/// The updater on the DWARF of the clang fixtures (Tests/Fixtures/debug-info): a shift moves every row, and
/// damaged sections throw a ``DWARFError`` naming the section — never a trap.
@Suite struct DWARFUpdaterTests {
  /// The `.debug_*` custom sections of a fixture, by name.
  static func sections(_ name: String) throws -> [String: [UInt8]] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let bytes = Array(try Data(contentsOf: root.appending(path: "Tests/Fixtures/debug-info/\(name)")))
    var sections: [String: [UInt8]] = [:]
    var reader = DWARFReader(bytes, section: "module", offset: 8)
    while !reader.atEnd {
      let id = try reader.u8()
      let size = try reader.count()
      let end = reader.offset + size
      if id == 0 {
        let nameLength = try reader.count()
        let name = String(decoding: bytes[reader.offset..<(reader.offset + nameLength)], as: UTF8.self)
        if name.hasPrefix(".debug_") { sections[name] = Array(bytes[(reader.offset + nameLength)..<end]) }
      }
      reader.offset = end
    }
    return sections
  }

  static let fixtures = ["demo-c-dwarf4.wasm", "demo-c-dwarf5.wasm"]

  @Test(arguments: fixtures)
  func aShiftMovesEveryRowAndTheIdentityKeepsThem(_ name: String) throws {
    let sections = try Self.sections(name)
    let line = try #require(sections[".debug_line"])
    let rows = try LineTableRewriter.rows(of: line)
    #expect(rows.count > 150)
    let same = try DWARFUpdater.update(sections, through: CodeAddressMap { $0 })
    #expect(try LineTableRewriter.rows(of: try #require(same[".debug_line"])) == rows)
    // The tables are encoded again (not always to the same size), so only `DW_AT_stmt_list` may change in the DIEs.
    #expect(same[".debug_info"]?.count == sections[".debug_info"]?.count)
    let shifted = try DWARFUpdater.update(sections, through: CodeAddressMap { $0 == 0 ? 0 : $0 + 1000 })
    let moved = try LineTableRewriter.rows(of: try #require(shifted[".debug_line"]))
    #expect(moved.count == rows.count)
    for (row, new) in zip(rows, moved) {
      let expected =
        CodeAddressMap.isTombstone(row.address, size: 4) || row.address == 0 ? row.address : row.address + 1000
      #expect(new.address == expected && new.line == row.line && new.column == row.column && new.file == row.file)
    }
    // DWARF 4 DIEs hold addresses; DWARF 5 ones name `.debug_addr` entries.
    let addressesMoved = shifted[".debug_info"] != same[".debug_info"] || shifted[".debug_addr"] != same[".debug_addr"]
    #expect(addressesMoved, "the DIEs' addresses move")
  }

  @Test(arguments: fixtures)
  func damagedSectionsThrowOrRewriteButNeverTrap(_ name: String) throws {
    let sections = try Self.sections(name)
    var generator = SystemRandomNumberGenerator.Seeded(seed: 17)
    var thrown = 0
    for trial in 0..<1500 {
      var damaged = sections
      let key = sections.keys.sorted()[trial % sections.count]
      var bytes = damaged[key]!
      if trial % 5 == 0 {
        bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count + 1))))
      } else {
        bytes[Int(generator.next() % UInt64(bytes.count))] ^= UInt8(1 << (generator.next() % 8))
      }
      damaged[key] = bytes
      do {
        _ = try DWARFUpdater.update(damaged, through: CodeAddressMap { $0 + 3 })
      } catch {
        #expect(!error.section.isEmpty && error.offset >= 0)
        thrown += 1
      }
    }
    #expect(thrown > 100, "damage is noticed: \(thrown) of 1500 trials threw")
  }

  @Test func anUnknownSectionWithPossibleAddressesIsRefusedByName() throws {
    var sections = try Self.sections("demo-c-dwarf5.wasm")
    sections[".debug_frame"] = [0, 0, 0, 0]
    #expect {
      try DWARFUpdater.update(sections, through: CodeAddressMap { $0 })
    } throws: { error in
      (error as? DWARFError)?.section == ".debug_frame"
    }
  }
}

extension SystemRandomNumberGenerator {
  /// A small deterministic generator (SplitMix64), so that a failing trial can be replayed.
  struct Seeded: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
      state &+= 0x9e37_79b9_7f4a_7c15
      var value = state
      value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
      value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
      return value ^ (value >> 31)
    }
  }
}
