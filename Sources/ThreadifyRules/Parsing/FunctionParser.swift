import WasmBinary

/// Parses a function to inject: params, results, locals, export name and body template.
enum FunctionParser {
  static func parse(_ entry: YAMLMap.Entry) throws(RuleError) -> FunctionDeclaration {
    let name = entry.key
    let context = "in function '\(name)'"
    let map = try entry.value.map(
      "function '\(name)'", context: context, allowed: ["params", "results", "locals", "export", "name", "body"])
    var locations: [String: SourceLocation] = [:]
    let params = try variables(map, "params", function: name, locations: &locations)
    let locals = try variables(map, "locals", function: name, locations: &locations)
    var results: [ValueType] = []
    for node in try map["results"]?.list(map.what("results")) ?? [] {
      guard let type = node.scalarText.flatMap(TypeSyntax.valueType) else {
        throw node.typeError("each of 'results' \(context)", expected: "a value type (i32, i64, f32 or f64)")
      }
      results.append(type)
    }
    let body = try map.required("body")
    let debugName = try map.string("name")
    if debugName?.isEmpty == true {
      throw map["name"]!.typeError(map.what("name"), expected: "a non-empty string")
    }
    return FunctionDeclaration(
      rule: FunctionRule(
        name: name, params: params, results: results, locals: locals, export: try map.string("export"),
        debugName: debugName, body: [], location: entry.keyLocation),
      body: try TemplateParser.parse(body, what: map.what("body")),
      bodyLocation: map.entries.first { $0.key == "body" }!.keyLocation, variableLocations: locations)
  }

  /// `params` or `locals`: an ordered map of names to value types; a name may appear once across both.
  private static func variables(
    _ map: YAMLMap, _ key: String, function: String, locations: inout [String: SourceLocation]
  ) throws(RuleError) -> [(name: String, type: ValueType)] {
    let kind = key == "params" ? "param" : "local"
    var variables: [(name: String, type: ValueType)] = []
    for entry in try RuleFileParser.named(map, key, kind: kind) {
      guard let type = entry.value.scalarText.flatMap(TypeSyntax.valueType) else {
        throw entry.value.typeError(
          "\(kind) '\(entry.key)' of function '\(function)'", expected: "a value type (i32, i64, f32 or f64)")
      }
      if let earlier = locations[entry.key] {
        throw RuleError(
          entry.keyLocation,
          "\(kind) '\(entry.key)' of function '\(function)' repeats the name declared at line \(earlier.line)")
      }
      locations[entry.key] = entry.keyLocation
      variables.append((entry.key, type))
    }
    return variables
  }
}
