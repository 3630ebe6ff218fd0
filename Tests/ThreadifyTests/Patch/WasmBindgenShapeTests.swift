import TestSupport
import Testing
import Threadify
import WasmBinary

/// A module shaped like wasm-bindgen's threads tests, patched with the wasm-bindgen rules, gives the addresses,
/// limits and exports wasm-bindgen's own transform gives.
@Suite struct WasmBindgenShapeTests {
  @Test func layoutAndExportsMatchTheReference() throws {
    let input = try WasmModule(bytes: try PatchFixtures.wat("wasm-bindgen-shape"))
    let plan = try Threadifier.plan(input, rules: try BundledRules.load("wasm-bindgen"))
    let addresses = Dictionary(uniqueKeysWithValues: plan.reservedAddresses.map { ($0.name, $0.value) })
    #expect(addresses["counter"] == 393216)
    #expect(addresses["lock"] == 393220)
    #expect(addresses["temp_stack_top"] == 458752)

    let output = try WasmModule(bytes: try Threadifier.apply(plan, to: input))
    #expect(output.memories[0].type.min == 7)
    #expect(output.memories[0].type.max == 1024)
    #expect(output.start == nil)
    let exports = Set(output.exports.map(\.name))
    #expect(exports.isSuperset(of: ["__tls_base", "__stack_alloc", "__wbindgen_thread_destroy", "__wbindgen_start"]))
    #expect(exports.isDisjoint(with: ["__tls_size", "__tls_align", "__wasm_init_tls"]))
    let start = try #require(output.exports.first { $0.name == "__wbindgen_start" })
    guard case .function(let index) = start.descriptor else {
      Issue.record("__wbindgen_start is not a function")
      return
    }
    #expect(output.functionType(at: index) == FunctionType(parameters: [.i32]))
    #expect(try Validators.wabt(Array(output.bytes)).status == 0)
  }

  @Test func stackPointerFoundByTheHeuristicWithoutNames() throws {
    // The WAT fixture has no name section: the stack pointer is the only mutable i32 with a non-zero init.
    let input = try WasmModule(bytes: try PatchFixtures.wat("wasm-bindgen-shape"))
    #expect(input.names.globals.isEmpty)
    let plan = try Threadifier.plan(input, rules: try BundledRules.load("wasm-bindgen"))
    let stackPointer = try #require(plan.symbols.first { $0.name == "stack_pointer" })
    #expect(stackPointer.item == .global(0))
    #expect(stackPointer.matchedBy == "heuristic mutable-i32-nonzero-init")
  }

  @Test func stackSizeParamReachesTheInjectedGlobal() throws {
    let input = try WasmModule(bytes: try PatchFixtures.wat("wasm-bindgen-shape"))
    let plan = try Threadifier.plan(
      input, rules: try BundledRules.load("wasm-bindgen"), params: ["stack_size": 1 << 20])
    let global = try #require(plan.globals.first { $0.name == "stack_alloc_size" })
    #expect(global.initializer == .i32(1 << 20))
  }
}
