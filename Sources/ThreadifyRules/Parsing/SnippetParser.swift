/// Parses a snippet: a template block, or a map with the template under `body` and the scratch `locals` it needs.
enum SnippetParser {
  static func parse(_ entry: YAMLMap.Entry) throws(RuleError) -> Snippet {
    let name = entry.key
    guard case .mapping = entry.value.node else {
      return Snippet(
        name: name, location: entry.keyLocation, locals: [],
        body: try TemplateParser.parse(entry.value, what: "snippet '\(name)'"))
    }
    let map = try entry.value.map("snippet '\(name)'", context: "in snippet '\(name)'", allowed: ["locals", "body"])
    let locals = try scratchLocals(map, owner: "snippet '\(name)'")
    return Snippet(
      name: name, location: entry.keyLocation, locals: locals,
      body: try TemplateParser.parse(try map.required("body"), what: map.what("body")))
  }
}

/// The `locals` map of a snippet or rewrite: scratch locals added to the functions that use it.
func scratchLocals(_ map: YAMLMap, owner: String) throws(RuleError) -> [SnippetLocal] {
  var locals: [SnippetLocal] = []
  for local in try RuleFileParser.named(map, "locals", kind: "local") {
    guard let type = local.value.scalarText.flatMap(TypeSyntax.valueType) else {
      throw local.value.typeError("local '\(local.key)' of \(owner)", expected: "a value type (i32, i64, f32 or f64)")
    }
    locals.append(SnippetLocal(owner: owner, name: local.key, type: type, location: local.keyLocation))
  }
  return locals
}
