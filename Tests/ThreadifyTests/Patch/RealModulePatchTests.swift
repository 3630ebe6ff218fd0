import TestSupport
import Testing
import Threadify
import WasmBinary

/// Real rustc output patched with the default (seed crate) rules: valid, copied byte for byte where untouched,
/// and shaped as the seed's ABI says.
@Suite struct RealModulePatchTests {
  @Test(arguments: ["minimal_test", "minimal_test_tracing"])
  func patchedRealModuleIsValid(_ name: String) throws {
    let input = try Repository.bytes("Tests/Fixtures/real/\(name).wasm")
    let output = try PatchFixtures.patch(input)
    let validation = try Validators.wabt(output)
    #expect(validation.status == 0, "wasm-validate: \(validation.output)")
  }

  @Test(arguments: ["minimal_test", "minimal_test_tracing"])
  func seedABIShape(_ name: String) throws {
    let input = try WasmModule(bytes: try Repository.bytes("Tests/Fixtures/real/\(name).wasm"))
    let output = try WasmModule(bytes: try PatchFixtures.patch(Array(input.bytes)))
    let exports = Set(output.exports.map(\.name))
    #expect(exports.isSuperset(of: ["__tls_base", "__stack_alloc", "__wasmgrind_thread_destroy"]))
    #expect(exports.isDisjoint(with: ["__tls_size", "__tls_align", "__wasm_init_tls"]))
    // The utility page sits at initial × 64 KiB; the memory grows by one page.
    #expect(input.memories[0].type.min == 17)
    #expect(output.memories[0].type.min == 18)
    #expect(output.memories[0].type.max == 16384)
    #expect(output.memories[0].type.shared)
    // The start function is the injected routine, which calls the old start first.
    // Four functions are appended (the stack-overflow and out-of-memory traps, thread start, thread destroy); no
    // index shifts.
    #expect(output.functionCount == input.functionCount + 4)
    #expect(output.names.functions[UInt32(input.functionCount + 1)] == "wasm-threadify.out_of_memory")
    let start = try #require(output.start)
    #expect(start == UInt32(input.functionCount + 2))
    #expect(output.functionType(at: start) == FunctionType(parameters: [], results: []))
    let destroy = try #require(output.exports.first { $0.name == "__wasmgrind_thread_destroy" })
    #expect(destroy.descriptor == .function(UInt32(input.functionCount + 3)))
    #expect(output.functionType(at: UInt32(input.functionCount + 3)) == FunctionType(parameters: [.i32, .i32, .i32]))
    // Appended items are named.
    #expect(output.names.functions[start] == "wasm-threadify.thread_start")
    #expect(output.names.globals[UInt32(input.globalCount)] == "stack_alloc")
    #expect(output.sections.contains { $0.customName == "wasm-threadify" })
  }

  @Test func untouchedSectionsAndBodiesAreByteIdentical() throws {
    let input = try WasmModule(bytes: try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"))
    let output = try WasmModule(bytes: try PatchFixtures.patch(Array(input.bytes)))
    // Sections the patch edits: import (memory limits), global, export, start, code, name, and the new marker.
    let edited: Set<UInt8> = [2, 3, 6, 7, 8, 10]
    let untouchedInput = input.sections.filter { !edited.contains($0.id) && $0.customName != "name" }
    let untouchedOutput = output.sections.filter {
      !edited.contains($0.id) && $0.customName != "name" && $0.customName != "wasm-threadify"
    }
    #expect(untouchedInput.count == untouchedOutput.count)
    for (before, after) in zip(untouchedInput, untouchedOutput) {
      #expect(input.bytes[before.range] == output.bytes[after.range], "section \(before.id) \(before.customName ?? "")")
    }
    // Every original function body is copied byte for byte, padded LEB128s included.
    for offset in 0..<input.functionTypeIndices.count {
      let index = UInt32(input.importedFunctionCount + offset)
      #expect(input.body(ofFunction: index) == output.body(ofFunction: index), "function \(index)")
    }
  }

  @Test func patchingTwiceIsRefused() throws {
    let once = try PatchFixtures.patch(try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"))
    #expect {
      try PatchFixtures.patch(once)
    } throws: { error in
      guard case .refused(let flavour, _) = error as? PatchError else { return false }
      return flavour == "already-patched"
    }
  }

  @Test(arguments: [
    ("wasi_threads_echo", "wasi-threads"), ("rayon_test_bg", "already-patched"),
  ])
  func foreignThreadModelsAreRefused(_ name: String, _ flavour: String) throws {
    let input = try Repository.bytes("Tests/Fixtures/real/\(name).wasm")
    for rules in ["wasmgrind", "wasm-bindgen"] {
      #expect {
        try PatchFixtures.patch(input, rules: rules)
      } throws: { error in
        guard case .refused(let refusedAs, let reason) = error as? PatchError else { return false }
        return refusedAs == flavour && !reason.isEmpty
      }
    }
  }
}
