import WasmBinary

/// Parses `host`: what a host must do with a patched module beyond instantiating it (recorded in the marker).
enum HostParser {
  static func parse(_ node: YAMLNode) throws(RuleError) -> HostDeclaration {
    let map = try node.map(
      "'host'", context: "in host", allowed: ["start_args", "spawn", "stack_size", "destroy"])
    var declaration = HostDeclaration(
      rule: HostRule(startArguments: [], spawn: nil, stackSize: nil, destroy: nil, location: map.location))
    if let startArgs = map["start_args"] {
      declaration.startArgumentsLocation = startArgs.location
      let entries = try startArgs.list(map.what("start_args"))
      declaration.startArgumentLocations = entries.map(\.location)
      declaration.rule.startArguments = try entries.map(startArgument)
    }
    if let spawn = map["spawn"] {
      declaration.spawnLocation = spawn.location
      declaration.rule.spawn = try self.spawn(spawn)
    }
    if let stackSize = map["stack_size"] {
      declaration.stackSizeLocation = stackSize.location
      declaration.rule.stackSize = try constant(stackSize, what: map.what("stack_size"))
    }
    if let destroyNode = map["destroy"] {
      try destroy(destroyNode, into: &declaration)
    }
    return declaration
  }

  private static func startArgument(_ argument: YAMLNode) throws(RuleError) -> HostArgument {
    if argument.isPlainScalar, let literal = try? argument.integer("") { return .literal(literal) }
    guard let role = argument.scalarText, HostArgument.roles.contains(role) else {
      throw argument.typeError(
        "an entry of 'start_args' in host",
        expected: "an integer or one of " + HostArgument.roles.map { "'\($0)'" }.joined(separator: ", "))
    }
    return .role(role)
  }

  /// `spawn: {import: MODULE.NAME, type: (i32) -> i32, returns: thread_id, error: -6}`.
  private static func spawn(_ node: YAMLNode) throws(RuleError) -> SpawnRule {
    let map = try node.map(
      "'spawn' in host", context: "in host.spawn", allowed: ["import", "type", "returns", "error"])
    let importNode = try map.required("import")
    let (module, name) = try ImportName.split(
      try importNode.string(map.what("import")), at: importNode, what: map.what("import"))
    let typeNode = try map.required("type")
    let typeText = try typeNode.string(map.what("type"))
    guard let type = TypeSyntax.functionType(typeText), !type.parameters.isEmpty else {
      throw typeNode.error(
        "bad signature '\(typeText)' \(map.what("type")) (expected '(PARAMS) -> (RESULTS)' with the spawn argument "
          + "first, e.g. '(i32) -> i32')")
    }
    let returnsNode = try map.required("returns")
    let returns = try returnsNode.string(map.what("returns"))
    guard returns == SpawnRule.threadIDResult else {
      throw returnsNode.typeError(map.what("returns"), expected: "'\(SpawnRule.threadIDResult)'")
    }
    guard type.results.count == 1 else {
      throw typeNode.error(
        "\(map.what("type")) must have one result: the import returns the new thread's id or the error value")
    }
    return SpawnRule(
      module: module, name: name, type: type, returns: returns, error: try map.requiredInteger("error"),
      location: map.location)
  }

  /// An integer or a quoted `"{constant}"`.
  private static func constant(_ node: YAMLNode, what: String) throws(RuleError) -> ConstantOperand {
    if node.isPlainScalar, let literal = try? node.integer("") { return .literal(literal) }
    if let text = node.scalarText, let name = OperandParser.constantName(text) { return .constant(name) }
    throw node.typeError(what, expected: "an integer or a quoted \"{constant}\"")
  }

  private static func destroy(_ node: YAMLNode, into declaration: inout HostDeclaration) throws(RuleError) {
    let destroy = try node.map(
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
}
