import MarkerFormat
import ThreadifyRules
import WasmBinary

/// Binds a rule set to a module and decides every edit: the rule interpreter.
struct Planner {
  let module: WasmModule
  let rules: RuleSet
  let params: [String: Int64]

  /// What binding the rule set to the module found: everything a plan needs before any template is instantiated.
  struct Binding {
    var bound: [BoundSymbol]
    var unbound: [String]
    var memoryBefore: Limits
    var reservation: ReservationLayout
  }

  /// Screens the module, binds the symbols, runs the checks and lays out the reservation; no function body is
  /// decoded but those the checks scan. Throws the first reason the rule set does not bind.
  func bind() throws(PatchError) -> Binding {
    if let base = rules.base {
      throw .unusableRuleSet(
        "\(base): rule set \(rules.name) is a base (`base: true`): it describes modules (for inspect) but does not "
          + "patch them; patch with a rule set that extends it")
    }
    try ModuleScreening.check(rules, module: module)

    let binder = SymbolBinder(module: module)
    var bound: [BoundSymbol] = []
    var unbound: [String] = []
    // A binding failure is thrown after the checks: a module that fails a check (a broken toolchain output) is
    // refused for that, whatever else it lacks.
    var bindingFailure: PatchError?
    for symbol in rules.symbols {
      do {
        if let symbolBinding = try binder.bind(symbol) {
          bound.append(symbolBinding)
        } else {
          unbound.append(symbol.name)
        }
      } catch {
        bindingFailure = bindingFailure ?? error
      }
    }

    let paramsInForce = Dictionary(
      uniqueKeysWithValues: rules.params.map { ($0.name, params[$0.name] ?? $0.defaultValue) })
    let checks = CheckRunner(
      module: module, rules: rules, bound: Dictionary(uniqueKeysWithValues: bound.map { ($0.name, $0) }),
      params: paramsInForce)
    if let failure = try checks.firstFailure() { throw failure }
    if let bindingFailure { throw bindingFailure }

    guard let memoryBefore = module.memories.first?.type else {
      throw .requirementFailed(
        message: "the module has no memory: nothing to thread", hint: rules.requirements.hints["count"])
    }
    // Templates address memory with the declared address type (i32 when undeclared): a memory64 needs i64.
    if memoryBefore.isMemory64, rules.requirements.address != .i64, !rules.functions.isEmpty || !rules.rewrites.isEmpty
    {
      throw .requirementFailed(
        message: "memory 0 is a memory64, and rule set \(rules.name)'s templates address a 32-bit memory "
          + "(its requires.memory.address is \(rules.requirements.address?.rawValue ?? "not declared, so i32"))",
        hint: rules.requirements.hints["address"])
    }
    let reservation = try ReservationLayout(rules.reservation, memory: memoryBefore, hint: rules.requirements.hints)
    return Binding(bound: bound, unbound: unbound, memoryBefore: memoryBefore, reservation: reservation)
  }

  func plan() throws(PatchError) -> PatchPlan {
    let binding = try bind()
    let (bound, reservation) = (binding.bound, binding.reservation)
    let paramValues = rules.params.map { NamedValue(name: $0.name, value: params[$0.name] ?? $0.defaultValue) }

    var scope = TemplateBindings()
    if binding.memoryBefore.isMemory64 { scope.maxOffset = UInt64.max }
    for value in paramValues {
      scope.constants[value.name] = value.value
      if value.value != 0 { scope.holding.insert(value.name) }
    }
    for address in reservation.addresses { scope.constants[address.name] = address.value }
    for symbol in bound {
      scope.holding.insert(symbol.name)
      switch symbol.item {
      case .global(let index): scope.globals[symbol.name] = index
      case .function(let index): scope.functions[symbol.name] = index
      case .value(let value, _): scope.constants[symbol.name] = value
      case .table(let index): scope.tables[symbol.name] = index
      }
    }
    let references = TemplateReferences(rules: rules)
    scope.typeIndices = references.typeIndices(in: module)

    let globals = try plannedGlobals(scope: scope)
    for global in globals { scope.globals[global.name] = global.index }
    for (offset, function) in rules.functions.enumerated() {
      scope.functions[function.name] = UInt32(module.functionCount + offset)
    }
    let functions = try rules.functions.map { (function) throws(PatchError) in
      try plannedFunction(function, scope: scope)
    }

    let rewrites = try RewritePlanner(module: module, rules: rules, scope: scope).plan()
    let exports = try ExportPlanner(module: module, rules: rules, bound: bound, globals: globals, functions: functions)
    let start: FunctionIndex? =
      switch rules.start?.mode {
      case nil: module.start
      case .startSection: scope.functions[rules.start!.function]
      case .exported: nil
      case .otherInstances, .hostAllocates: module.start
      }
    let outputExports =
      module.exports.filter { !exports.removed.contains($0.name) }.map {
        PlannedExport(name: $0.name, descriptor: $0.descriptor)
      } + exports.added
    let markerPlanner = MarkerPlanner(
      rules: rules, bound: bound, constants: scope.constants, exports: outputExports)

    return PatchPlan(
      ruleSet: rules.name, ruleSetVersion: rules.version, symbols: bound, unboundSymbols: binding.unbound,
      params: paramValues, reservedAddresses: reservation.addresses, memoryBefore: binding.memoryBefore,
      memoryAfter: reservation.memoryAfter, addedTypes: references.addedTypes(for: module),
      declaredFunctions: references.referencedFunctions.compactMap { scope.functions[$0] }, globals: globals,
      functions: functions,
      removedExports: exports.removed, addedExports: exports.added, rewrittenBodies: rewrites.bodies,
      rewrites: rewrites.summaries, start: start,
      marker: rules.marker.map {
        PlannedMarker(name: $0, content: markerPlanner.marker(reserved: reservation.reserved))
      })
  }

  private func plannedGlobals(scope: TemplateBindings) throws(PatchError) -> [PlannedGlobal] {
    try rules.globals.enumerated().map { (offset, global) throws(PatchError) in
      let value: Int64
      switch global.initialValue {
      case .literal(let literal): value = literal
      case .constant(let name):
        guard let constant = scope.constants[name] else {
          throw .invalidEdit("\(global.location): global `\(global.name)`: `{\(name)}` has no value in this module")
        }
        value = constant
      }
      let initializer: ConstantInitializer
      if global.type.valueType == .i64 {
        initializer = .i64(value)
      } else if let narrow = Int32(exactly: value) ?? UInt32(exactly: value).map({ Int32(bitPattern: $0) }) {
        initializer = .i32(narrow)
      } else {
        throw .invalidEdit("\(global.location): global `\(global.name)`: \(value) does not fit in i32")
      }
      return PlannedGlobal(
        name: global.name, debugName: (rules.namePrefix ?? "") + global.name,
        index: UInt32(module.globalCount + offset), type: global.type, initializer: initializer)
    }
  }

  private func plannedFunction(_ function: FunctionRule, scope: TemplateBindings) throws(PatchError) -> PlannedFunction
  {
    var local = scope
    local.locals = [:]
    let localNames = function.params.map(\.name) + function.locals.map(\.name)
    for (index, name) in localNames.enumerated() { local.locals[name] = UInt32(index) }
    let body = try TemplateInstantiator(scope: local).encodeBody(function.body)
    return PlannedFunction(
      name: function.name, index: scope.functions[function.name]!, type: function.type,
      locals: function.locals.map(\.type), localNames: localNames,
      debugName: function.debugName ?? (rules.namePrefix ?? "\(rules.marker ?? rules.name).") + function.name,
      body: body)
  }
}
