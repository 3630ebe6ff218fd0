import WasmBinary

/// Parses a template (a function body or a snippet): instructions, `@use`, and `@if` / `@else` / `@end` nesting.
///
/// Names are not resolved here: a template's `$name`s depend on the function it ends up in.
enum TemplateParser {
  typealias Token = TemplateLines.Token

  /// Parses `node`, a literal block scalar; `what` names it for a type error (e.g. `'body' in function 'f'`).
  static func parse(_ node: YAMLNode, what: String) throws(RuleError) -> [TemplateNode] {
    var builder = Builder()
    for line in try TemplateLines(node, what: what).lines {
      let head = line[0]
      if head.text.hasPrefix("@") {
        try builder.directive(head, operands: line.dropFirst())
      } else {
        guard let info = InstructionCatalogue.instruction(named: head.text) else {
          if head.text.hasPrefix("(") {
            throw RuleError(
              head.location,
              "folded instruction '\(head.text)': write one plain instruction per line, operands first")
          }
          let hint = Names.nearest(to: head.text, among: InstructionCatalogue.all.map(\.name)).map {
            " (did you mean '\($0)'?)"
          }
          throw RuleError(head.location, "unknown instruction '\(head.text)'\(hint ?? "")")
        }
        var operands = OperandParser(info: info, location: head.location, operands: line.dropFirst())
        builder.append(.instruction(try operands.parse()))
      }
    }
    return try builder.finish()
  }

  /// Collects nodes into the innermost open `@if` branch.
  private struct Builder {
    private struct OpenConditional {
      let condition: Condition
      let ifLocation: SourceLocation
      let nameLocation: SourceLocation
      var then: [TemplateNode] = []
      var elseLocation: SourceLocation?
      var otherwise: [TemplateNode] = []
    }

    private var top: [TemplateNode] = []
    private var open: [OpenConditional] = []

    mutating func append(_ node: TemplateNode) {
      guard let index = open.indices.last else { return top.append(node) }
      if open[index].elseLocation == nil { open[index].then.append(node) } else { open[index].otherwise.append(node) }
    }

    mutating func directive(_ head: Token, operands: ArraySlice<Token>) throws(RuleError) {
      switch head.text {
      case "@use":
        let name = try operand(of: head, operands, "a snippet name")
        append(.use(name: name.text, location: name.location))
      case "@if":
        let name = try operand(of: head, operands, "a symbol or param name, optionally preceded by '!'")
        let negated = name.text.hasPrefix("!")
        // Checking and instantiating recurse into blocks: bound the depth here, where it is cheap.
        if open.count >= RuleLimits.maxBlockDepth {
          throw RuleError(head.location, "'@if' blocks nested deeper than \(RuleLimits.maxBlockDepth)")
        }
        open.append(
          OpenConditional(
            condition: Condition(name: String(name.text.dropFirst(negated ? 1 : 0)), negated: negated),
            ifLocation: head.location, nameLocation: name.location))
      case "@else":
        try noOperands(head, operands)
        guard let index = open.indices.last else { throw RuleError(head.location, "'@else' without '@if'") }
        guard open[index].elseLocation == nil else {
          throw RuleError(head.location, "second '@else' for the '@if' at line \(open[index].ifLocation.line)")
        }
        open[index].elseLocation = head.location
      case "@end":
        try noOperands(head, operands)
        guard let block = open.popLast() else { throw RuleError(head.location, "'@end' without '@if'") }
        append(
          .conditional(
            ConditionalBlock(
              condition: block.condition, ifLocation: block.ifLocation, nameLocation: block.nameLocation,
              then: block.then, elseLocation: block.elseLocation, otherwise: block.otherwise,
              endLocation: head.location)))
      default:
        throw RuleError(head.location, "unknown directive '\(head.text)' (expected @use, @if, @else or @end)")
      }
    }

    func finish() throws(RuleError) -> [TemplateNode] {
      if let unclosed = open.last {
        let negation = unclosed.condition.negated ? "!" : ""
        throw RuleError(
          unclosed.ifLocation, "'@if \(negation)\(unclosed.condition.name)' has no matching '@end'")
      }
      return top
    }

    /// The single name operand of `@use` / `@if` (`!` allowed before an `@if` name).
    private func operand(of head: Token, _ operands: ArraySlice<Token>, _ expected: String) throws(RuleError) -> Token {
      guard let name = operands.first else { throw RuleError(head.location, "'\(head.text)' needs \(expected)") }
      let bare = head.text == "@if" && name.text.hasPrefix("!") ? name.text.dropFirst() : Substring(name.text)
      guard Names.isIdentifier(bare) else {
        throw RuleError(name.location, "'\(head.text)' needs \(expected), found '\(name.text)'")
      }
      try noOperands(head, operands.dropFirst())
      return name
    }

    private func noOperands(_ head: Token, _ operands: ArraySlice<Token>) throws(RuleError) {
      if let extra = operands.first {
        throw RuleError(extra.location, "unexpected '\(extra.text)' after '\(head.text)'")
      }
    }
  }
}
