import TestSupport
import Testing
import WAT

@testable import WasmBinary

/// The body validator's rules, each on a small module in the text format; `wasm-tools validate` is asked to agree
/// with every case, so the cases test the rules of the specification (as wasm-tools applies them), not ours.
@Suite struct FunctionBodyValidatorTests {
  @Test(arguments: BodyValidationCases.all)
  func rule(_ rule: BodyValidationCase) throws {
    let error = try TestBodyValidation.firstError(rule.module())
    if let expected = rule.error {
      let message = try #require(error, "accepted, but \(expected) was expected").message
      #expect(message.contains(expected), "\(message)")
    } else {
      #expect(error == nil, "\(String(describing: error))")
    }
  }

  @Test func wasmToolsAgreesWithEveryCase() throws {
    let modules = try BodyValidationCases.all.map { try $0.module() }
    let verdicts = try Validators.wasmTools(each: modules)
    for (rule, verdict) in zip(BodyValidationCases.all, verdicts) {
      #expect((verdict.status == 0) == (rule.error == nil), "\(rule.name): \(verdict.output)")
    }
  }

  /// The bodies the validator refuses though they are valid: what it does not type, named as unsupported.
  @Test(arguments: BodyValidationCases.unsupported)
  func refusesWhatItDoesNotType(_ rule: BodyValidationCase) throws {
    let error = try TestBodyValidation.firstError(rule.module())
    #expect(try #require(error).message.contains(try #require(rule.error)))
    let verdict = try #require(Validators.wasmTools(each: [rule.module()]).first)
    #expect(verdict.status == 0, "wasm-tools: \(verdict.output)")
  }
}
