import Foundation
import Testing
import Threadify
import WasmBinary

/// The README's library example, and the image path the command line takes, on the real rustc module.
@Suite struct LibraryUsageTests {
  @Test func theReadmeExample() throws {
    let input = try PatchFixtures.bytes("Tests/Fixtures/real/minimal_test.wasm")
    let rules = try BundledRules.load("wasmgrind")
    let module = try WasmModule(bytes: input)
    let plan = try Threadifier.plan(module, rules: rules)
    let output = try Threadifier.apply(plan, to: module)
    let patched = try WasmModule(bytes: output)
    #expect(patched.functionCount == module.functionCount + plan.functions.count)
    #expect(patched.customSections.contains { $0.name == plan.marker?.name })
  }

  @Test func anImageWrittenToAFileMapsBackAndVerifies() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("library-usage-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let inputPath = folder.appendingPathComponent("in.wasm").path
    let outputPath = folder.appendingPathComponent("out.wasm").path
    let input = try PatchFixtures.bytes("Tests/Fixtures/real/minimal_test.wasm")
    try Data(input).write(to: URL(fileURLWithPath: inputPath))

    let module = try WasmModule(bytes: try mapped(inputPath))
    let plan = try Threadifier.plan(module, rules: try BundledRules.load("wasmgrind"))
    let image = try Threadifier.image(plan, of: module)
    var written = Data()
    image.forEachRun { written.append(contentsOf: $0) }
    try written.write(to: URL(fileURLWithPath: outputPath))

    let output = try mapped(outputPath)
    try Threadifier.verify(output, writtenFrom: image, of: module, plan: plan)
    #expect(Array(output) == (try Threadifier.apply(plan, to: module)))
    // A write that went wrong is caught: the last appended body without its final `end` does not verify.
    let code = try #require(try WasmModule(bytes: output).sections.first { $0.kind == .code })
    var damaged = Array(output)
    damaged[code.range.upperBound - 1] = 0x00
    #expect(throws: PatchError.self) {
      try Threadifier.verify(ModuleBytes(damaged), writtenFrom: image, of: module, plan: plan)
    }
  }

  private func mapped(_ path: String) throws -> ModuleBytes {
    let descriptor = open(path, O_RDONLY)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    var info = stat()
    try #require(fstat(descriptor, &info) == 0)
    return try #require(ModuleBytes.mapping(fileDescriptor: descriptor, count: Int(info.st_size)))
  }
}
