import Foundation
import TestSupport
import Testing
import Threadify
import WasmBinary

/// `inspect`'s report on real modules: memory, TLS, stack pointer, layout and the flavour verdict.
@Suite struct InspectorTests {
  private func report(_ path: String) throws -> ModuleReport {
    Inspector.inspect(
      try WasmModule(bytes: try Repository.bytes(path)), rules: try BundledRules.conventions())
  }

  @Test func rustcThreadedModule() throws {
    let report = try report("Tests/Fixtures/real/minimal_test.wasm")
    #expect(report.verdict.flavour == "ready")
    #expect(report.verdict.readyToPatch)
    #expect(report.memories.count == 1)
    let memory = try #require(report.memories.first)
    #expect(memory.minPages == 17)
    #expect(memory.maxPages == 16384)
    #expect(memory.shared)
    #expect(memory.imported == "env.memory")
    #expect(memory.address == "i32")
    #expect(report.tlsSize == 52)
    #expect(report.tlsAlign == 4)
    let stackPointer = try #require(report.stackPointer)
    #expect(stackPointer.boundTo == "global 0")
    #expect(stackPointer.value == 1_048_576)
    #expect(stackPointer.via == "name `__stack_pointer`")
    #expect(report.stackFirst == true)
    #expect(report.memoryMap.map(\.name) == ["stack", "static data", "heap", "utility page"])
    #expect(report.memoryMap.first?.end == 1_048_576)
    #expect(report.start?.contains("__wasm_init_memory") == true)
    #expect(report.targetFeatures.contains("+atomics"))
    #expect(report.producers["processed-by"]?.first?.hasPrefix("rustc") == true)
    #expect(report.globals.first { $0.index == 0 }?.name == "__stack_pointer")
  }

  @Test func clangDefaultLayoutPutsTheStackAfterTheData() throws {
    let report = try report("examples/build/demo-wasmgrind-clang-default.wasm")
    #expect(report.verdict.readyToPatch)
    #expect(report.stackFirst == false)
    #expect(report.memoryMap.map(\.name) == ["static data", "stack", "heap", "utility page"])
  }

  @Test(arguments: [
    ("Tests/Fixtures/real/wasi_threads_echo.wasm", "wasi-threads"),
    ("Tests/Fixtures/real/rayon_test_bg.wasm", "already-patched"),
    ("examples/build/demo-wasmgrind-unshared.wasm", "not-threaded"),
  ])
  func verdicts(_ path: String, _ flavour: String) throws {
    let report = try report(path)
    #expect(report.verdict.flavour == flavour)
    #expect(!report.verdict.readyToPatch)
  }

  @Test func missingLinkFlagGivesTheHint() throws {
    let report = try report("examples/build/demo-wasmgrind-no-max-memory.wasm")
    #expect(report.verdict.flavour == "unknown")
    #expect(report.verdict.reason.contains("--max-memory"))
  }

  @Test func patchedModuleNamesTheRuleSetThatPatchedIt() throws {
    let patched = try PatchFixtures.patch(try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"))
    let report = Inspector.inspect(
      try WasmModule(bytes: patched), rules: try BundledRules.conventions())
    #expect(report.verdict.flavour == "already-patched")
    #expect(report.patchedWith == "rules=wasmgrind version=1")
    #expect(report.memories.first?.minPages == 18)
    // The utility page is now the last page of the initial memory, and the heap ends before it.
    let utility = try #require(report.memoryMap.first { $0.name == "utility page" })
    #expect(utility.start == 17 * 65536 && utility.end == 18 * 65536)
    let heap = try #require(report.memoryMap.first { $0.name == "heap" })
    #expect(heap.end == 17 * 65536)
    #expect(try self.report("Tests/Fixtures/real/minimal_test.wasm").patchedWith == nil)
  }

  /// The JSON `inspect --json` prints for a fixed module is the committed `minimal_test.inspect.json`, byte for byte,
  /// from the library and from the command line: keys sorted, arrays in module order, nothing that depends on the
  /// process (Swift seeds its hashing per process, so a dictionary encoded in its own order would differ between the
  /// two). After a deliberate change to the report, regenerate the file with
  /// `swift run wasm-threadify inspect --json Tests/Fixtures/real/minimal_test.wasm`.
  @Test func jsonIsStable() throws {
    let golden = try String(
      contentsOf: Repository.root.appending(path: "Tests/Fixtures/inspect/minimal_test.inspect.json"),
      encoding: .utf8)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let encoded = try encoder.encode(try report("Tests/Fixtures/real/minimal_test.wasm"))
    #expect(String(decoding: encoded, as: UTF8.self) + "\n" == golden)
    let decoded = try JSONDecoder().decode(ModuleReport.self, from: encoded)
    #expect(decoded.tlsSize == 52)

    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let result = try scratch.run(["inspect", "--json", CLIPaths.real("minimal_test.wasm").path])
    #expect(result.status == 0, "\(result)")
    #expect(result.output == golden)
  }
}
