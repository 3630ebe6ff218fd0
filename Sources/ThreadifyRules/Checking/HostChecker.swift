/// Checks `host` against the merged rule file: the start arguments match the exported start function, the destroy
/// routine is an exported injected function taking one argument per entry, and every global a leader reads from
/// another thread is exported. Names of rule globals and symbols become the export names hosts read.
enum HostChecker {
  static func check(_ host: HostDeclaration, start: StartRule?, functions: [FunctionRule], file: RuleFile)
    throws(RuleError) -> HostRule
  {
    var rule = host.rule
    let startParams =
      start.flatMap { start in
        start.mode == .exported ? functions.first { $0.name == start.function }?.params.count : nil
      } ?? 0
    if rule.startArguments.count != startParams {
      throw RuleError(
        host.startArgumentsLocation ?? rule.location,
        "'start_args' in host gives \(rule.startArguments.count) argument(s), but the exported start function takes "
          + "\(startParams)" + (start?.mode == .exported ? "" : " (the start is not exported)"))
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

  /// The export name of the injected global or global symbol `name`, if it has one.
  private static func exportName(ofGlobal name: String, in file: RuleFile) -> String? {
    if let global = file.globals.first(where: { $0.name == name }) { return global.rule.export }
    if let symbol = file.symbols.first(where: { $0.name == name }), case .global = symbol.kind { return symbol.export }
    return nil
  }
}
