/// Reads one rule file's YAML tree into a `RuleFile`, checking every key, type and name as it goes.
enum RuleFileParser {
  static let topLevelKeys = [
    "extends", "name", "version", "marker", "names", "refuse", "requires", "symbols", "reserve", "params", "globals",
    "snippets", "functions", "start", "host", "rewrites", "base", "drop", "checks", "selection",
  ]

  /// Parses the file rooted at `root`.
  static func parse(_ root: YAMLNode) throws(RuleError) -> RuleFile {
    let map = try root.map("a rule file", context: "at the top level", allowed: topLevelKeys)
    var file = RuleFile(location: map.location)
    if let extends = map["extends"] {
      file.extends = (try extends.string(map.what("extends")), extends.location)
    }
    file.name = try map.string("name")
    file.version = try map.string("version")
    if let marker = map["marker"] {
      file.marker = try MarkerName.parse(marker, what: map.what("marker"))
    }
    if let names = map["names"] {
      let names = try names.map(map.what("names"), context: "in 'names'", allowed: ["prefix"])
      if let prefix = names["prefix"] {
        let text = try prefix.string(names.what("prefix"))
        guard !text.isEmpty, text.utf8.count <= 64, !text.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
          throw RuleError(prefix.location, "'names: prefix' must be 1 to 64 bytes of text without control characters")
        }
        file.namePrefix = text
      }
    }
    if let refuse = map["refuse"] {
      file.refusals = try refuse.list(map.what("refuse")).enumerated().map { index, entry throws(RuleError) in
        try RefusalParser.parse(entry, number: index + 1)
      }
    }
    file.requirements = try map["requires"].map(RequirementsParser.parse)
    file.symbols = try named(map, "symbols", kind: "symbol").map(SymbolParser.parse)
    file.reservation = try map["reserve"].map(ReservationParser.parse)
    file.params = try named(map, "params", kind: "param").map(ParamParser.parse)
    file.globals = try named(map, "globals", kind: "global").map(GlobalParser.parse)
    file.snippets = try named(map, "snippets", kind: "snippet").map(SnippetParser.parse)
    file.functions = try named(map, "functions", kind: "function").map(FunctionParser.parse)
    file.start = try map["start"].map(StartParser.parse)
    file.host = try map["host"].map(HostParser.parse)
    file.drops = try map["drop"].map(DropParser.parse)
    if let drops = file.drops, file.extends == nil {
      throw RuleError(drops.location, "'drop' removes entries of a base file; this file has no 'extends'")
    }
    if let base = map["base"], try base.bool(map.what("base")) { file.base = base.location }
    file.selection = try map["selection"].map(SelectionParser.parse)
    if let key = map.entries.first(where: { $0.key == "selection" }), file.base != nil {
      throw RuleError(
        key.keyLocation, "'selection' does not apply to a base (`base: true`): a base is never used to patch")
    }
    file.rewrites = try named(map, "rewrites", kind: "rewrite").map(RewriteParser.parse)
    file.checks = try named(map, "checks", kind: "check").map(CheckParser.parse)
    return file
  }

  /// The entries of a map of names (`symbols`, `params`, ...), each key checked to be a name.
  static func named(_ map: YAMLMap, _ key: String, kind: String) throws(RuleError) -> [YAMLMap.Entry] {
    guard let node = map[key] else { return [] }
    let entries = try node.map(map.what(key), context: "in '\(key)'", allowed: nil).entries
    for entry in entries { try Names.checkIdentifier(entry.key, kind, at: entry.keyLocation) }
    return entries
  }
}
