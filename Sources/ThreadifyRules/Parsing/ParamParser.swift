/// Parses a param: a default, optional bounds and step, and a line of documentation.
enum ParamParser {
  static func parse(_ entry: YAMLMap.Entry) throws(RuleError) -> ParamRule {
    let context = "in param '\(entry.key)'"
    let map = try entry.value.map(
      "param '\(entry.key)'", context: context, allowed: ["default", "min", "max", "multiple_of", "doc"])
    let param = ParamRule(
      name: entry.key, defaultValue: try map.requiredInteger("default"), min: try map.integer("min"),
      max: try map.integer("max"), multipleOf: try map.integer("multiple_of"), doc: try map.string("doc"),
      location: entry.keyLocation)
    if let step = param.multipleOf, step <= 0 {
      throw map["multiple_of"]!.error("'multiple_of' \(context) must be positive, found \(step)")
    }
    if let min = param.min, let max = param.max, min > max {
      throw map["max"]!.error("'max' \(context) (\(max)) is below its 'min' (\(min))")
    }
    if let problem = param.problem(with: param.defaultValue) {
      throw map["default"]!.error("default \(param.defaultValue) of param '\(entry.key)' \(problem)")
    }
    return param
  }
}

extension ParamRule {
  /// What is wrong with `value` for this param (`is below its min 16`), or `nil` when it is acceptable.
  func problem(with value: Int64) -> String? {
    if let min, value < min { return "is below its min \(min)" }
    if let max, value > max { return "is above its max \(max)" }
    if let multipleOf, value % multipleOf != 0 { return "is not a multiple of \(multipleOf)" }
    return nil
  }
}
