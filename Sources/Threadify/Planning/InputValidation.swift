import WasmBinary

/// `--validate full`: every function body of the input is validated before anything is written, against the index
/// spaces the output will have. Those differ in one way a copied body can feel: an export the plan removes no longer
/// declares its function for `ref.func`.
enum InputValidation {
  /// Validates every defined function's body of `module` (whose sections gave `context`) for the output of `plan`.
  /// An invalid body is ``PatchError/malformed(_:)``; a body valid only while a removed export declares its
  /// `ref.func` target is ``PatchError/invalidEdit(_:)``.
  static func validateBodies(of module: WasmModule, context: ValidationContext, plan: PatchPlan) throws(PatchError) {
    let defined = Array(UInt32(module.importedFunctionCount)..<UInt32(module.functionCount))
    do {
      try module.validateBodies(of: defined, context: try outputContext(module, context, plan))
    } catch {
      // Invalid in the input too, or only once the plan's exports are gone?
      guard !plan.removedExports.isEmpty else { throw .malformed(error) }
      do {
        try module.validateBodies(of: defined, context: context)
      } catch let inputError {
        throw .malformed(inputError)
      }
      throw .invalidEdit(
        "the rule set removes the exports \(plan.removedExports), and a function body names one of their functions "
          + "with `ref.func`, which would then be undeclared (\(error))")
    }
  }

  /// The input's index spaces with the declarations for `ref.func` the output keeps: the removed exports' functions
  /// are declared only if something else declares them or an added export does.
  private static func outputContext(_ module: WasmModule, _ context: ValidationContext, _ plan: PatchPlan)
    throws(ModuleError) -> ValidationContext
  {
    guard !plan.removedExports.isEmpty else { return context }
    var output = context
    output.declaredFunctionReferences = try module.validate(declaringExportsExcept: Set(plan.removedExports))
      .declaredFunctionReferences
    for export in plan.addedExports {
      if case .function(let index) = export.descriptor { output.declaredFunctionReferences.insert(index) }
    }
    return output
  }
}
