import MarkerFormat
import ThreadifyRules
import WasmBinary

/// Describes a module through a rule set's eyes: memories, globals, symbols, layout and a verdict.
///
/// The memory map and TLS line use the symbols the rule set gives a ``SymbolRole`` (stack pointer, data end, heap
/// base, TLS size and alignment): which symbol plays which part is the rule file's to say.
public enum Inspector {
  /// Inspects `module` with `rules`. A rule set that patches is the one candidate, as `patch --rules` would use it;
  /// a base (typically ``BundledRules/conventions()``) describes the module, and the verdict is what `patch`
  /// without `--rules` would do with the bundled rule sets (``BundledRules/patching()``).
  public static func inspect(_ module: WasmModule, rules: RuleSet) -> ModuleReport {
    guard rules.base != nil else { return inspect(module, rules: rules, candidates: [rules], named: true) }
    return inspect(module, rules: rules, selectingAmong: (try? BundledRules.patching()) ?? [])
  }

  /// Inspects `module` with `rules` (a base or not); the verdict is what automatic selection among `candidates`
  /// would do: `ready` when exactly one automatic candidate binds, `ambiguous` when several do, `by-name-only` when
  /// only candidates that must be named bind, else the first reason (`no-rule-set` when `rules` saw nothing wrong).
  public static func inspect(_ module: WasmModule, rules: RuleSet, selectingAmong candidates: [RuleSet])
    -> ModuleReport
  {
    inspect(module, rules: rules, candidates: candidates, named: false)
  }

  private static func inspect(_ module: WasmModule, rules: RuleSet, candidates: [RuleSet], named: Bool)
    -> ModuleReport
  {
    let binder = SymbolBinder(module: module)
    var symbols: [ModuleReport.Symbol] = []
    var values: [SymbolRole: Int64] = [:]
    var stackPointer: ModuleReport.Symbol?
    var firstSymbolProblem: PatchError?
    var bound: [String: BoundSymbol] = [:]
    for rule in rules.symbols {
      do {
        if let binding = try binder.bind(rule) {
          bound[rule.name] = binding
          symbols.append(symbolReport(binding, module: module))
          if let role = rule.role {
            values[role] = symbols.last?.value
            if role == .stackPointer { stackPointer = symbols.last }
          }
        } else {
          symbols.append(.init(symbol: rule.name, problem: "not found (optional)"))
        }
      } catch {
        firstSymbolProblem = firstSymbolProblem ?? error
        symbols.append(.init(symbol: rule.name, problem: error.description))
      }
    }
    // The marker is read first, whatever its section's name: a patched module is "already patched" before any
    // refusal of the rule set looks at it (its injected exports may match one).
    let markerSection = (try? ThreadMarker.section(among: module.customSections)) ?? nil
    let marker = markerSection.flatMap { try? ThreadMarker(payload: $0.payload) }
    let patchedWith = markerSection.map { section in
      marker.map { "rules=\($0.rules) version=\($0.version)" } ?? String(decoding: section.payload, as: UTF8.self)
    }
    // A patched module's reservation is the one its marker records (none when the patch reserved nothing); an
    // unpatched module's is where this rule set would reserve.
    let reservedPages = marker.map { $0.reserved.map { Int($0.pages) } } ?? rules.reservation?.pages
    let layout = LinkerMemoryLayout(
      stackTop: stackPointer?.value, dataEnd: values[.dataEnd], heapBase: values[.heapBase],
      initialPages: module.memories.first?.type.min, reservedPages: reservedPages,
      reserved: patchedWith != nil)
    let described =
      ModuleScreening.markerRefusal(module).map {
        ModuleReport.Verdict(flavour: ModuleScreening.alreadyPatched, readyToPatch: false, reason: $0)
      } ?? verdict(module, rules: rules, symbolProblem: firstSymbolProblem, bound: bound)
    let selection = RuleSetSelection(module, among: candidates)
    return ModuleReport(
      ruleSet: rules.name,
      verdict: SelectionVerdict.verdict(described: described, candidates: selection.candidates, named: named),
      ruleSets: selection.candidates,
      selectedRuleSet: named ? selection.binding.first?.ruleSet : (try? selection.chosen())?.name,
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
      tlsSize: values[.tlsSize], tlsAlign: values[.tlsAlign], stackPointer: stackPointer,
      stackFirst: layout.stackFirst, dataEnd: values[.dataEnd], heapBase: values[.heapBase],
      memoryMap: layout.regions,
      targetFeatures: module.targetFeatures,
      producers: module.producers.mapValues { $0.map { "\($0.name) \($0.version)" } })
  }

  private static func verdict(
    _ module: WasmModule, rules: RuleSet, symbolProblem: PatchError?, bound: [String: BoundSymbol]
  ) -> ModuleReport.Verdict {
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
    let params = Dictionary(uniqueKeysWithValues: rules.params.map { ($0.name, $0.defaultValue) })
    do {
      if case .refused(let flavour, let reason)? = try CheckRunner(
        module: module, rules: rules, bound: bound, params: params
      ).firstFailure() {
        return .init(flavour: flavour, readyToPatch: false, reason: reason)
      }
    } catch {
      return .init(flavour: "unknown", readyToPatch: false, reason: error.description)
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
    case .function, .table:
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
