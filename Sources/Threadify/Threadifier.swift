import ThreadifyRules
import WasmBinary

/// The library's entry point: plan a patch of a module under a rule set, apply it, or do both.
public enum Threadifier {
  /// Validates the module, screens it, binds the rule set's symbols, lays out the reservation and instantiates every
  /// template. Nothing is written; the plan says exactly what ``apply(_:to:)`` will do.
  ///
  /// - Parameters:
  ///   - params: param values (see `RuleSet.paramValues(overrides:)`); missing ones take their default.
  ///   - validation: ``ValidationLevel/module`` validates everything outside the function bodies;
  ///     ``ValidationLevel/full`` (the default) every function body too. An invalid module is
  ///     ``PatchError/malformed(_:)``.
  public static func plan(
    _ module: WasmModule, rules: RuleSet, params: [String: Int64] = [:], validation: ValidationLevel = .full
  ) throws(PatchError) -> PatchPlan {
    let context: ValidationContext
    do {
      context = try module.validate()
    } catch {
      throw .malformed(error)
    }
    let plan = try Planner(module: module, rules: rules, params: params).plan()
    if validation == .full { try InputValidation.validateBodies(of: module, context: context, plan: plan) }
    return plan
  }

  /// Applies a plan made for `module`, returning the patched module's bytes. Untouched sections and function
  /// bodies are copied byte for byte, except debug sections the patch would make stale, which are dropped
  /// (``image(_:of:)`` returns the warnings that name them). The output is read back and checked before it is returned.
  public static func apply(_ plan: PatchPlan, to module: WasmModule) throws(PatchError) -> [UInt8] {
    let image = try image(plan, of: module)
    let output = image.bytes
    try verify(ModuleBytes(output), writtenFrom: image, of: module, plan: plan)
    return output
  }

  /// Applies a plan made for `module` without assembling the output: untouched sections and function bodies stay
  /// ranges of the input. The caller writes the image out, then passes what it wrote to
  /// ``verify(_:writtenFrom:of:plan:)``.
  /// With `sourceMapURL`, the output's `sourceMappingURL` section names it (for a source map rewritten for the output).
  public static func image(_ plan: PatchPlan, of module: WasmModule, sourceMapURL: String? = nil) throws(PatchError)
    -> ModuleImage
  {
    var editor = try editor(applying: plan, to: module)
    if let sourceMapURL { editor.setSourceMapURL(sourceMapURL) }
    return editor.image()
  }

  /// An editor holding every edit of `plan`, not yet written.
  static func editor(applying plan: PatchPlan, to module: WasmModule) throws(PatchError) -> ModuleEditor {
    var editor = ModuleEditor(module)
    for type in plan.addedTypes { _ = editor.addType(type) }
    editor.declareFunctionReferences(plan.declaredFunctions)
    for global in plan.globals {
      let index = editor.addGlobal(global.type, initializer: global.initializer, name: global.debugName)
      assert(index == global.index, "planned global index must match the appended one")
    }
    for function in plan.functions {
      let index = editor.addFunction(
        type: function.type, locals: function.locals, body: function.body,
        name: function.debugName, localNames: function.localNames)
      assert(index == function.index, "planned function index must match the appended one")
    }
    for rewritten in plan.rewrittenBodies { editor.replaceBody(ofFunction: rewritten.index, with: rewritten.rewrite) }
    for name in plan.removedExports { editor.removeExports(named: name) }
    for export in plan.addedExports {
      do {
        try editor.addExport(name: export.name, export.descriptor)
      } catch {
        throw .invalidEdit("cannot export `\(export.name)`: \(error.message)")
      }
    }
    if plan.start != module.start { editor.setStart(plan.start) }
    if plan.memoryAfter != plan.memoryBefore { editor.setMemoryLimits(ofMemory: 0, plan.memoryAfter) }
    if let marker = plan.marker { editor.setCustomSection(name: marker.name, payload: marker.content.payload) }
    return editor
  }

  /// Reads a patched module back, validates it (everything outside the function bodies, and every body the patch
  /// wrote) and checks it against its plan: a failure is a bug in wasm-threadify, and the output must not be used.
  /// `output` was written from `image`, made for `module`: what the image copied from `module` was checked when
  /// `module` was read and is not decoded again.
  public static func verify(
    _ output: ModuleBytes, writtenFrom image: ModuleImage, of module: WasmModule, plan: PatchPlan
  )
    throws(PatchError)
  {
    try OutputCheck.verify(output, writtenFrom: image, of: module, plan: plan)
  }

  /// Reads, validates, plans and applies in one step.
  public static func patch(
    _ bytes: [UInt8], rules: RuleSet, params: [String: Int64] = [:], validation: ValidationLevel = .full
  ) throws(PatchError) -> [UInt8] {
    let module: WasmModule
    do {
      module = try WasmModule(bytes: bytes)
    } catch {
      throw .malformed(error)
    }
    return try apply(plan(module, rules: rules, params: params, validation: validation), to: module)
  }
}
