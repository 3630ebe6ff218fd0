import WasmBinary

/// Resolves the names a function's template uses: its params and locals, and the shared namespace.
struct TemplateScope {
  let namespace: Namespace
  let function: String
  /// The function's params and locals.
  let variables: [String: ValueType]
  /// Params and locals in declaration order, for listing.
  let variableNames: [String]
  let paramNames: Set<String>

  init(namespace: Namespace, function: FunctionRule) {
    self.namespace = namespace
    self.function = function.name
    let declared = function.params + function.locals
    variables = Dictionary(uniqueKeysWithValues: declared.map { ($0.name, $0.type) })
    variableNames = declared.map(\.name)
    paramNames = Set(function.params.map(\.name))
  }

  /// `types` with the memory's address type for `.address`.
  func resolve(_ types: [MemoryOperand]) -> [ValueType] {
    types.map { operand in
      switch operand {
      case .address: namespace.addressType == .i64 ? .i64 : .i32
      case .value(let type): type
      }
    }
  }

  /// The type of `$name` for `local.*`.
  func local(_ name: String, at site: Site) throws(RuleError) -> ValueType {
    if let type = variables[name] { return type }
    if let entity = namespace[name] {
      throw site.error("'$\(name)' is \(entity.description), not a param or local of function '\(function)'")
    }
    throw site.error(
      "unknown param or local '$\(name)' in function '\(function)'"
        + Names.hint(for: name, among: variableNames, prefix: "$"))
  }

  /// The type of `$name` for `global.*`.
  func global(_ name: String, at site: Site) throws(RuleError) -> GlobalType {
    if let type = namespace[name]?.globalType { return type }
    try notA("global", name, at: site)
    throw site.error(
      "unknown global '$\(name)'" + Names.hint(for: name, among: namespace.names { $0.globalType != nil }, prefix: "$"))
  }

  /// `; '$name' is a function symbol declared (PARAMS) -> RESULTS at line N` (`at FILE:LINE:COL` in another file
  /// than `site`) for a function symbol or injected function, appended to stack errors next to a call of it; empty
  /// for anything else.
  func declarationNote(_ name: String, from site: SourceLocation) -> String {
    guard let entity = namespace[name], let type = entity.functionType, let location = namespace.location(of: name)
    else { return "" }
    let place = location.file == site.file ? "line \(location.line)" : "\(location)"
    return "; '$\(name)' is \(entity.description) declared \(TypeSyntax.describe(type)) at \(place)"
  }

  /// The signature of `$name` for `call`.
  func function(_ name: String, at site: Site) throws(RuleError) -> FunctionType {
    if let type = namespace[name]?.functionType { return type }
    try notA("function", name, at: site)
    throw site.error(
      "unknown function '$\(name)'"
        + Names.hint(for: name, among: namespace.names { $0.functionType != nil }, prefix: "$"))
  }

  /// The type of `$name` for `call_indirect` and `table.*`.
  func table(_ name: String, at site: Site) throws(RuleError) -> TableSymbolType {
    if let type = namespace[name]?.tableType { return type }
    try notA("table", name, at: site)
    let tables = namespace.names { $0.tableType != nil }
    throw site.error(
      "unknown table '$\(name)'"
        + (tables.isEmpty
          ? " (declare it as a symbol: `\(name): {table: funcref, lookup: [{only: true}]}`)"
          : Names.hint(for: name, among: tables, prefix: "$")))
  }

  /// Checks that `{name}` names a constant.
  func constant(_ name: String, at site: Site) throws(RuleError) {
    if namespace[name]?.isConstant == true { return }
    if let entity = namespace[name] {
      throw site.error("'{\(name)}' is \(entity.description), not a constant (a param, value symbol or reserved item)")
    }
    if variables[name] != nil {
      throw site.error("'{\(name)}' is a \(variableKind(name)) of function '\(function)', not a constant")
    }
    throw site.error(
      "unknown constant '{\(name)}'"
        + Names.hint(for: name, among: namespace.names(where: \.isConstant), prefix: "{", suffix: "}"))
  }

  /// Checks that `@if name` names a symbol or a param.
  func condition(_ name: String, at site: Site) throws(RuleError) {
    if namespace[name]?.isCondition == true { return }
    if let entity = namespace[name] {
      throw site.error("'@if \(name)': '\(name)' is \(entity.description); @if tests a symbol or a param")
    }
    throw site.error(
      "'@if \(name)' names no symbol or param"
        + Names.hint(for: name, among: namespace.names(where: \.isCondition)))
  }

  /// Throws when `name` exists but is not a `kind`; returns when it is unknown.
  private func notA(_ kind: String, _ name: String, at site: Site) throws(RuleError) {
    if variables[name] != nil {
      throw site.error("'$\(name)' is a \(variableKind(name)) of function '\(function)', not a \(kind)")
    }
    if let entity = namespace[name] { throw site.error("'$\(name)' is \(entity.description), not a \(kind)") }
  }

  private func variableKind(_ name: String) -> String { paramNames.contains(name) ? "param" : "local" }
}

/// Where a template error is reported: a location, and the origin that names the snippet and function.
struct Site {
  let location: SourceLocation
  let origin: TemplateOrigin

  func error(_ message: String) -> RuleError { RuleError(location, message + origin.messageSuffix) }
}
