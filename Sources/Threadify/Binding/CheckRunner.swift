import ThreadifyRules
import WasmBinary

/// Runs a rule set's checks on a bound module. Each check scans at most one function body once (a pattern of k
/// instructions tried at each of its n instructions: n × k comparisons) and compares two integers.
struct CheckRunner {
  let module: WasmModule
  let rules: RuleSet
  /// Bound symbols by name.
  let bound: [String: BoundSymbol]
  /// Param values in force.
  let params: [String: Int64]

  /// The refusal of the first failing check, if any.
  func firstFailure() throws(PatchError) -> PatchError? {
    for check in rules.checks where holds(check.condition) {
      if let failure = try run(check) { return failure }
    }
    return nil
  }

  private func run(_ check: CheckRule) throws(PatchError) -> PatchError? {
    var captures: [String: Int64] = [:]
    if let scan = check.scan {
      guard case .function(let index)? = bound[scan.function]?.item, Int(index) >= module.importedFunctionCount
      else { return nil }
      guard let found = try find(scan.pattern, inFunction: index) else {
        return scan.refuseWhenMissing
          ? refusal(check, detail: "the pattern is not in the body of `\(scan.function)` (function \(index))") : nil
      }
      captures = found
    }
    let expectation = check.expectation
    guard let left = value(expectation.left, captures), let right = value(expectation.right, captures) else {
      return nil
    }
    if expectation.relation.holds(left, right) { return nil }
    return refusal(
      check,
      detail: "\(describe(expectation.left)) = \(left), \(describe(expectation.right)) = \(right); "
        + "expected \(describe(expectation.left)) \(expectation.relation.rawValue) \(describe(expectation.right))")
  }

  /// The captures of the first place where `pattern` matches consecutive instructions of function `index`.
  private func find(_ pattern: [CheckRule.PatternStep], inFunction index: FunctionIndex) throws(PatchError)
    -> [String: Int64]?
  {
    let ranges: [Range<Int>]
    do {
      ranges = try module.instructionRanges(ofFunction: index)
    } catch {
      throw .malformed(error)
    }
    guard ranges.count >= pattern.count else { return nil }
    for start in 0...(ranges.count - pattern.count) {
      var captures: [String: Int64] = [:]
      let matched = pattern.indices.allSatisfy { offset in
        match(pattern[offset], ranges[start + offset], captures: &captures)
      }
      if matched { return captures }
    }
    return nil
  }

  private func match(_ step: CheckRule.PatternStep, _ range: Range<Int>, captures: inout [String: Int64]) -> Bool {
    guard let immediates = InstructionPattern.immediates(of: step.info, in: module.bytes, range) else { return false }
    for (operand, immediate) in zip(step.operands, immediates) {
      let value: Int64? =
        switch immediate {
        case .integer(let value): value
        case .index(let index): Int64(index)
        default: nil
        }
      switch operand {
      case .any: continue
      case .literal(let literal): guard value == literal else { return false }
      case .capture(let name):
        guard let value else { return false }
        captures[name] = value
      }
    }
    return true
  }

  private func value(_ operand: CheckRule.Operand, _ captures: [String: Int64]) -> Int64? {
    switch operand {
    case .literal(let value): value
    case .capture(let name): captures[name]
    case .constant(let name):
      if case .value(let value, _)? = bound[name]?.item { value } else { params[name] }
    }
  }

  private func describe(_ operand: CheckRule.Operand) -> String {
    switch operand {
    case .literal(let value): "\(value)"
    case .capture(let name): "?\(name)"
    case .constant(let name): "{\(name)}"
    }
  }

  private func holds(_ condition: Condition?) -> Bool {
    guard let condition else { return true }
    let holds = bound[condition.name] != nil || (params[condition.name] ?? 0) != 0
    return holds != condition.negated
  }

  private func refusal(_ check: CheckRule, detail: String) -> PatchError {
    .refused(
      flavour: check.flavour,
      reason: "\(check.reason) (check `\(check.name)`: \(detail))" + (check.hint.map { "\nhint: \($0)" } ?? ""))
  }
}
