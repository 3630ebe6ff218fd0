extension RuleSetCandidate {
  /// `binds`, `binds; used only when named (NOTE)` or the first reason it does not bind.
  public var outcome: String {
    guard binds else { return problem ?? "does not bind" }
    return automatic ? "binds" : "binds; used only when named" + (note.map { " (\($0))" } ?? "")
  }
}

extension [RuleSetCandidate] {
  /// One line per outcome, `  NAME, NAME: OUTCOME`, candidates with the same outcome on one line, in first-seen
  /// order; a hint line of an outcome is indented under it.
  public var outcomeLines: [String] {
    var order: [String] = []
    var names: [String: [String]] = [:]
    for candidate in self {
      if names[candidate.outcome] == nil { order.append(candidate.outcome) }
      names[candidate.outcome, default: []].append(candidate.ruleSet)
    }
    return order.map { outcome in
      "  \(names[outcome]!.joined(separator: ", ")): " + outcome.split(separator: "\n").joined(separator: "\n    ")
    }
  }

  /// `a`, `a and b`, `a, b and c`.
  var namesInWords: String {
    let names = map(\.ruleSet)
    return names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
  }
}
