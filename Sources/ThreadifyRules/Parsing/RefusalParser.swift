/// Parses a `refuse` entry: one or more matcher keys (all must hold) plus `flavour` and `reason`.
enum RefusalParser {
  /// Matcher keys that name something the module must have.
  static let namingKeys = ["export", "import", "import_module", "imports_only_from", "custom_section", "name"]
  /// Matcher keys that only narrow a naming matcher: on their own they would refuse most modules.
  static let shapeKeys = ["start_section", "name_section", "shared_memory"]
  static let matcherKeys = namingKeys + shapeKeys

  static func parse(_ node: YAMLNode, number: Int) throws(RuleError) -> Refusal {
    let map = try node.map(
      "refuse entry \(number)", context: "in refuse entry \(number)", allowed: matcherKeys + ["flavour", "reason"])
    let entries = map.present(among: matcherKeys)
    guard entries.contains(where: { namingKeys.contains($0.key) }) else {
      let shapes = entries.map { "'\($0.key)'" }.joined(separator: ", ")
      throw RuleError(
        map.location,
        "refuse entry \(number) needs a matcher key that names something (\(namingKeys.joined(separator: ", ")))"
          + (shapes.isEmpty ? "" : ": \(shapes) only narrow one"))
    }
    var matchers: [ModuleMatcher] = []
    for entry in entries {
      matchers.append(try matcher(entry, in: map))
    }
    return Refusal(
      matchers: matchers, flavour: try map.requiredString("flavour"), reason: try map.requiredString("reason"),
      location: map.location)
  }

  private static func matcher(_ entry: YAMLMap.Entry, in map: YAMLMap) throws(RuleError) -> ModuleMatcher {
    let what = map.what(entry.key)
    switch entry.key {
    case "export": return .export(try entry.value.string(what))
    case "import":
      let (module, name) = try ImportName.split(try entry.value.string(what), at: entry.value, what: what)
      return .import(module: module, name: name)
    case "import_module": return .importModule(try entry.value.string(what))
    case "imports_only_from":
      let items = try entry.value.list(what)
      guard !items.isEmpty else { throw entry.value.error("\(what) must list at least one module name") }
      var modules: [String] = []
      for item in items {
        modules.append(try item.string("an item of \(what)"))
      }
      return .importsOnlyFrom(modules)
    case "custom_section": return .customSection(try entry.value.string(what))
    case "name": return .name(try entry.value.string(what))
    case "start_section": return .startSection(try entry.value.bool(what))
    case "name_section": return .nameSection(try entry.value.bool(what))
    default: return .sharedMemory(try entry.value.bool(what))
    }
  }
}

/// `MODULE.NAME`, split at the first `.`.
enum ImportName {
  static func split(_ text: String, at node: YAMLNode, what: String) throws(RuleError) -> (String, String) {
    guard let dot = text.firstIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex else {
      throw node.error("\(what) must be MODULE.NAME, found '\(text)'")
    }
    return (String(text[..<dot]), String(text[text.index(after: dot)...]))
  }
}
