import TestSupport
import Testing
import Threadify
import ThreadifyRules
import WasmBinary

/// The output check validates what the patch wrote: an injected body that is structurally sound but invalid is an
/// internal error (exit status 3 on the command line), never an output.
@Suite struct OutputValidationTests {
  @Test func anInvalidInjectedBodyIsAnInternalError() throws {
    let module = try WasmModule(bytes: try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm"))
    let plan = try Threadifier.plan(module, rules: try BundledRules.load("wasmgrind"))
    let image = try Threadifier.image(plan, of: module)
    let output = image.bytes
    // The control: the output as written verifies.
    try Threadifier.verify(ModuleBytes(output), writtenFrom: image, of: module, plan: plan)
    // In the last injected body, the first `local.get 0` now reads local 0x70, which does not exist.
    let last = try #require(plan.functions.last)
    let body = try #require(try WasmModule(bytes: output).body(ofFunction: last.index))
    let at = try #require(
      (body.startIndex..<(body.endIndex - 1)).first { output[$0] == 0x20 && output[$0 + 1] == 0x00 })
    var damaged = output
    damaged[at + 1] = 0x70
    #expect {
      try Threadifier.verify(ModuleBytes(damaged), writtenFrom: image, of: module, plan: plan)
    } throws: { error in
      guard case .internalError = error as? PatchError else { return false }
      return "\(error)".contains("the patched module is invalid") && "\(error)".contains("function \(last.index)")
    }
  }

  /// `Threadifier.plan` validates its input: a module with an out-of-range type index is malformed, at its offset.
  @Test func planningValidatesTheInput() throws {
    var bytes = try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm")
    bytes[0xE0] = 0x10
    let module = try WasmModule(bytes: bytes)
    #expect {
      _ = try Threadifier.plan(module, rules: try BundledRules.load("wasmgrind"))
    } throws: { error in
      guard case .malformed(let problem) = error as? PatchError else { return false }
      return problem.offset == 0xE0 && problem.message.contains("unknown type 16")
    }
  }
}
