import WasmBinary

/// Reads a patched module back before it is handed out: a failure here is a bug in wasm-threadify, never an output.
/// The output is validated outside its function bodies, and so is every body the patch wrote (injected functions,
/// rewritten bodies); the bodies it copied are the input's (validated before planning with `--validate full`).
enum OutputCheck {
  static func verify(_ output: ModuleBytes, writtenFrom image: ModuleImage, of input: WasmModule, plan: PatchPlan)
    throws(PatchError)
  {
    let reread: WasmModule
    do {
      reread = try WasmModule(rereading: output, writtenFrom: image, of: input)
    } catch {
      throw .internalError("the patched module does not read back (\(error))")
    }
    let problems = [
      reread.memories.first?.type == plan.memoryAfter ? nil : "memory limits",
      reread.start == plan.start ? nil : "start function",
      plan.functions.allSatisfy { reread.functionType(at: $0.index) == $0.type } ? nil : "injected function types",
      plan.globals.allSatisfy { reread.globalType(at: $0.index) == $0.type } ? nil : "injected global types",
      plan.addedExports.allSatisfy { export in reread.exports.contains { $0.name == export.name } }
        ? nil : "added exports",
      customSectionsKept(reread, writtenFrom: image, input: input, marker: plan.marker?.name) ? nil : "custom sections",
    ].compactMap { $0 }
    guard problems.isEmpty else {
      throw .internalError("the patched module differs from the plan in \(problems.joined(separator: ", "))")
    }
    try validate(reread, plan: plan)
  }

  /// Validates the output's sections and the bodies the patch wrote.
  private static func validate(_ output: WasmModule, plan: PatchPlan) throws(PatchError) {
    do {
      let context = try output.validate()
      try output.validateBodies(
        of: plan.functions.map(\.index) + plan.rewrittenBodies.map(\.index), context: context)
    } catch {
      throw .internalError("the patched module is invalid (\(error))")
    }
  }

  /// Every custom section of the input is still there, in order, with the same payload, except the name section
  /// (which gets the injected names), the marker (added or replaced, after the others when new), the debug
  /// sections the image's warnings say it dropped and those it says it rewrote. A payload the
  /// image copied from the same place in the input is not compared again (a large debug section is never paged in).
  private static func customSectionsKept(
    _ output: WasmModule, writtenFrom image: ModuleImage, input: WasmModule, marker: String?
  ) -> Bool {
    let rewritten = "name"
    let dropped = Set(image.warnings.flatMap(\.droppedSections))
    var expected = input.customSections.filter {
      $0.name != rewritten && !dropped.contains($0.name) && !image.rewrittenSections.contains($0.name)
    }
    if let marker, !expected.contains(where: { $0.name == marker }) { expected.append((marker, ModuleBytes([]))) }
    let found = output.customSections.filter { $0.name != rewritten && !image.rewrittenSections.contains($0.name) }
    guard found.count == expected.count else { return false }
    return zip(found, expected).allSatisfy { found, expected in
      guard found.name == expected.name else { return false }
      if found.name == marker { return true }
      let copiedFrom = image.sourceRange(ofOutput: found.payload.startIndex..<found.payload.endIndex)
      return copiedFrom == expected.payload.startIndex..<expected.payload.endIndex || found.payload == expected.payload
    }
  }
}
