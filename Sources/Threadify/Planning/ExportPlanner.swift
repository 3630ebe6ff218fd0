import ThreadifyRules
import WasmBinary

/// Decides which exports the patch removes (`unexport`) and adds (`export` of symbols, globals and functions).
struct ExportPlanner {
  private(set) var removed: [String] = []
  private(set) var added: [PlannedExport] = []

  init(
    module: WasmModule, rules: RuleSet, bound: [BoundSymbol], globals: [PlannedGlobal], functions: [PlannedFunction]
  ) throws(PatchError) {
    let boundByName = Dictionary(uniqueKeysWithValues: bound.map { ($0.name, $0) })
    var wanted: [PlannedExport] = []
    for symbol in rules.symbols {
      guard let binding = boundByName[symbol.name], let descriptor = Self.descriptor(of: binding.item) else { continue }
      if symbol.unexport {
        removed += module.exports.filter { $0.descriptor == descriptor }.map(\.name)
      }
      if let name = symbol.export { wanted.append(PlannedExport(name: name, descriptor: descriptor)) }
    }
    for (rule, global) in zip(rules.globals, globals) {
      if let name = rule.export { wanted.append(PlannedExport(name: name, descriptor: .global(global.index))) }
    }
    for (rule, function) in zip(rules.functions, functions) {
      if let name = rule.export { wanted.append(PlannedExport(name: name, descriptor: .function(function.index))) }
    }
    for export in wanted {
      let existing = module.exports.first { $0.name == export.name && !removed.contains($0.name) }
      switch existing?.descriptor {
      case nil: added.append(export)
      case export.descriptor: continue
      case .some:
        throw .invalidEdit("cannot export `\(export.name)`: the module already exports another item under that name")
      }
    }
  }

  /// The export descriptor of a bound item (`nil` for rule-file defaults, which are not in the module).
  private static func descriptor(of item: BoundItem) -> ExportDescriptor? {
    switch item {
    case .global(let index): .global(index)
    case .function(let index): .function(index)
    case .value(_, let global): global.map(ExportDescriptor.global)
    case .table(let index): .table(index)
    }
  }
}
