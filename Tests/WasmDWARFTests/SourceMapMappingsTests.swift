import Testing

@testable import WasmDWARF

@Suite struct SourceMapMappingsTests {
  @Test func columnsMoveAndTheOtherFieldsStay() throws {
    // Segments at columns 10 and 30 (source 0, lines 0 and 2, columns 0 and 4), as a wasm source map writes them.
    let input = "UAAA,oBAEI"
    let same = try SourceMapMappings.rewrite(input) { $0 }
    #expect(same.mappings == input && same.kept == 2)
    let moved = try SourceMapMappings.rewrite(input) { $0 + 100 }
    #expect(moved.mappings == "8GAAA,oBAEI", "column 110, then 20 further: the deltas after the first stay")
    let dropped = try SourceMapMappings.rewrite(input) { $0 < 20 ? nil : $0 }
    #expect(dropped.mappings == "8BAEI" && dropped.dropped == 1, "column 30 with the running source fields")
  }

  @Test func malformedMappingsNameTheCharacter() {
    #expect(throws: SourceMapMappings.Malformed.self) { try SourceMapMappings.rewrite("AA!A") { $0 } }
    #expect(throws: SourceMapMappings.Malformed.self) { try SourceMapMappings.rewrite("AAg") { $0 } }
    #expect(throws: SourceMapMappings.Malformed.self) { try SourceMapMappings.rewrite("AA") { $0 } }
  }
}
