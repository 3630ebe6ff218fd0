import TestSupport
import Testing

@testable import WasmBinary

/// Every body of the real toolchain modules validates, and a body's error names the offset of the instruction to
/// blame.
@Suite struct RealModuleValidationTests {
  @Test(arguments: ["minimal_test.wasm", "minimal_test_tracing.wasm", "rayon_test_bg.wasm", "wasi_threads_echo.wasm"])
  func everyBodyValidates(_ fixture: String) throws {
    let bytes = try Fixtures.bytes(fixture)
    let module = try WasmModule(bytes: bytes)
    #expect(module.functionCount - module.importedFunctionCount > 50)
    let error = try TestBodyValidation.firstError(module, context: TestValidationContext.of(bytes))
    #expect(error == nil, "\(String(describing: error))")
  }

  /// The control: the same bodies fail once the context lacks what they use (here, every function's type is
  /// changed to one that returns an extra `i64`).
  @Test func aBodyCheckedAgainstTheWrongTypeFails() throws {
    let bytes = try Fixtures.bytes("minimal_test.wasm")
    let module = try WasmModule(bytes: bytes)
    let validator = FunctionBodyValidator(context: try TestValidationContext.of(bytes))
    let index = UInt32(module.importedFunctionCount)
    let type = try #require(module.functionType(at: index))
    let body = try #require(module.body(ofFunction: index))
    try validator.validate(body: body, type: type)
    let wrong = FunctionType(parameters: type.parameters, results: type.results + [.i64])
    #expect(throws: ModuleError.self) { try validator.validate(body: body, type: wrong) }
  }

  @Test func errorsNameTheOffendingInstruction() throws {
    let bytes = try wat2wasmAll("(module (func (result i32) i32.const 1 i64.const 2 i32.add))")
    let module = try WasmModule(bytes: bytes)
    let instructions = try module.instructionRanges(ofFunction: 0)
    let error = try #require(try TestBodyValidation.firstError(bytes))
    #expect(error.offset == instructions[2].lowerBound)
    #expect(error.message == "i32.add: type mismatch: expected i32, found i64")
  }

  @Test func errorsAfterTheFinalEndNameTheFirstExtraInstruction() throws {
    let bytes = RawModule.function(body: [0x00, 0x0B, 0x01, 0x0B])
    let body = try #require(try WasmModule(bytes: bytes).body(ofFunction: 0))
    let error = try #require(try TestBodyValidation.firstError(bytes))
    #expect(error.offset == body.startIndex + 2)
  }

  @Test func tooManyLocalsNamesTheDeclaration() throws {
    let bytes = RawModule.function(params: [0x7F], body: [0x02, 0x02, 0x7F] + TestBytes.leb128(49_998) + [0x7E, 0x0B])
    let body = try #require(try WasmModule(bytes: bytes).body(ofFunction: 0))
    let error = try #require(try TestBodyValidation.firstError(bytes))
    #expect(error.offset == body.startIndex + 3)
    #expect(error.message == "too many locals: 3 and 49998 more exceed the limit of 50000")
  }

  @Test func alignmentErrorsNameTheAccess() throws {
    let bytes = try wat2wasmAll("(module (memory 1) (func (result i32) i32.const 0 i32.load16_u align=4))")
    let instructions = try WasmModule(bytes: bytes).instructionRanges(ofFunction: 0)
    let error = try #require(try TestBodyValidation.firstError(bytes))
    #expect(error.offset == instructions[1].lowerBound)
    #expect(error.message == "i32.load16_u: alignment must not be larger than natural: at most 2^1, found 2^2")
  }
}

extension RealModuleValidationTests {
  @Test func decodingErrorsNameTheInstruction() throws {
    // nop, nop, then 0xFF (no such opcode).
    let bytes = RawModule.function(body: [0x00, 0x01, 0x01, 0xFF, 0x0B])
    let body = try #require(try WasmModule(bytes: bytes).body(ofFunction: 0))
    let error = try #require(try TestBodyValidation.firstError(bytes))
    #expect(error.offset == body.startIndex + 3, "\(error)")
    #expect(error.message == "malformed instruction: Illegal opcode: [255]")
  }
}
