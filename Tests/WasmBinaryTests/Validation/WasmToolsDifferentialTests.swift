import TestSupport
import Testing

@testable import WasmBinary

/// Flips bytes inside the function bodies of the real modules (seeded, so the run is reproducible; never in a size
/// field) and asks `wasm-tools validate` about each mutant: every mutant it rejects must be rejected by the module
/// reader or the body validator. Mutants the validator rejects and wasm-tools accepts are counted; they may only be
/// what the validator declares unsupported.
@Suite struct WasmToolsDifferentialTests {
  static let fixtures = [
    "minimal_test.wasm", "minimal_test_tracing.wasm", "rayon_test_bg.wasm", "wasi_threads_echo.wasm",
  ]
  static let mutantsPerFixture = 75

  /// One mutant and what the reader and the validator made of it.
  struct Mutant {
    let fixture: String
    let bytes: [UInt8]
    /// The reader's or the validator's error; nil when both accept.
    let error: ModuleError?
    /// Whether the module reader accepted it (so any error is the validator's).
    let read: Bool
  }

  @Test func everyMutantOfTheRealModulesWasmToolsRejectsIsRejected() throws {
    var mutants: [Mutant] = []
    for fixture in Self.fixtures {
      mutants += try Self.mutants(of: Fixtures.bytes(fixture), named: fixture, count: Self.mutantsPerFixture)
    }
    try compare(mutants)
  }

  /// The same over the valid rule cases, whose bodies use what the real modules do not (SIMD, exceptions, tables,
  /// memory64, tail calls): four mutants each.
  @Test func everyMutantOfTheRuleCasesWasmToolsRejectsIsRejected() throws {
    var mutants: [Mutant] = []
    for rule in BodyValidationCases.all where rule.error == nil {
      mutants += try Self.mutants(of: rule.module(), named: rule.name, count: 4)
    }
    try compare(mutants)
  }

  private func compare(_ mutants: [Mutant]) throws {
    let verdicts = try Validators.wasmTools(each: mutants.map(\.bytes), parallel: 4)
    var laxer: [String] = []
    var stricter: [String] = []
    for (mutant, verdict) in zip(mutants, verdicts) {
      switch (verdict.status == 0, mutant.error) {
      case (false, nil): laxer.append("\(mutant.fixture): wasm-tools: \(verdict.output)")
      case (true, let error?):
        stricter.append("\(mutant.fixture): \(error)")
        // The one strictness that is not the validator's: WasmParser decodes the opcode after a prefix byte
        // (0xFC, 0xFD, 0xFE) only in its shortest LEB128 form, though the specification allows longer ones.
        #expect(
          error.message.hasPrefix("unsupported") || Self.isLongPrefixedOpcode(mutant.bytes, at: error.offset),
          "rejected, though wasm-tools accepts it: \(mutant.fixture): \(error)")
      default: break
      }
    }
    let rejected = verdicts.count { $0.status != 0 }
    let byValidator = mutants.count { $0.read && $0.error != nil }
    print(
      "differential: \(mutants.count) mutants, wasm-tools rejects \(rejected), we accept \(laxer.count) of those;"
        + " we reject \(stricter.count) that wasm-tools accepts; the reader rejects "
        + "\(mutants.count { !$0.read }), the body validator \(byValidator)")
    stricter.forEach { print("  stricter: \($0)") }
    #expect(laxer.isEmpty, "accepted, though wasm-tools rejects them:\n\(laxer.joined(separator: "\n"))")
    #expect(rejected > mutants.count / 4, "the mutants should mostly be invalid")
    #expect(rejected < mutants.count, "some mutants should stay valid")
    // The control: most invalid mutants pass the reader, which does not decode instructions.
    #expect(byValidator > rejected / 2, "the body validator should be what rejects most mutants")
  }

  /// Whether the instruction at `offset` is a prefix byte followed by an opcode in a longer LEB128 form than needed.
  static func isLongPrefixedOpcode(_ bytes: [UInt8], at offset: Int?) -> Bool {
    guard let offset, offset + 2 < bytes.count, (0xFC...0xFE).contains(bytes[offset]) else { return false }
    var end = offset + 1
    while end < bytes.count, bytes[end] & 0x80 != 0, end - offset < 5 { end += 1 }
    return end > offset + 1 && end < bytes.count && bytes[end] == 0x00
  }

  /// `count` mutants of the module `original`, each with one to three bytes changed near one place of one body.
  static func mutants(of original: [UInt8], named fixture: String, count: Int) throws -> [Mutant] {
    let module = try WasmModule(bytes: original)
    let context = try TestValidationContext.of(original)
    let bodies = (UInt32(module.importedFunctionCount)..<UInt32(module.functionCount)).compactMap {
      module.body(ofFunction: $0).map { $0.startIndex..<$0.endIndex }
    }
    let codeBytes = bodies.map(\.count).reduce(0, +)
    // The seed depends on the name only (FNV-1a), so every run makes the same mutants.
    let seed = fixture.utf8.reduce(0xCBF2_9CE4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    var random = SeededGenerator(state: seed)
    var mutants: [Mutant] = []
    for _ in 0..<count {
      // A body picked in proportion to its size, then a window of 16 bytes in it.
      var position = Int.random(in: 0..<codeBytes, using: &random)
      var body = bodies[0]
      for candidate in bodies {
        if position < candidate.count {
          body = candidate
          break
        }
        position -= candidate.count
      }
      let center = body.lowerBound + position
      let window = max(body.lowerBound, center - 8)..<min(body.upperBound, center + 8)
      var bytes = original
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        bytes[Int.random(in: window, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
      }
      let (error, read) = verdict(bytes, context: context)
      mutants.append(Mutant(fixture: fixture, bytes: bytes, error: error, read: read))
    }
    return mutants
  }

  /// The reader's or the validator's error for `bytes` (nil when both accept it), and whether the reader read it.
  static func verdict(_ bytes: [UInt8], context: ValidationContext) -> (error: ModuleError?, read: Bool) {
    let module: WasmModule
    do throws(ModuleError) { module = try WasmModule(bytes: bytes) } catch { return (error, false) }
    let validator = FunctionBodyValidator(context: context)
    for index in UInt32(module.importedFunctionCount)..<UInt32(module.functionCount) {
      guard let body = module.body(ofFunction: index), let type = module.functionType(at: index) else { continue }
      do throws(ModuleError) { try validator.validate(body: body, type: type) } catch { return (error, true) }
    }
    return (nil, true)
  }
}
