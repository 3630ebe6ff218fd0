import Foundation
import TestSupport
import Testing
import Threadify
import WasmBinary

/// The README's library example, and the image path the command line takes, on the real rustc module.
@Suite struct LibraryUsageTests {
  @Test func theReadmeExample() throws {
    let input = try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm")
    let rules = try BundledRules.load("wasmgrind")
    let module = try WasmModule(bytes: input)
    let plan = try Threadifier.plan(module, rules: rules)
    let output = try Threadifier.apply(plan, to: module)
    let patched = try WasmModule(bytes: output)
    #expect(patched.functionCount == module.functionCount + plan.functions.count)
    #expect(patched.customSections.contains { $0.name == plan.marker?.name })
  }

  @Test func anImageWrittenToAFileMapsBackAndVerifies() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let inputPath = scratch.path("in.wasm")
    let outputPath = scratch.path("out.wasm")
    let input = try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm")
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
    // It is an internal error (exit status 3 on the command line), not a refusal of the module.
    #expect {
      try Threadifier.verify(ModuleBytes(damaged), writtenFrom: image, of: module, plan: plan)
    } throws: { error in
      guard case .internalError = error as? PatchError else { return false }
      return "\(error)".hasPrefix("internal error: ")
    }
    // So is an output that reads back but differs from the plan: here, the unpatched input.
    #expect {
      try Threadifier.verify(module.bytes, writtenFrom: image, of: module, plan: plan)
    } throws: { error in
      guard case .internalError = error as? PatchError else { return false }
      return "\(error)".contains("differs from the plan")
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
