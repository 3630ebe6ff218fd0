/// Parses a symbol: exactly one kind key (`global`, `function`, `value`, `table`), its lookups and options.
enum SymbolParser {
  static let kindKeys = ["global", "function", "value", "table"]
  static let keys = kindKeys + ["lookup", "optional", "default", "unexport", "export", "hint", "role"]
  static let lookupKeys = ["export", "import", "name", "start", "heuristic", "index", "only"]

  static func parse(_ entry: YAMLMap.Entry) throws(RuleError) -> SymbolRule {
    let name = entry.key
    let map = try entry.value.map("symbol '\(name)'", context: "in symbol '\(name)'", allowed: keys)
    let kind = try self.kind(map, symbol: name)
    let lookupNodes = try map.required("lookup").list(map.what("lookup"))
    guard !lookupNodes.isEmpty else { throw map["lookup"]!.error("'lookup' in symbol '\(name)' is empty") }
    var lookups: [(lookup: Lookup, location: SourceLocation)] = []
    for (index, node) in lookupNodes.enumerated() {
      lookups.append(try lookup(node, number: index + 1, symbol: name, kind: kind))
    }
    if let defaultNode = map["default"], kind != .value {
      throw defaultNode.error("'default' in symbol '\(name)' is only allowed for value symbols")
    }
    return SymbolRule(
      name: name, kind: kind, lookups: lookups, optional: try map.bool("optional") ?? false,
      defaultValue: try map.integer("default"), unexport: try map.bool("unexport") ?? false,
      export: try map.string("export"), hint: try map.string("hint"),
      role: try map["role"].map { node throws(RuleError) in try role(node, symbol: name, kind: kind) },
      location: entry.keyLocation)
  }

  /// `role:` one of `SymbolRole`'s names, fitting the symbol's kind.
  private static func role(_ node: YAMLNode, symbol: String, kind: SymbolKind) throws(RuleError) -> SymbolRole {
    guard let role = node.scalarText.flatMap(SymbolRole.init(rawValue:)) else {
      throw node.typeError(
        "'role' in symbol '\(symbol)'",
        expected: "one of " + SymbolRole.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
    }
    let fits: Bool
    switch kind {
    case .global(let type): fits = role.isGlobal && type.mutability == .variable
    case .value: fits = !role.isGlobal
    case .function, .table: fits = false
    }
    guard fits else {
      throw node.error(
        "role '\(role.rawValue)' needs \(role.isGlobal ? "a mutable global symbol" : "a value symbol"); "
          + "symbol '\(symbol)' is not one")
    }
    return role
  }

  private static func kind(_ map: YAMLMap, symbol: String) throws(RuleError) -> SymbolKind {
    let kinds = map.present(among: kindKeys)
    guard let kind = kinds.first else {
      throw RuleError(map.location, "symbol '\(symbol)' needs one kind key: global, function, value or table")
    }
    if kinds.count > 1 {
      throw RuleError(
        kinds[1].keyLocation,
        "symbol '\(symbol)' has two kind keys ('\(kind.key)' and '\(kinds[1].key)'): a symbol has exactly one kind")
    }
    let text = try kind.value.string(map.what(kind.key))
    switch kind.key {
    case "global":
      guard let type = TypeSyntax.globalType(text) else {
        throw kind.value.typeError(map.what("global"), expected: "a global type (i32, i64, mut i32 or mut i64)")
      }
      return .global(type)
    case "function":
      guard let type = TypeSyntax.functionType(text) else {
        throw kind.value.error(
          "bad function signature '\(text)' in symbol '\(symbol)' "
            + "(expected '(PARAMS) -> (RESULTS)' or '(PARAMS) -> RESULT', e.g. '(i32 i32) -> i32')")
      }
      return .function(type)
    case "table":
      guard let type = TypeSyntax.tableType(text) else {
        throw kind.value.typeError(
          map.what("table"), expected: "a table type (funcref, externref, or i64 funcref for a table64)")
      }
      return .table(type)
    default:
      guard text == "i32" || text == "i64" else {
        throw kind.value.typeError(map.what("value"), expected: "i32 or i64")
      }
      return .value
    }
  }

  private static func lookup(_ node: YAMLNode, number: Int, symbol: String, kind: SymbolKind) throws(RuleError) -> (
    lookup: Lookup, location: SourceLocation
  ) {
    let context = "in lookup \(number) of symbol '\(symbol)'"
    let map = try node.map("lookup \(number) of symbol '\(symbol)'", context: context, allowed: lookupKeys)
    guard map.entries.count == 1, let entry = map.entries.first else {
      throw RuleError(
        map.entries.dropFirst().first?.keyLocation ?? map.location,
        "lookup \(number) of symbol '\(symbol)' must have exactly one key (\(lookupKeys.joined(separator: ", ")))")
    }
    let what = map.what(entry.key)
    let lookup: Lookup
    switch entry.key {
    case "name" where kind.isTable:
      throw entry.keyLocationError(
        "\(what): tables are found by 'export', 'import', 'index' or 'only', not by name-section name")
    case "export": lookup = .export(try entry.value.string(what))
    case "name": lookup = .name(try entry.value.string(what))
    case "import":
      let (module, name) = try ImportName.split(try entry.value.string(what), at: entry.value, what: what)
      lookup = .import(module: module, name: name)
    case "index", "only":
      guard case .table = kind else {
        throw entry.keyLocationError("\(what): the '\(entry.key)' lookup finds a table, and '\(symbol)' is not one")
      }
      if entry.key == "only" {
        guard try entry.value.bool(what) else { throw entry.value.error("\(what) can only be 'true'") }
        lookup = .only
      } else {
        guard let index = UInt32(exactly: try entry.value.integer(what)) else {
          throw entry.value.typeError(what, expected: "a table index (a non-negative integer)")
        }
        lookup = .index(index)
      }
    case "start":
      guard try entry.value.bool(what) else { throw entry.value.error("\(what) can only be 'true'") }
      guard case .function = kind else {
        throw entry.keyLocationError("\(what): the start lookup finds a function, and '\(symbol)' is not one")
      }
      lookup = .start
    default:
      let heuristicName = try entry.value.string(what)
      guard let heuristic = Heuristic(rawValue: heuristicName) else {
        throw entry.value.error(
          "unknown heuristic '\(heuristicName)' \(context) "
            + "(known: \(Heuristic.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      if kind.isTable {
        throw entry.keyLocationError("\(what): heuristic '\(heuristicName)' finds a global, and '\(symbol)' is a table")
      }
      if case .function = kind {
        throw entry.keyLocationError(
          "\(what): heuristic '\(heuristicName)' finds a global, and '\(symbol)' is a function")
      }
      lookup = .heuristic(heuristic)
    }
    return (lookup, entry.keyLocation)
  }
}

extension SymbolKind {
  /// Whether the symbol is a table.
  var isTable: Bool { if case .table = self { true } else { false } }
}

extension YAMLMap.Entry {
  /// An error at this entry's key.
  func keyLocationError(_ message: String) -> RuleError { RuleError(keyLocation, message) }
}
