/// Parses `selection`: `{automatic: BOOL, note: STRING}`, both optional (`automatic` defaults to `true`).
enum SelectionParser {
  static func parse(_ node: YAMLNode) throws(RuleError) -> SelectionRule {
    let map = try node.map("'selection'", context: "in selection", allowed: ["automatic", "note"])
    return SelectionRule(
      automatic: try map.bool("automatic") ?? true, note: try map.string("note"), location: node.location)
  }
}
