import Dispatch
import WasmParser

extension WasmModule {
  /// Validates the module at `level`: everything outside the function bodies (``validate()``), and with
  /// ``ValidationLevel/full`` every defined function's body too, on all cores. Returns the module's index spaces.
  public func validate(_ level: ValidationLevel) throws(ModuleError) -> ValidationContext {
    let context = try validate()
    if level == .full {
      let defined = UInt32(importedFunctionCount)..<UInt32(functionCount)
      try validateBodies(of: Array(defined), context: context)
    }
    return context
  }

  /// Validates the bodies of the given defined functions against `context` (this module's, from ``validate()``), in
  /// parallel on all cores. Throws the error of the lowest invalid function index, its message naming the function.
  public func validateBodies(of functions: [FunctionIndex], context: ValidationContext) throws(ModuleError) {
    let validator = FunctionBodyValidator(context: context)
    let sorted = functions.sorted()
    // Chunks of consecutive functions, many more than cores so that a few large bodies do not leave cores idle.
    let chunkSize = Swift.max(1, sorted.count / 256)
    let chunks = (sorted.count + chunkSize - 1) / chunkSize
    let failures = ChunkFailures(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      for index in sorted[(chunk * chunkSize)..<Swift.min(sorted.count, (chunk + 1) * chunkSize)] {
        do throws(ModuleError) {
          try validateBody(ofFunction: index, with: validator)
        } catch {
          failures[chunk] = error
          return
        }
      }
    }
    if let failure = failures.first { throw failure }
  }

  private func validateBody(ofFunction index: FunctionIndex, with validator: FunctionBodyValidator)
    throws(ModuleError)
  {
    guard let body = body(ofFunction: index), let type = functionType(at: index) else {
      throw ModuleError(offset: nil, "function \(index) has no body to validate")
    }
    do {
      try validator.validate(body: body, type: type)
    } catch {
      throw ModuleError(offset: error.offset, "function \(index): \(error.message)")
    }
  }
}

/// The first error of each chunk of a parallel validation: every chunk writes only its own slot, and the slots are
/// read after `concurrentPerform` has returned, so no slot is ever accessed by two threads at once.
private final class ChunkFailures: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<ModuleError?>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  subscript(chunk: Int) -> ModuleError? {
    get { slots[chunk] }
    set { slots[chunk] = newValue }
  }

  /// The error of the first chunk that failed.
  var first: ModuleError? { slots.lazy.compactMap { $0 }.first }
}
