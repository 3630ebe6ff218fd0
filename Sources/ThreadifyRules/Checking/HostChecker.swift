/// Checks `host` against the merged rule file: the start arguments match the exported start function (also without
/// `host`, when they are none), a spawn import comes with a start entered on other instances, the destroy
/// routine is an exported injected function taking one argument per entry, and every global a leader reads from
/// another thread is exported. Names of rule globals and symbols become the export names hosts read.
enum HostChecker {
  static func check(
    _ host: HostDeclaration, start: StartRule?, functions: [FunctionRule], file: RuleFile, namespace: Namespace
  ) throws(RuleError) -> HostRule {
    var rule = host.rule
    let exportedStart = start.flatMap { $0.mode.isExported ? $0 : nil }
    let startParams =
      exportedStart.flatMap { start in
        if let function = functions.first(where: { $0.name == start.function }) { return function.params.count }
        // The start may be a function symbol (an exported init routine of the module's own).
        guard let symbol = file.symbols.first(where: { $0.name == start.function }),
          case .function(let type) = symbol.kind
        else { return nil }
        return type.parameters.count
      } ?? 0
    if start?.mode == .hostAllocates {
      guard rule.startArguments.isEmpty else {
        throw RuleError(
          host.startArgumentsLocation ?? rule.location,
          "'start_args' in host must be empty with start mode 'host-allocates': the host, not the marker, supplies "
            + "that entry's arguments")
      }
    } else if rule.startArguments.count != startParams {
      throw RuleError(
        host.startArgumentsLocation ?? start?.location ?? rule.location,
        "'start_args' in host gives \(rule.startArguments.count) argument(s), but the exported start function takes "
          + "\(startParams)" + (exportedStart == nil ? " (the start is not exported)" : ""))
    }
    try checkSpawn(host, start: start)
    if case .constant(let name)? = rule.stackSize, namespace[name]?.isConstant != true {
      throw RuleError(
        host.stackSizeLocation ?? rule.location,
        "'stack_size' in host names '{\(name)}', which is not a param, value symbol or reserved item"
          + Names.hint(for: name, among: namespace.names(where: \.isConstant), prefix: "{", suffix: "}"))
    }
    guard var destroy = rule.destroy else { return rule }
    let functionLocation = host.destroyFunctionLocation ?? destroy.location
    guard let function = functions.first(where: { $0.name == destroy.function }) else {
      throw RuleError(
        functionLocation,
        "'function' in host.destroy names '\(destroy.function)', which is not a function of this rule set"
          + Names.hint(for: destroy.function, among: functions.map(\.name)))
    }
    guard function.export != nil else {
      throw RuleError(functionLocation, "host.destroy function '\(function.name)' needs an 'export' name")
    }
    for (list, count, location) in [
      ("self", destroy.ownArguments.count, host.ownArgumentsLocation),
      ("other", destroy.otherArguments.count, host.otherArgumentsLocation),
    ] where count != function.params.count {
      throw RuleError(
        location ?? destroy.location,
        "'\(list)' in host.destroy gives \(count) argument(s), but function '\(function.name)' takes "
          + "\(function.params.count)")
    }
    for index in destroy.otherArguments.indices {
      guard case .exportedGlobal(let name) = destroy.otherArguments[index] else { continue }
      guard let export = exportName(ofGlobal: name, in: file) else {
        throw RuleError(
          host.otherArgumentLocations[index],
          "'other' in host.destroy names '\(name)', which is not an exported global or global symbol of this rule set"
            + " (give it an 'export' name)")
      }
      destroy.otherArguments[index] = .exportedGlobal(export)
    }
    rule.destroy = destroy
    return rule
  }

  /// A `spawn` needs a start entered on every other instance (mode `other-instances`); `spawn_arg` needs a `spawn`.
  private static func checkSpawn(_ host: HostDeclaration, start: StartRule?) throws(RuleError) {
    let rule = host.rule
    if rule.spawn != nil, start?.mode != .otherInstances {
      throw RuleError(
        host.spawnLocation ?? rule.location,
        "'spawn' in host needs start mode 'other-instances': a thread the program spawns is entered through the "
          + "exported start with the spawn argument")
    }
    if rule.spawn == nil,
      let index = rule.startArguments.firstIndex(of: .role(HostArgument.spawnArgumentRole))
    {
      throw RuleError(
        host.startArgumentLocations[index],
        "'\(HostArgument.spawnArgumentRole)' in host.start_args needs a 'spawn' import in host: without one no "
          + "program passes a spawn argument")
    }
  }

  /// The export name of the injected global or global symbol `name`, if it has one.
  private static func exportName(ofGlobal name: String, in file: RuleFile) -> String? {
    if let global = file.globals.first(where: { $0.name == name }) { return global.rule.export }
    if let symbol = file.symbols.first(where: { $0.name == name }), case .global = symbol.kind { return symbol.export }
    return nil
  }
}
