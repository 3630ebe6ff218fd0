import WasmBinary

/// Parses a global to inject: its type, its constant initialiser and an optional export name.
enum GlobalParser {
  static func parse(_ entry: YAMLMap.Entry) throws(RuleError) -> GlobalDeclaration {
    let context = "in global '\(entry.key)'"
    let map = try entry.value.map("global '\(entry.key)'", context: context, allowed: ["type", "init", "export"])
    let typeNode = try map.required("type")
    guard let type = TypeSyntax.globalType(try typeNode.string(map.what("type"))) else {
      throw typeNode.typeError(map.what("type"), expected: "a global type (i32, i64, mut i32 or mut i64)")
    }
    let initNode = try map.required("init")
    return GlobalDeclaration(
      rule: GlobalRule(
        name: entry.key, type: type, initialValue: try initialValue(initNode, type: type, context),
        export: try map.string("export"), location: entry.keyLocation),
      initLocation: initNode.location)
  }

  /// An integer literal fitting the type, or a quoted `"{constant}"`.
  private static func initialValue(_ node: YAMLNode, type: GlobalType, _ context: String) throws(RuleError)
    -> ConstantOperand
  {
    let what = "'init' \(context)"
    if let text = node.scalarText {
      if node.isPlainScalar, let literal = IntegerLiteral(text) {
        guard let value = literal.constant(for: type.valueType) else {
          throw node.error("\(what): \(text) does not fit in \(TypeSyntax.describe(type.valueType))")
        }
        return .literal(value)
      }
      if let name = OperandParser.constantName(text) { return .constant(name) }
    }
    if case .mapping(let mapping) = node.node, mapping.count == 1, let key = mapping.keys.first?.string {
      throw node.error("\(what) must be quoted to name a constant: write \"{\(key)}\"")
    }
    throw node.typeError(what, expected: "an integer or a quoted \"{constant}\"")
  }
}
