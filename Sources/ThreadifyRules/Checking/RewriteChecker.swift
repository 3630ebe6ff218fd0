import WasmBinary

/// Checks an instruction rewrite: its condition, that `match` is one instruction whose stack effect is known, and
/// that the replacement takes the match's operands and leaves its results.
enum RewriteChecker {
  static func check(_ rewrite: RewriteDeclaration, namespace: Namespace, expander: SnippetExpander)
    throws(RuleError) -> RewriteRule
  {
    let origin = TemplateOrigin(function: rewrite.name, snippets: [])
    if let (condition, location) = rewrite.condition, namespace[condition.name]?.isCondition != true {
      throw RuleError(
        location,
        "'when' in rewrite '\(rewrite.name)' names '\(condition.name)', which is no symbol or param"
          + Names.hint(for: condition.name, among: namespace.names(where: \.isCondition)))
    }
    guard rewrite.match.count == 1, case .instruction(let match) = rewrite.match[0] else {
      throw RuleError(
        rewrite.matchLocation,
        "'match' in rewrite '\(rewrite.name)' must be exactly one instruction, without directives")
    }
    let empty = FunctionRule(
      name: rewrite.name, params: [], results: [], locals: [], export: nil, body: [], location: rewrite.location)
    let scope = TemplateScope(namespace: namespace, function: empty)
    let (params, results) = try effect(of: match, scope: scope, site: Site(location: match.location, origin: origin))

    var declaration = FunctionDeclaration(
      rule: FunctionRule(
        name: rewrite.name, params: [], results: results, locals: [], export: nil, body: [], location: rewrite.location),
      body: rewrite.replacement, bodyLocation: rewrite.replacementLocation, variableLocations: [:])
    declaration = try RuleSetChecker.addingSnippetLocals(
      to: declaration, namespace: namespace, expander: expander, own: rewrite.locals)
    let body = try expander.expand(declaration.body, function: rewrite.name, at: rewrite.replacementLocation)
    try TemplateTypeChecker.check(
      body, of: declaration, in: TemplateScope(namespace: namespace, function: declaration.rule), rewriteEntry: params)
    return RewriteRule(
      name: rewrite.name, condition: rewrite.condition?.condition, match: match.instruction,
      locals: declaration.rule.locals, replacement: ExpandedNode.templateItems(body), location: rewrite.location)
  }

  /// The operands the matched instruction pops and the results it pushes.
  private static func effect(of match: ParsedInstruction, scope: TemplateScope, site: Site) throws(RuleError)
    -> (params: [ValueType], results: [ValueType])
  {
    let info = match.instruction.info
    let referenceSite = Site(location: match.operandLocations.first ?? match.location, origin: site.origin)
    let reference: String? =
      if case .reference(let name) = match.instruction.operands.first { name } else { nil }
    for (operand, location) in zip(match.instruction.operands, match.operandLocations) {
      if case .constant(.constant(let name)) = operand {
        try scope.constant(name, at: Site(location: location, origin: site.origin))
      }
    }
    switch (info.effect, info.immediates.first, reference) {
    case (.fixed(let params, let results), _, _):
      return (params, results)
    case (.memory(let params, let results), _, _):
      return (scope.resolve(params), scope.resolve(results))
    case (.get, .global, let name?):
      return ([], [try scope.global(name, at: referenceSite).valueType])
    case (.set, .global, let name?):
      return ([try scope.global(name, at: referenceSite).valueType], [])
    case (.call, _, let name?):
      let type = try scope.function(name, at: referenceSite)
      return (type.parameters, type.results)
    default:
      throw site.error(
        "rewrites cannot match '\(info.name)': a match names no local and no control instruction "
          + "(its effect on the stack must be known without the enclosing function)")
    }
  }
}
