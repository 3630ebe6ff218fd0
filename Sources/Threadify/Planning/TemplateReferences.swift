import ThreadifyRules
import WasmBinary

/// What a rule set's templates need from the module's index spaces beyond their own names: the function types
/// their indirect calls name, and the functions their `ref.func`s take, which the output must declare.
struct TemplateReferences {
  /// Every signature of a `call_indirect` / `return_call_indirect`, in first-use order (functions, then rewrites).
  let signatures: [FunctionType]
  /// The names `ref.func` takes, in first-use order, both branches of every `@if` included.
  let referencedFunctions: [String]

  init(rules: RuleSet) {
    var signatures: [FunctionType] = []
    var functions: [String] = []
    func collect(_ items: [TemplateItem]) {
      for item in items {
        switch item {
        case .instruction(let instruction):
          for operand in instruction.operands {
            if case .signature(let type) = operand, !signatures.contains(type) { signatures.append(type) }
          }
          if instruction.info.effect == .refFunc, case .reference(let name) = instruction.operands.first,
            !functions.contains(name)
          {
            functions.append(name)
          }
        case .conditional(_, let then, let otherwise, _):
          collect(then)
          collect(otherwise)
        }
      }
    }
    for function in rules.functions { collect(function.body) }
    for rewrite in rules.rewrites { collect(rewrite.replacement) }
    self.signatures = signatures
    self.referencedFunctions = functions
  }

  /// The signatures the module lacks, in the order the patch appends them to its type section (before the types of
  /// injected functions).
  func addedTypes(for module: WasmModule) -> [FunctionType] {
    signatures.filter { !module.types.contains($0) }
  }

  /// The type index of each signature once ``addedTypes(for:)`` are appended: the module's own when it has one.
  func typeIndices(in module: WasmModule) -> [FunctionType: TypeIndex] {
    var indices: [FunctionType: TypeIndex] = [:]
    for (offset, type) in addedTypes(for: module).enumerated() {
      indices[type] = TypeIndex(module.types.count + offset)
    }
    for type in signatures {
      if let existing = module.types.firstIndex(of: type) { indices[type] = TypeIndex(existing) }
    }
    return indices
  }
}
