/// Checks a rule-level check's names against the rule set: its condition, the function it scans, the constants and
/// captures it compares.
enum CheckValidator {
  static func validate(_ check: CheckRule, namespace: Namespace) throws(RuleError) {
    if let condition = check.condition, namespace[condition.name]?.isCondition != true {
      throw RuleError(
        check.conditionLocation ?? check.location,
        "'when' in check '\(check.name)' names '\(condition.name)', which is not a symbol or param"
          + Names.hint(for: condition.name, among: namespace.names(where: \.isCondition)))
    }
    var captures: [String] = []
    if let scan = check.scan {
      guard case .symbol(.function) = namespace[scan.function] else {
        throw RuleError(
          scan.location,
          "'in' in check '\(check.name)' names '\(scan.function)', which is not a function symbol"
            + Names.hint(
              for: scan.function, among: namespace.names { if case .symbol(.function) = $0 { true } else { false } }))
      }
      for step in scan.pattern {
        for case .capture(let name) in step.operands {
          if captures.contains(name) {
            throw RuleError(step.location, "capture '?\(name)' appears twice in the pattern of check '\(check.name)'")
          }
          captures.append(name)
        }
      }
    }
    let expectation = check.expectation
    for operand in [expectation.left, expectation.right] {
      switch operand {
      case .literal: continue
      case .capture(let name) where !captures.contains(name):
        throw RuleError(
          expectation.location,
          "'?\(name)' in check '\(check.name)' is captured by no pattern operand"
            + Names.hint(for: name, among: captures, prefix: "?"))
      case .capture: continue
      case .constant(let name):
        switch namespace[name] {
        case .param?, .symbol(.value)?: continue
        default:
          throw RuleError(
            expectation.location,
            "'{\(name)}' in check '\(check.name)' is not a param or value symbol"
              + Names.hint(
                for: name,
                among: namespace.names {
                  if case .param = $0 { true } else if case .symbol(.value) = $0 { true } else { false }
                },
                prefix: "{", suffix: "}"))
        }
      }
    }
  }
}
