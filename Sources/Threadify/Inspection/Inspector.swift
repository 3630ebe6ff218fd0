import ThreadifyRules
import WasmBinary

/// Describes a module through a rule set's eyes: memories, globals, symbols, layout and a verdict.
///
/// The memory map uses the symbols the rule set calls `stack_pointer`, `data_end`, `heap_base`, `tls_size` and
/// `tls_align` when it defines them (rule-language names, not toolchain names).
public enum Inspector {
  /// Inspects `module` with `rules` (typically the bundled conventions rule set).
  public static func inspect(_ module: WasmModule, rules: RuleSet) -> ModuleReport {
    let binder = SymbolBinder(module: module)
    var symbols: [ModuleReport.Symbol] = []
    var values: [String: Int64] = [:]
    var firstSymbolProblem: PatchError?
    for rule in rules.symbols {
      do {
        if let bound = try binder.bind(rule) {
          symbols.append(symbolReport(bound, module: module))
          values[rule.name] = symbols.last?.value
        } else {
          symbols.append(.init(symbol: rule.name, problem: "not found (optional)"))
        }
      } catch {
        firstSymbolProblem = firstSymbolProblem ?? error
        symbols.append(.init(symbol: rule.name, problem: error.description))
      }
    }
    let stackPointer = symbols.first { $0.symbol == "stack_pointer" && $0.boundTo != nil }
    let patchedWith = module.customSections.first { $0.name == rules.marker }.map {
      String(decoding: $0.payload, as: UTF8.self)
    }
    let layout = MemoryLayout(
      stackTop: stackPointer?.value, dataEnd: values["data_end"], heapBase: values["heap_base"],
      initialPages: module.memories.first?.type.min, reservedPages: rules.reservation?.pages,
      reserved: patchedWith != nil)
    return ModuleReport(
      ruleSet: rules.name,
      verdict: verdict(module, rules: rules, symbolProblem: firstSymbolProblem),
      patchedWith: patchedWith,
      memories: module.memories.enumerated().map { index, memory in
        .init(
          index: index, minPages: memory.type.min, maxPages: memory.type.max, shared: memory.type.shared,
          address: memory.type.isMemory64 ? "i64" : "i32",
          imported: memory.importModule.map { "\($0).\(memory.importName ?? "")" })
      },
      globals: globalReports(module),
      importCounts: Dictionary(grouping: module.imports, by: { $0.descriptor.kindName }).mapValues(\.count),
      imports: module.imports.map { "\($0.module).\($0.name) (\($0.descriptor.kindName))" },
      exports: module.exports.map { "\($0.name) (\($0.descriptor.text))" },
      start: module.start.map { index in
        "function \(index)" + (module.names.function(at: index).map { " `\($0)`" } ?? "")
      },
      symbols: symbols,
      tlsSize: values["tls_size"], tlsAlign: values["tls_align"], stackPointer: stackPointer,
      stackFirst: layout.stackFirst, dataEnd: values["data_end"], heapBase: values["heap_base"],
      memoryMap: layout.regions,
      targetFeatures: module.targetFeatures,
      producers: module.producers.mapValues { $0.map { "\($0.name) \($0.version)" } })
  }

  private static func verdict(_ module: WasmModule, rules: RuleSet, symbolProblem: PatchError?) -> ModuleReport.Verdict
  {
    if let refusal = ModuleScreening.firstRefusal(in: rules, module: module) {
      return .init(flavour: refusal.flavour, readyToPatch: false, reason: refusal.reason)
    }
    guard let memory = module.memories.first else {
      return .init(flavour: "not-threaded", readyToPatch: false, reason: "the module has no memory")
    }
    if module.memories.contains(where: { !$0.type.shared }) {
      return .init(flavour: "not-threaded", readyToPatch: false, reason: "memory is not shared: nothing to thread")
    }
    if let failure = ModuleScreening.requirementFailures(rules.requirements, module: module).first {
      return .init(flavour: "unknown", readyToPatch: false, reason: failure.description)
    }
    if let symbolProblem {
      return .init(flavour: "unknown", readyToPatch: false, reason: symbolProblem.description)
    }
    do {
      _ = try ReservationLayout(rules.reservation, memory: memory.type, hint: rules.requirements.hints)
    } catch {
      return .init(flavour: "unknown", readyToPatch: false, reason: error.description)
    }
    return .init(
      flavour: "ready", readyToPatch: true,
      reason: "threaded LLVM output (shared imported memory, passive data, symbols found): ready to patch")
  }

  private static func symbolReport(_ bound: BoundSymbol, module: WasmModule) -> ModuleReport.Symbol {
    switch bound.item {
    case .global(let index):
      return .init(
        symbol: bound.name, boundTo: bound.item.text, via: bound.matchedBy,
        value: module.constantInitializer(ofGlobal: index))
    case .function:
      return .init(symbol: bound.name, boundTo: bound.item.text, via: bound.matchedBy)
    case .value(let value, let global):
      return .init(
        symbol: bound.name, boundTo: global.map { "global \($0)" } ?? "default", via: bound.matchedBy, value: value)
    }
  }

  private static func globalReports(_ module: WasmModule) -> [ModuleReport.Global] {
    var importedNames: [String] = []
    for entry in module.imports {
      if case .global = entry.descriptor { importedNames.append("\(entry.module).\(entry.name)") }
    }
    return (0..<module.globalCount).map { offset in
      let index = UInt32(offset)
      return .init(
        index: index, name: module.names.global(at: index),
        type: module.globalType(at: index).map(TypeSyntax.describe) ?? "?",
        imported: offset < importedNames.count ? importedNames[offset] : nil,
        initialValue: module.constantInitializer(ofGlobal: index),
        exportedAs: module.exports.filter { $0.descriptor == .global(index) }.map(\.name))
    }
  }
}

extension ImportDescriptor {
  /// `function`, `table`, `memory`, `global` or `tag`.
  var kindName: String {
    switch self {
    case .function: "function"
    case .table: "table"
    case .memory: "memory"
    case .global: "global"
    case .tag: "tag"
    }
  }
}
