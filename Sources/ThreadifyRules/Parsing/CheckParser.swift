import WasmBinary

/// Parses a rule-level check: `when`, optional `in` + `find` (+ `if_not_found`), `expect`, `reason`, `hint`,
/// `flavour`.
enum CheckParser {
  static let keys = ["when", "in", "find", "if_not_found", "expect", "reason", "hint", "flavour"]

  static func parse(_ entry: YAMLMap.Entry) throws(RuleError) -> CheckRule {
    let name = entry.key
    let map = try entry.value.map("check '\(name)'", context: "in check '\(name)'", allowed: keys)
    var condition: Condition?
    let conditionLocation = map["when"]?.location
    if let when = map["when"] {
      let text = try when.string(map.what("when"))
      let negated = text.hasPrefix("!")
      let conditionName = negated ? String(text.dropFirst()) : text
      try Names.checkIdentifier(conditionName, "condition", at: when.location)
      condition = Condition(name: conditionName, negated: negated)
    }
    let scan = try self.scan(map, check: name)
    let expectNode = try map.required("expect")
    return CheckRule(
      name: name, condition: condition, conditionLocation: conditionLocation, scan: scan,
      expectation: try comparison(try expectNode.string(map.what("expect")), at: expectNode),
      reason: try map.requiredString("reason"), hint: try map.string("hint"),
      flavour: try map.string("flavour") ?? "inconsistent", location: entry.keyLocation)
  }

  private static func scan(_ map: YAMLMap, check: String) throws(RuleError) -> CheckRule.Scan? {
    guard let function = map["in"] else {
      for key in ["find", "if_not_found"] where map[key] != nil {
        throw RuleError(
          map.entries.first { $0.key == key }!.keyLocation,
          "'\(key)' in check '\(check)' needs 'in' (a function symbol)")
      }
      return nil
    }
    let name = try function.string(map.what("in"))
    try Names.checkIdentifier(name, "function symbol", at: function.location)
    let find = try map.required("find")
    let lines = try TemplateLines(find, what: map.what("find")).lines
    guard !lines.isEmpty else { throw find.error("'find' in check '\(check)' has no instruction") }
    var missing = false
    if let node = map["if_not_found"] {
      switch (node.isPlainScalar, node.scalarText) {
      case (true, "pass"): missing = false
      case (true, "refuse"): missing = true
      default: throw node.typeError(map.what("if_not_found"), expected: "'pass' or 'refuse'")
      }
    }
    return CheckRule.Scan(
      function: name, pattern: try lines.map { line throws(RuleError) in try step(line) }, refuseWhenMissing: missing,
      location: function.location)
  }

  /// `MNEMONIC OPERAND...`: one operand per immediate (`_`, an integer, or `?name`).
  private static func step(_ line: [TemplateLines.Token]) throws(RuleError) -> CheckRule.PatternStep {
    let head = line[0]
    guard let info = InstructionCatalogue.instruction(named: head.text) else {
      throw RuleError(
        head.location,
        "unknown instruction '\(head.text)'"
          + Names.hint(for: head.text, among: InstructionCatalogue.all.map(\.name)))
    }
    // One operand per immediate, but memory indices (always 0) are left out, as in templates.
    let operands = Array(line.dropFirst())
    let immediates = info.immediates.filter { ![.memoryIndex, .memoryIndexPair, .zeroByte].contains($0) }
    guard operands.count == immediates.count else {
      let at = operands.count > immediates.count ? operands[immediates.count].location : head.location
      throw RuleError(
        at,
        "'\(info.name)' in a pattern takes \(immediates.count) operand(s) ('_', an integer or '?name'), "
          + "found \(operands.count)")
    }
    var parsed = zip(operands, immediates).makeIterator()
    var steps: [CheckRule.PatternOperand] = []
    for kind in info.immediates {
      guard immediates.contains(kind), let (token, _) = parsed.next() else {
        steps.append(.any)
        continue
      }
      let operand = try patternOperand(token)
      switch kind {
      case .i32, .i64, .label, .function, .local, .global, .dataIndex: break
      default:
        guard operand == .any else {
          throw RuleError(
            token.location, "this operand of '\(info.name)' is not an integer: a pattern can only skip it ('_')")
        }
      }
      steps.append(operand)
    }
    return CheckRule.PatternStep(info: info, operands: steps, location: head.location)
  }

  private static func patternOperand(_ token: TemplateLines.Token) throws(RuleError) -> CheckRule.PatternOperand {
    if token.text == "_" { return .any }
    if token.text.hasPrefix("?") {
      try Names.checkIdentifier(String(token.text.dropFirst()), "capture", at: token.location)
      return .capture(String(token.text.dropFirst()))
    }
    guard let literal = IntegerLiteral(token.text), let value = literal.int64 else {
      throw RuleError(token.location, "a pattern operand is '_', an integer or '?name', found '\(token.text)'")
    }
    return .literal(value)
  }

  /// `LEFT OP RIGHT`, each operand an integer, `{constant}` or `?capture`.
  private static func comparison(_ text: String, at node: YAMLNode) throws(RuleError) -> CheckRule.Comparison {
    let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    let relations = CheckRule.Relation.allCases.map(\.rawValue)
    guard words.count == 3, let relation = CheckRule.Relation(rawValue: words[1]) else {
      throw node.error(
        "'expect' must be 'LEFT OP RIGHT' with OP one of \(relations.joined(separator: " ")), found '\(text)'")
    }
    func operand(_ word: String) throws(RuleError) -> CheckRule.Operand {
      if let name = OperandParser.constantName(word) { return .constant(name) }
      if word.hasPrefix("?"), Names.isIdentifier(word.dropFirst()) { return .capture(String(word.dropFirst())) }
      if let value = IntegerLiteral(word)?.int64 { return .literal(value) }
      throw node.error("an operand of 'expect' is an integer, a {constant} or a ?capture, found '\(word)'")
    }
    return CheckRule.Comparison(
      left: try operand(words[0]), relation: relation, right: try operand(words[2]), location: node.location)
  }
}
