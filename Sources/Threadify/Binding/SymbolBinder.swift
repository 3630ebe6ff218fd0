import ThreadifyRules
import WasmBinary

/// Binds the rule set's symbols to items of a module, trying each symbol's lookups in order.
struct SymbolBinder {
  let module: WasmModule

  /// Binds one symbol. Returns `nil` when nothing matched and the symbol is optional (or has a default);
  /// throws when a required symbol is missing, a heuristic is ambiguous, or the item has the wrong type.
  func bind(_ symbol: SymbolRule) throws(PatchError) -> BoundSymbol? {
    var tried: [String] = []
    for (lookup, _) in symbol.lookups {
      let description = Self.describe(lookup)
      tried.append(description)
      guard let index = try find(lookup, for: symbol) else { continue }
      return try checked(symbol, index: index, matchedBy: description)
    }
    if let value = symbol.defaultValue {
      return BoundSymbol(name: symbol.name, item: .value(value, global: nil), matchedBy: "default \(value)")
    }
    if symbol.optional { return nil }
    throw .symbolNotFound(symbol: symbol.name, tried: tried, hint: symbol.hint)
  }

  /// The index a lookup finds: a function index for function symbols, a table index for tables, a global index
  /// otherwise.
  private func find(_ lookup: Lookup, for symbol: SymbolRule) throws(PatchError) -> UInt32? {
    if case .table = symbol.kind { return findTable(lookup) }
    let wantsFunction = if case .function = symbol.kind { true } else { false }
    switch lookup {
    case .export(let name):
      for export in module.exports where export.name == name {
        switch export.descriptor {
        case .function(let index) where wantsFunction: return index
        case .global(let index) where !wantsFunction: return index
        default: continue
        }
      }
      return nil
    case .import(let moduleName, let name):
      return importIndex(module: moduleName, name: name, function: wantsFunction)
    case .name(let name):
      return wantsFunction ? module.names.functionIndex(named: name) : module.names.globalIndex(named: name)
    case .start:
      return wantsFunction ? module.start : nil
    case .heuristic(let heuristic):
      return try Heuristics.apply(heuristic, to: module, symbol: symbol)
    case .index, .only:
      return nil
    }
  }

  /// The table a lookup finds (the rule parser allows tables only `export`, `import`, `index` and `only`).
  private func findTable(_ lookup: Lookup) -> TableIndex? {
    let types = tableTypes
    switch lookup {
    case .export(let name):
      for export in module.exports where export.name == name {
        if case .table(let index) = export.descriptor { return index }
      }
      return nil
    case .import(let moduleName, let name):
      var index: TableIndex = 0
      for entry in module.imports {
        guard case .table = entry.descriptor else { continue }
        if entry.module == moduleName, entry.name == name { return index }
        index += 1
      }
      return nil
    case .index(let index):
      return Int(index) < types.count ? index : nil
    case .only:
      return types.count == 1 ? 0 : nil
    case .name, .start, .heuristic:
      return nil
    }
  }

  /// The types of the table index space: imported tables, then defined ones.
  private var tableTypes: [TableType] {
    module.imports.compactMap { if case .table(let type) = $0.descriptor { type } else { nil } }
      + module.tables.map(\.type)
  }

  private func importIndex(module moduleName: String, name: String, function: Bool) -> UInt32? {
    var functionIndex: UInt32 = 0
    var globalIndex: UInt32 = 0
    for entry in module.imports {
      switch entry.descriptor {
      case .function:
        if function, entry.module == moduleName, entry.name == name { return functionIndex }
        functionIndex += 1
      case .global:
        if !function, entry.module == moduleName, entry.name == name { return globalIndex }
        globalIndex += 1
      default:
        continue
      }
    }
    return nil
  }

  private func checked(_ symbol: SymbolRule, index: UInt32, matchedBy: String) throws(PatchError) -> BoundSymbol {
    switch symbol.kind {
    case .function(let expected):
      guard let type = module.functionType(at: index) else {
        throw .symbolMismatch(symbol: symbol.name, found: "function \(index)", problem: "does not exist")
      }
      guard type == expected else {
        throw .symbolMismatch(
          symbol: symbol.name, found: "function \(index) (\(matchedBy))",
          problem: "has type \(TypeSyntax.describe(type)), expected \(TypeSyntax.describe(expected))")
      }
      return BoundSymbol(name: symbol.name, item: .function(index), matchedBy: matchedBy)
    case .global(let expected):
      guard let type = module.globalType(at: index) else {
        throw .symbolMismatch(symbol: symbol.name, found: "global \(index)", problem: "does not exist")
      }
      guard type == expected else {
        throw .symbolMismatch(
          symbol: symbol.name, found: "global \(index) (\(matchedBy))",
          problem: "is \(TypeSyntax.describe(type)), expected \(TypeSyntax.describe(expected))")
      }
      return BoundSymbol(name: symbol.name, item: .global(index), matchedBy: matchedBy)
    case .value:
      guard let value = module.constantInitializer(ofGlobal: index) else {
        throw .symbolMismatch(
          symbol: symbol.name, found: "global \(index) (\(matchedBy))",
          problem: "has no constant initialiser to read a value from")
      }
      return BoundSymbol(name: symbol.name, item: .value(value, global: index), matchedBy: matchedBy)
    case .table(let expected):
      let type = tableTypes[Int(index)]
      let found = TableSymbolType(
        element: .ref(type.elementType), index: type.limits.isMemory64 ? .i64 : .i32)
      guard found == expected else {
        throw .symbolMismatch(
          symbol: symbol.name, found: "table \(index) (\(matchedBy))",
          problem: "is \(TypeSyntax.describe(found)), expected \(TypeSyntax.describe(expected))")
      }
      return BoundSymbol(name: symbol.name, item: .table(index), matchedBy: matchedBy)
    }
  }

  /// A lookup in words, as printed in "tried: ..." lists and binding tables.
  static func describe(_ lookup: Lookup) -> String {
    switch lookup {
    case .export(let name): "export `\(name)`"
    case .import(let module, let name): "import `\(module).\(name)`"
    case .name(let name): "name `\(name)`"
    case .start: "start function"
    case .heuristic(let heuristic): "heuristic \(heuristic.rawValue)"
    case .index(let index): "index \(index)"
    case .only: "the only one"
    }
  }
}
