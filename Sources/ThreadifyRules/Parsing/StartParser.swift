/// Parses `start`: the injected function that runs at instantiation, and how.
enum StartParser {
  static func parse(_ node: YAMLNode) throws(RuleError) -> StartDeclaration {
    let map = try node.map("'start'", context: "in start", allowed: ["function", "mode"])
    let functionNode = try map.required("function")
    let function = try functionNode.string(map.what("function"))
    let modeNode = try map.required("mode")
    let modes = StartRule.Mode.allCases.map(\.rawValue)
    guard let mode = modeNode.scalarText.flatMap(StartRule.Mode.init(rawValue:)) else {
      throw modeNode.typeError(map.what("mode"), expected: modes.map { "'\($0)'" }.joined(separator: ", "))
    }
    return StartDeclaration(
      rule: StartRule(function: function, mode: mode, location: map.location), functionLocation: functionNode.location)
  }
}
