/// Parses an instruction rewrite: `when`, `match` (one instruction), scratch `locals` and the `replace` template.
enum RewriteParser {
  static func parse(_ entry: YAMLMap.Entry) throws(RuleError) -> RewriteDeclaration {
    let name = entry.key
    let map = try entry.value.map(
      "rewrite '\(name)'", context: "in rewrite '\(name)'", allowed: ["when", "match", "locals", "replace"])
    var condition: (Condition, SourceLocation)?
    if let when = map["when"] {
      let text = try when.string(map.what("when"))
      let negated = text.hasPrefix("!")
      let conditionName = negated ? String(text.dropFirst()) : text
      try Names.checkIdentifier(conditionName, "condition", at: when.location)
      condition = (Condition(name: conditionName, negated: negated), when.location)
    }
    let locals = try scratchLocals(map, owner: "rewrite '\(name)'")
    let match = try map.required("match")
    let replacement = try map.required("replace")
    return RewriteDeclaration(
      name: name, location: entry.keyLocation, condition: condition,
      match: try TemplateParser.parse(match, what: map.what("match")), matchLocation: keyLocation(map, "match"),
      locals: locals, replacement: try TemplateParser.parse(replacement, what: map.what("replace")),
      replacementLocation: keyLocation(map, "replace"))
  }

  private static func keyLocation(_ map: YAMLMap, _ key: String) -> SourceLocation {
    map.entries.first { $0.key == key }?.keyLocation ?? map.location
  }
}
