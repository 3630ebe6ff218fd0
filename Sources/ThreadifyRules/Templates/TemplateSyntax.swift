/// One parsed instruction with the place of each operand, for errors found after parsing.
struct ParsedInstruction {
  let instruction: TemplateInstruction
  /// One location per operand (the instruction's own location for an operand left implicit).
  let operandLocations: [SourceLocation]

  var name: String { instruction.info.name }
  var location: SourceLocation { instruction.location }
}

/// `@if NAME` … `@else` … `@end` with the children of each branch, as parsed (`Child` = `TemplateNode`) or as
/// expanded (`Child` = `ExpandedNode`).
struct ConditionalBlock<Child> {
  let condition: Condition
  /// The `@if` directive.
  let ifLocation: SourceLocation
  /// The condition's name.
  let nameLocation: SourceLocation
  var then: [Child]
  /// The `@else` directive, if any.
  let elseLocation: SourceLocation?
  var otherwise: [Child]
  /// The `@end` directive.
  let endLocation: SourceLocation

  /// `@if NAME` or `@if !NAME`, for messages.
  var text: String { "@if \(condition.negated ? "!" : "")\(condition.name)" }

  /// The same block with other children.
  func map<Other>(_ transform: ([Child]) throws(RuleError) -> [Other]) throws(RuleError) -> ConditionalBlock<Other> {
    ConditionalBlock<Other>(
      condition: condition, ifLocation: ifLocation, nameLocation: nameLocation, then: try transform(then),
      elseLocation: elseLocation, otherwise: try transform(otherwise), endLocation: endLocation)
  }
}

/// A template (a function body or a snippet) as parsed, before snippets are expanded.
indirect enum TemplateNode {
  case instruction(ParsedInstruction)
  /// `@use NAME`, located at NAME.
  case use(name: String, location: SourceLocation)
  case conditional(ConditionalBlock<TemplateNode>)
}

/// Where an expanded template line came from: the function, and the chain of snippets it was used through.
struct TemplateOrigin {
  let function: String
  /// Outermost first; empty for a line of the function's own body.
  let snippets: [String]

  /// Appended to errors on snippet lines: names the snippet and the function it was used from.
  var messageSuffix: String {
    guard let snippet = snippets.last else { return "" }
    let via = snippets.count > 1 ? " via \(snippets.dropLast().map { "'\($0)'" }.joined(separator: ", "))" : ""
    return " (in snippet '\(snippet)', used by function '\(function)'\(via))"
  }

  /// The origin of lines of a snippet used from here.
  func entering(_ snippet: String) -> TemplateOrigin {
    TemplateOrigin(function: function, snippets: snippets + [snippet])
  }
}

/// A function body after `@use` expansion: every line carries its origin.
indirect enum ExpandedNode {
  case instruction(ParsedInstruction, TemplateOrigin)
  case conditional(ConditionalBlock<ExpandedNode>, TemplateOrigin)

  /// The model's form of the body.
  static func templateItems(_ nodes: [ExpandedNode]) -> [TemplateItem] {
    nodes.map { node in
      switch node {
      case .instruction(let parsed, _):
        .instruction(parsed.instruction)
      case .conditional(let block, _):
        .conditional(
          condition: block.condition, then: templateItems(block.then), otherwise: templateItems(block.otherwise),
          location: block.ifLocation)
      }
    }
  }
}
