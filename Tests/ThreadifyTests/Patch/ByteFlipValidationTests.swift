import Foundation
import TestSupport
import Testing
import Threadify
import WasmBinary

/// Issue 16: byte-flipped copies of real modules are patched under full validation (the default) and every output
/// that the patch returns is given to `wasm-tools validate`, which must accept all of them. The control patches the
/// same mutants with `.module` validation, which trusts the copied bodies: some of its outputs must be rejected, or
/// this test could not tell the two apart. (`Fuzz/byteflip.py` does the same through the command line, at scale.)
@Suite struct ByteFlipValidationTests {
  /// Real modules that patch, with the rule set each is built for.
  static let modules: [(path: String, rules: String)] = [
    ("Tests/Fixtures/real/minimal_test.wasm", "wasmgrind"),
    ("Tests/Fixtures/real/minimal_test_tracing.wasm", "wasmgrind"),
    ("Tests/Fixtures/wild/llvm-threaded/exports-tls-O2.wasm", "wasmgrind"),
    ("examples/build/demo-c-clang-default.wasm", "c-aligned-alloc"),
    ("examples/build/demo-wasm-bindgen-clang-default.wasm", "wasm-bindgen"),
  ]
  static let mutantsPerModule = 40

  /// What patching the mutants gave: how many patched, and how many of those outputs wasm-tools rejected.
  struct Outcome {
    var patched = 0
    var rejectedOutputs: [String] = []
  }

  @Test func fullValidationPatchesNoMutantIntoAnInvalidOutput() throws {
    let outcome = try Self.patchMutants(validation: .full)
    #expect(outcome.patched > 0, "no mutant patched: the run says nothing")
    #expect(outcome.rejectedOutputs.isEmpty, "\(outcome.rejectedOutputs.joined(separator: "\n"))")
  }

  @Test func moduleValidationCopiesInvalidBodiesControl() throws {
    let outcome = try Self.patchMutants(validation: .module)
    #expect(!outcome.rejectedOutputs.isEmpty, "module-level validation wrote no invalid output of \(outcome.patched)")
  }

  /// Patches `mutantsPerModule` one-byte mutants of every module (seeded: the same mutants every run).
  static func patchMutants(validation: ValidationLevel) throws -> Outcome {
    var outcome = Outcome()
    for (path, rulesName) in modules {
      let original = try Repository.bytes(path)
      let rules = try BundledRules.load(rulesName)
      var generator = SeededGenerator(seed: UInt64(original.count))
      for number in 0..<mutantsPerModule {
        var bytes = original
        let position = Int.random(in: 8..<bytes.count, using: &generator)
        bytes[position] ^= UInt8.random(in: 1...255, using: &generator)
        guard let module = try? WasmModule(bytes: bytes),
          let plan = try? Threadifier.plan(module, rules: rules, validation: validation),
          let output = try? Threadifier.apply(plan, to: module)
        else { continue }
        outcome.patched += 1
        let verdict = try Validators.wasmTools(output)
        if verdict.status != 0 {
          outcome.rejectedOutputs.append("\(path) mutant \(number) (offset \(position)): \(verdict.output)")
        }
      }
    }
    return outcome
  }
}

/// A small deterministic generator (SplitMix64), so that every run flips the same bytes.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
