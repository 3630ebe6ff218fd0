import Testing
import Threadify
import WasmBinary
import WasmKit

/// The first-thread guard: the first instance keeps the linker's static stack and (by default) the static `.tdata`
/// TLS block, so destroying it must give nothing to `free` — no static block, no null pointer — and must still
/// make later TLS use fault.
@Suite struct FirstThreadDestroyTests {
  @Test(arguments: RuntimeExample.rustcLike)
  func destroyingTheFirstThreadFreesNothingStatic(_ example: RuntimeExample) throws {
    let bytes = try example.patchedBytes()
    let engine = Engine(configuration: EngineConfiguration(features: [.threads]))
    let store = Store(engine: engine)
    let module = try parseWasm(bytes: bytes, features: [.threads])
    let memoryType = try #require(try WasmModule(bytes: bytes).memories.first?.type)
    let shared = try SharedMemory(engine: engine, type: memoryType, resourceLimiter: DefaultResourceLimiter())
    var imports = Imports()
    imports.define(module: "env", name: "memory", WasmKit.Memory(store: store, sharedMemory: shared))
    let instance = try module.instantiate(store: store, imports: imports)
    func call(_ name: String, _ arguments: [Value] = []) throws -> [Value] {
      let function = try #require(instance.exports[function: name])
      return try function(arguments)
    }
    if let start = example.startExport { _ = try call(start, [.i32(0)]) }
    let destroy = example.destroyExport
    #expect(instance.exports[global: "__stack_alloc"]?.value == .i32(0), "the first instance keeps the static stack")
    #expect(
      instance.exports[global: "__tls_base"]?.value == .i32(example.staticTLSAddress), "and the static .tdata block")
    let liveBefore = try call("alloc_live_bytes")
    let framesBefore = try call("alloc_total_frees")

    _ = try call(destroy, [.i32(0), .i32(0), .i32(0)])

    #expect(try call("alloc_live_bytes") == liveBefore)
    #expect(try call("alloc_total_frees") == framesBefore, "destroy passed something to free")
    #expect(try call("alloc_errors") == [.i32(0)])
    #expect(try call("alloc_null_frees") == [.i32(0)])
    #expect(instance.exports[global: "__tls_base"]?.value == .i32(0x8000_0000))
    #expect(throws: (any Error).self) { try call("tls_initial_ok") }
  }
}
