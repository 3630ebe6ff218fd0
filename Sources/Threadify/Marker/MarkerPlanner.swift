import ThreadifyRules

/// What the marker section records for a rule set: its name and version, the host's duties declared by the rule
/// set's `host` key (with export names resolved), and the reservation made.
enum MarkerPlanner {
  static func marker(for rules: RuleSet, reserved: ThreadMarker.Reserved?) -> ThreadMarker {
    func export(of name: String) -> String? { rules.functions.first { $0.name == name }?.export }
    let start = rules.start.flatMap { start -> ThreadMarker.Start? in
      guard start.mode == .exported, let name = export(of: start.function) else { return nil }
      return ThreadMarker.Start(export: name, args: (rules.host?.startArguments ?? []).map(argument))
    }
    let destroy = rules.host?.destroy.flatMap { destroy -> ThreadMarker.Destroy? in
      export(of: destroy.function).map {
        ThreadMarker.Destroy(
          export: $0, ownArguments: destroy.ownArguments, otherArguments: destroy.otherArguments.map(argument))
      }
    }
    return ThreadMarker(
      rules: rules.name, version: rules.version, start: start, destroy: destroy, reserved: reserved)
  }

  private static func argument(_ argument: HostArgument) -> ThreadMarker.Argument {
    switch argument {
    case .literal(let value): .literal(value)
    case .role(let role): .role(role)
    case .exportedGlobal(let name): .exportedGlobal(name)
    }
  }
}
