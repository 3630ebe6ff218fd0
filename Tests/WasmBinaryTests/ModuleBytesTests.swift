import Foundation
import TestSupport
import Testing
import WasmBinary

@Suite struct ModuleBytesTests {
  @Test func slicesKeepFileOffsetsAndCompareByContent() {
    let bytes = ModuleBytes([0, 1, 2, 3, 4, 5, 1, 2])
    let slice = bytes[1..<3]
    #expect(slice.startIndex == 1 && slice.endIndex == 3)
    #expect(slice[2] == 2)
    #expect(slice == bytes[6..<8])
    #expect(slice != bytes[2..<4])
    #expect(Array(bytes[4...]) == [4, 5, 1, 2])
  }

  @Test func aMappedFileReadsLikeItsCopy() throws {
    let contents = try wat("(module (func (export \"f\") (result i32) i32.const 7))")
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(contents, to: "module.wasm")
    let path = scratch.path("module.wasm")
    let descriptor = open(path, O_RDONLY)
    try #require(descriptor >= 0)
    let mapped = try #require(ModuleBytes.mapping(fileDescriptor: descriptor, count: contents.count))
    #expect(ModuleBytes.mapping(fileDescriptor: descriptor, count: contents.count + 1) == nil)
    close(descriptor)  // the mapping outlives the descriptor
    #expect(mapped == ModuleBytes(contents))
    let module = try WasmModule(bytes: mapped)
    #expect(module.exports.map(\.name) == ["f"])
  }

  @Test func aSliceIsReadAsAWholeFile() throws {
    let contents = try wat("(module (func (export \"f\")))")
    let padded = ModuleBytes([0xFF, 0xFF] + contents)
    let module = try WasmModule(bytes: padded[2...])
    #expect(module.exports.map(\.name) == ["f"])
    #expect(module.bytes.startIndex == 0)
  }
}

@Suite struct ModuleImageTests {
  /// A module with one large function body, so that the code section is referenced, not copied.
  private func largeModule() throws -> [UInt8] {
    let body = String(repeating: "i32.const 1 drop ", count: 8000)
    return try wat("(module (func $big \(body)) (func $small))")
  }

  @Test func untouchedRangesStayOriginalAndTheImageAssemblesToTheWrittenBytes() throws {
    let input = try largeModule()
    var editor = ModuleEditor(try WasmModule(bytes: input))
    _ = editor.addFunction(type: FunctionType(parameters: []), locals: [], body: [0x0B], name: nil, localNames: [])
    let image = editor.image()
    // The big body stays a range of the input; only section headers and the new entries are new bytes.
    let originals = image.pieces.compactMap { if case .original(let range) = $0 { range } else { nil } }
    let new = image.pieces.compactMap { if case .new(let bytes) = $0 { bytes } else { nil } }
    #expect(originals.contains { $0.count >= 16384 })
    #expect(new.allSatisfy { $0.count < 64 })
    #expect(image.count == image.bytes.count)
    #expect(image.bytes == editor.write())
    var runs: [UInt8] = []
    image.forEachRun { runs.append(contentsOf: $0) }
    #expect(runs == image.bytes)
    let reread = try WasmModule(bytes: image.bytes)
    #expect(reread.functionCount == 3)
  }

  @Test func readingBackStepsOverCopiedBodiesButChecksNewOnes() throws {
    let input = try WasmModule(bytes: try largeModule())
    var editor = ModuleEditor(input)
    _ = editor.addFunction(
      type: FunctionType(parameters: []), locals: [.i32], body: [0x0B], name: nil, localNames: [])
    let image = editor.image()
    let output = ModuleBytes(image.bytes)
    let reread = try WasmModule(rereading: output, writtenFrom: image, of: input)
    let full = try WasmModule(bytes: output)
    #expect(reread.functionCount == 3)
    for index in 0..<UInt32(full.functionCount) {
      #expect(reread.body(ofFunction: index) == full.body(ofFunction: index))
      #expect(
        reread.body(ofFunction: index).map { $0.startIndex } == full.body(ofFunction: index).map { $0.startIndex })
    }
    // The appended body is the last thing in the file: without its final `end` the read-back fails.
    var broken = image.bytes
    broken[broken.count - 1] = 0x01
    #expect(throws: ModuleError.self) {
      try WasmModule(rereading: ModuleBytes(broken), writtenFrom: image, of: input)
    }
  }

  @Test func withoutEditsTheImageIsTheInput() throws {
    let input = try largeModule()
    let image = ModuleEditor(try WasmModule(bytes: input)).image()
    #expect(image.pieces == [.original(0..<input.count)])
  }
}
