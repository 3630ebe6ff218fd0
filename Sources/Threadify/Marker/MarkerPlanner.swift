import MarkerFormat
import ThreadifyRules
import WasmBinary

/// What the marker section records for a rule set: its name and version, the host's duties declared by the rule
/// set's `host` key (with export names resolved), where the thread state lives (by the symbols' roles), and the
/// reservation made.
struct MarkerPlanner {
  let rules: RuleSet
  let bound: [BoundSymbol]
  /// Every `{name}` constant in force: params, value symbols, reserved addresses.
  let constants: [String: Int64]
  /// The exports of the patched module.
  let exports: [PlannedExport]

  func marker(reserved: ThreadMarker.Reserved?) -> ThreadMarker {
    func export(of name: String) -> String? {
      rules.functions.first { $0.name == name }?.export ?? rules.symbols.first { $0.name == name }?.export
    }
    let start = rules.start.flatMap { start -> ThreadMarker.Start? in
      guard start.mode.isExported, let name = export(of: start.function) else { return nil }
      return ThreadMarker.Start(
        call: Self.call(start.mode), export: name,
        arguments: (rules.host?.startArguments ?? []).map(Self.argument))
    }
    let spawn = rules.host?.spawn.map {
      ThreadMarker.Spawn(
        module: $0.module, name: $0.name, params: $0.type.parameters.map(TypeSyntax.describe),
        results: $0.type.results.map(TypeSyntax.describe), returns: $0.returns, error: $0.error)
    }
    let destroy = rules.host?.destroy.flatMap { destroy -> ThreadMarker.Destroy? in
      export(of: destroy.function).map {
        ThreadMarker.Destroy(
          export: $0, ownArguments: destroy.ownArguments, otherArguments: destroy.otherArguments.map(Self.argument))
      }
    }
    return ThreadMarker(
      rules: rules.name, version: rules.version, start: start, spawn: spawn, destroy: destroy, globals: globals(),
      reserved: reserved)
  }

  /// The marker's start call for an exported start mode.
  private static func call(_ mode: StartRule.Mode) -> ThreadMarker.Start.Call {
    switch mode {
    case .otherInstances: .otherInstances
    case .hostAllocates: .hostAllocates
    case .exported, .startSection: .everyInstance
    }
  }

  /// The globals and sizes the rule set's symbol roles name; `nil` when it names none.
  private func globals() -> ThreadMarker.Globals? {
    let stackSize: Int64? =
      switch rules.host?.stackSize {
      case .literal(let value)?: value
      case .constant(let name)?: constants[name]
      case nil: nil
      }
    let globals = ThreadMarker.Globals(
      stackPointer: global(withRole: .stackPointer), tlsBase: global(withRole: .tlsBase),
      tlsSize: value(withRole: .tlsSize), tlsAlign: value(withRole: .tlsAlign), stackSize: stackSize,
      dataEnd: value(withRole: .dataEnd), heapBase: value(withRole: .heapBase))
    return globals == ThreadMarker.Globals() ? nil : globals
  }

  private func binding(withRole role: SymbolRole) -> BoundItem? {
    rules.symbol(withRole: role).flatMap { symbol in bound.first { $0.name == symbol.name }?.item }
  }

  private func global(withRole role: SymbolRole) -> ThreadMarker.Global? {
    guard case .global(let index)? = binding(withRole: role) else { return nil }
    let name = exports.first { $0.descriptor == .global(index) }?.name
    return ThreadMarker.Global(index: index, export: name)
  }

  private func value(withRole role: SymbolRole) -> Int64? {
    guard case .value(let value, _)? = binding(withRole: role) else { return nil }
    return value
  }

  private static func argument(_ argument: HostArgument) -> ThreadMarker.Argument {
    switch argument {
    case .literal(let value): .literal(value)
    // The rule parser admits only the roles the marker knows (HostArgument.roles).
    case .role(let role): ThreadMarker.Role(rawValue: role).map(ThreadMarker.Argument.role) ?? .literal(0)
    case .exportedGlobal(let name): .exportedGlobal(name)
    }
  }
}
