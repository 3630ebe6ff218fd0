/// Parses `host`: what a host must do with a patched module beyond instantiating it (recorded in the marker).
enum HostParser {
  static func parse(_ node: YAMLNode) throws(RuleError) -> HostDeclaration {
    let map = try node.map("'host'", context: "in host", allowed: ["start_args", "destroy"])
    var declaration = HostDeclaration(rule: HostRule(startArguments: [], destroy: nil, location: map.location))
    if let startArgs = map["start_args"] {
      declaration.startArgumentsLocation = startArgs.location
      declaration.rule.startArguments = try startArgs.list(map.what("start_args")).map {
        (argument) throws(RuleError) in
        if argument.isPlainScalar, let literal = try? argument.integer("") { return .literal(literal) }
        guard argument.scalarText == HostArgument.stackSizeRole else {
          throw argument.typeError(
            "an entry of 'start_args' in host", expected: "an integer or '\(HostArgument.stackSizeRole)'")
        }
        return .role(HostArgument.stackSizeRole)
      }
    }
    if let destroyNode = map["destroy"] {
      let destroy = try destroyNode.map(
        "'destroy' in host", context: "in host.destroy", allowed: ["function", "self", "other"])
      let function = try destroy.required("function")
      declaration.destroyFunctionLocation = function.location
      let own = try destroy.required("self")
      declaration.ownArgumentsLocation = own.location
      let other = try destroy.required("other")
      declaration.otherArgumentsLocation = other.location
      let otherArguments = try other.list(destroy.what("other"))
      declaration.otherArgumentLocations = otherArguments.map(\.location)
      declaration.rule.destroy = DestroyRule(
        function: try function.string(destroy.what("function")),
        ownArguments: try own.list(destroy.what("self")).map { (argument) throws(RuleError) in
          try argument.integer("an entry of 'self' in host.destroy")
        },
        otherArguments: try otherArguments.map { (argument) throws(RuleError) in
          if argument.isPlainScalar, let literal = try? argument.integer("") { return .literal(literal) }
          let name = try argument.string("an entry of 'other' in host.destroy")
          try Names.checkIdentifier(name, "global", at: argument.location)
          return .exportedGlobal(name)
        },
        location: destroy.location)
    }
    return declaration
  }
}
