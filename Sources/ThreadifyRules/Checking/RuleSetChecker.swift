import WasmBinary

/// Checks a merged rule file as a whole (required keys, the shared namespace, constants, `start`, every function's
/// template) and builds the `RuleSet`.
enum RuleSetChecker {
  static func check(_ file: RuleFile, path: String) throws(RuleError) -> RuleSet {
    func required(_ value: String?, _ key: String) throws(RuleError) -> String {
      guard let value else {
        throw RuleError(
          file.location,
          "missing required key '\(key)' at the top level (neither this file nor a base it extends has it)")
      }
      return value
    }
    let name = try required(file.name, "name")
    let version = try required(file.version, "version")
    let namespace = try Namespace(file)
    var roles: [SymbolRole: SymbolRule] = [:]
    for symbol in file.symbols {
      guard let role = symbol.role else { continue }
      if let earlier = roles[role] {
        throw RuleError(
          symbol.location,
          "symbol '\(symbol.name)' has role '\(role.rawValue)', which symbol '\(earlier.name)' already has "
            + "(\(earlier.location.file == symbol.location.file ? "line \(earlier.location.line)" : "at \(earlier.location)")); "
            + "at most one symbol has each role")
      }
      roles[role] = symbol
    }
    for global in file.globals {
      if case .constant(let constant) = global.rule.initialValue, namespace[constant]?.isConstant != true {
        throw RuleError(
          global.initLocation,
          "'init' in global '\(global.name)' names '{\(constant)}', which is not a param, value symbol or reserved item"
            + Names.hint(for: constant, among: namespace.names(where: \.isConstant), prefix: "{", suffix: "}"))
      }
    }
    for check in file.checks { try CheckValidator.validate(check, namespace: namespace) }
    let expander = try SnippetExpander(file.snippets)
    let functions = try file.functions.map { function throws(RuleError) in
      try checkFunction(function, namespace: namespace, expander: expander)
    }
    if let start = file.start { try check(start, functions: file.functions, symbols: file.symbols) }
    // Without `host` the start arguments are an empty list, checked the same way (issue 18 item 4).
    let host = try HostChecker.check(
      file.host
        ?? HostDeclaration(
          rule: HostRule(startArguments: [], spawn: nil, stackSize: nil, destroy: nil, location: file.location)),
      start: file.start?.rule, functions: functions, file: file, namespace: namespace)
    let rewrites = try file.rewrites.map { rewrite throws(RuleError) in
      try RewriteChecker.check(rewrite, namespace: namespace, expander: expander)
    }
    return RuleSet(
      name: name, version: version, marker: file.marker, namePrefix: file.namePrefix,
      host: file.host == nil ? nil : host, refusals: file.refusals,
      requirements: file.requirements ?? Requirements(hints: [:], location: file.location),
      symbols: file.symbols, reservation: file.reservation, params: file.params, globals: file.globals.map(\.rule),
      functions: functions, start: file.start?.rule, base: file.base,
      selection: file.selection ?? SelectionRule(automatic: file.base == nil, note: nil, location: file.location),
      rewrites: rewrites, checks: file.checks,
      location: SourceLocation(file: path, line: 1, column: 1))
  }

  /// Checks that the function's params and locals shadow nothing, expands its body and type-checks it.
  private static func checkFunction(
    _ function: FunctionDeclaration, namespace: Namespace, expander: SnippetExpander
  ) throws(RuleError) -> FunctionRule {
    let paramCount = function.rule.params.count
    for (index, variable) in (function.rule.params + function.rule.locals).enumerated() {
      if let entity = namespace[variable.name] {
        let kind = index < paramCount ? "param" : "local"
        throw RuleError(
          function.variableLocations[variable.name]!,
          "\(kind) '\(variable.name)' of function '\(function.name)' shadows \(entity.description) of that name")
      }
    }
    let function = try addingSnippetLocals(to: function, namespace: namespace, expander: expander)
    let body = try expander.expand(function.body, function: function.name, at: function.bodyLocation)
    try TemplateTypeChecker.check(body, of: function, in: TemplateScope(namespace: namespace, function: function.rule))
    var rule = function.rule
    rule.body = ExpandedNode.templateItems(body)
    return rule
  }

  /// `function` with the scratch locals of the snippets its body uses appended to its locals.
  static func addingSnippetLocals(
    to function: FunctionDeclaration, namespace: Namespace, expander: SnippetExpander, own: [SnippetLocal] = []
  ) throws(RuleError) -> FunctionDeclaration {
    var function = function
    for local in own + expander.locals(usedBy: function.body) {
      if let entity = namespace[local.name] {
        throw RuleError(
          local.location,
          "local '\(local.name)' of \(local.owner) shadows \(entity.description) of that name")
      }
      if let earlier = function.variableLocations[local.name] {
        throw RuleError(
          local.location,
          "local '\(local.name)' of \(local.owner) collides with a variable of function '\(function.name)' "
            + "declared at line \(earlier.line)")
      }
      function.variableLocations[local.name] = local.location
      function.rule.locals.append((local.name, local.type))
    }
    return function
  }

  /// The start function must be an injected function or a function symbol that the chosen mode can run.
  private static func check(_ start: StartDeclaration, functions: [FunctionDeclaration], symbols: [SymbolRule])
    throws(RuleError)
  {
    let name = start.rule.function
    let type: FunctionType
    let export: String?
    let what: String
    if let function = functions.first(where: { $0.name == name })?.rule {
      (type, export, what) = (function.type, function.export, "function")
    } else if let symbol = symbols.first(where: { $0.name == name }), case .function(let signature) = symbol.kind {
      (type, export, what) = (signature, symbol.export, "symbol")
    } else {
      let candidates =
        functions.map(\.name)
        + symbols.filter { if case .function = $0.kind { true } else { false } }
        .map(\.name)
      throw RuleError(
        start.functionLocation,
        "start function '\(name)' is neither a function nor a function symbol of this rule set"
          + Names.hint(for: name, among: candidates))
    }
    switch start.rule.mode {
    case .startSection where !type.parameters.isEmpty || !type.results.isEmpty:
      throw RuleError(
        start.functionLocation,
        "start function '\(name)' has type \(TypeSyntax.describe(type)); mode 'start-section' needs () -> ()")
    case .exported where export == nil, .otherInstances where export == nil, .hostAllocates where export == nil:
      throw RuleError(
        start.functionLocation,
        "start mode '\(start.rule.mode.rawValue)' needs \(what) '\(name)' to have an 'export' name")
    default:
      break
    }
  }
}
