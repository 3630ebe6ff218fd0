/// Validates function bodies against the module they belong to, following the validation algorithm of the core
/// specification's appendix: every instruction of the MVP, sign extension, saturating conversions, multi-value
/// blocks, bulk memory, reference types, threads, memory64, multi-memory, table64, SIMD (relaxed SIMD included),
/// tail calls and exception handling (`try_table`, `throw`, `throw_ref`).
///
/// What it cannot type it refuses: the GC and typed function reference instructions, and values of any reference
/// type but `funcref`, `externref` and `exnref`. A body it accepts is one `wasm-tools validate` accepts.
public struct FunctionBodyValidator: Sendable {
  private let context: OperandContext

  /// A validator for the bodies of the module whose index spaces `context` describes.
  public init(context: ValidationContext) {
    self.context = OperandContext(context)
  }

  /// Validates one function body: `body` is the body's bytes without its size field (local declarations, then the
  /// instructions up to and including the final `end`), as `WasmModule.body(ofFunction:)` returns them — its indices
  /// are file offsets, and every error names the file offset of the offending instruction or local declaration.
  public func validate(body: ModuleBytes, type: FunctionType) throws(ModuleError) {
    guard let signature = OperandContext.signature(type) else {
      throw ModuleError(
        offset: body.startIndex,
        "unsupported function type \(type): only numeric, v128, funcref, externref and exnref values are typed")
    }
    let locals = try LocalDeclarations(body, parameters: signature.params)
    let instructions = try InstructionStream(body[locals.instructionsStart..<body.endIndex])
    var checker = BodyChecker(context: context, locals: locals.types, results: signature.results)
    var parser = ExpressionParser(code: instructions.code)
    while true {
      let next: ExpressionParser.Visit?
      let offset = parser.offset
      do { next = try parser.parse() } catch { throw instructions.error(error, decoding: offset) }
      guard let next else { break }
      do { try next(visitor: &checker) } catch {
        throw ModuleError(offset: error.offset ?? instructions.fileOffset(checker.binaryOffset), error.message)
      }
    }
    guard checker.stack.isFinished else {
      throw ModuleError(
        offset: body.endIndex - 1,
        "the body ends inside a \(checker.stack.innermost.kind.name): each block needs its `end`, then the function's")
    }
  }
}
