import Testing

@testable import WasmBinary

/// The writer's offset map of the code, and what it does with the sections that name code by address: DWARF stays
/// while no code offset moves, a source map's URL while no file offset of code moves; otherwise they are dropped with
/// a warning, never copied stale.
@Suite struct DebugSectionTests {
  /// Two empty functions (entries `02 00 0B` at code offsets 1..<4 and 4..<7), DWARF and a source map's URL after
  /// the code.
  static let module = """
    (module
      (func) (func)
      (@custom ".debug_info" (after code) "info")
      (@custom ".debug_line" (after code) "line")
      (@custom ".debug_str" (after code) "str")
      (@custom "sourceMappingURL" (after code) "demo.wasm.map"))
    """

  private static func image(_ text: String = module, _ edit: (inout ModuleEditor) -> Void) throws -> (
    ModuleImage, WasmModule
  ) {
    var editor = ModuleEditor(try WasmModule(bytes: try wat(text)))
    edit(&editor)
    let image = editor.image()
    return (image, try WasmModule(bytes: image.bytes))
  }

  private static func customNames(_ module: WasmModule) -> [String] {
    module.customSections.map(\.name)
  }

  @Test func aCustomSectionEditMovesNothingAndKeepsEverything() throws {
    let (image, output) = try Self.image { $0.setCustomSection(name: "marker", payload: [1]) }
    #expect(image.warnings.isEmpty)
    #expect(!image.codeOffsets.movesFileOffsets)
    #expect(
      Self.customNames(output) == [".debug_info", ".debug_line", ".debug_str", "sourceMappingURL", "marker"])
  }

  @Test func anAppendedFunctionKeepsDWARFButMovesTheSourceMap() throws {
    let (image, output) = try Self.image { editor in
      _ = editor.addFunction(
        type: FunctionType(parameters: [], results: []), locals: [], body: [0x0B], name: nil, localNames: [])
    }
    #expect(!image.codeOffsets.movesCode)
    #expect(image.codeOffsets.movesFileOffsets, "the function section grows by one entry, before the code")
    #expect((0..<7).allSatisfy { image.codeOffsets.outputOffset(ofCodeOffset: $0) == $0 })
    #expect(image.warnings.map(\.droppedSections) == [["sourceMappingURL"]])
    #expect(Self.customNames(output) == [".debug_info", ".debug_line", ".debug_str"])
    let payloads = output.customSections.map { Array($0.payload) }
    #expect(payloads == [Array("info".utf8), Array("line".utf8), Array("str".utf8)])
  }

  @Test func aRewrittenBodyDropsDWARFAndSourceMapWithWarnings() throws {
    let (image, output) = try Self.image { $0.replaceBody(ofFunction: 0, with: [0x00, 0x01, 0x01, 0x0B]) }
    let map = image.codeOffsets
    #expect(map.rewritten.map(\.input) == [1..<4] && map.rewritten.map(\.output) == [1..<6])
    #expect(map.outputOffset(ofCodeOffset: 1) == 1, "the size field: the new size field")
    #expect(map.outputOffset(ofCodeOffset: 2) == 2, "a body replaced whole: its new start, after the size field")
    #expect(map.outputOffset(ofCodeOffset: 3) == 2)
    #expect(map.outputOffset(ofCodeOffset: 4) == 6)
    #expect(map.outputOffset(ofCodeOffset: 6) == 8)
    let inputStart = try #require(map.inputPayloadStart)
    #expect(map.outputFileOffset(ofFileOffset: inputStart + 4) == (try #require(map.outputPayloadStart)) + 6)
    #expect(
      image.warnings.map(\.droppedSections) == [[".debug_info", ".debug_line", ".debug_str"], ["sourceMappingURL"]])
    #expect(image.warnings[0].description.contains("rewrites 1 function body"))
    #expect(Self.customNames(output).isEmpty)
  }

  @Test func aCountFieldThatGrowsShiftsEveryBody() throws {
    let functions = String(repeating: "(func) ", count: 127)
    let text = "(module \(functions) (@custom \".debug_line\" (after code) \"line\"))"
    let (image, output) = try Self.image(text) { editor in
      _ = editor.addFunction(
        type: FunctionType(parameters: [], results: []), locals: [], body: [0x0B], name: nil, localNames: [])
    }
    #expect(image.codeOffsets.countFieldSize == (1, 2))
    #expect(image.codeOffsets.outputOffset(ofCodeOffset: 1) == 2)
    #expect(image.warnings.map(\.droppedSections) == [[".debug_line"]])
    #expect(image.warnings[0].description.contains("count field grows from 1 to 2 bytes"))
    #expect(Self.customNames(output).isEmpty)
  }

  @Test func withoutDebugSectionsNothingIsDroppedOrWarned() throws {
    let (image, _) = try Self.image("(module (func) (func))") {
      $0.replaceBody(ofFunction: 0, with: [0x00, 0x01, 0x0B])
    }
    #expect(image.codeOffsets.movesCode)
    #expect(image.warnings.isEmpty)
  }
}
