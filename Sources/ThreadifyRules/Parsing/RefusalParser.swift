/// Parses a `refuse` entry: exactly one matcher key plus `flavour` and `reason`.
enum RefusalParser {
  static let matcherKeys = ["export", "import", "custom_section", "name"]

  static func parse(_ node: YAMLNode, number: Int) throws(RuleError) -> Refusal {
    let map = try node.map(
      "refuse entry \(number)", context: "in refuse entry \(number)", allowed: matcherKeys + ["flavour", "reason"])
    let matchers = map.present(among: matcherKeys)
    guard let matcher = matchers.first else {
      throw RuleError(
        map.location,
        "refuse entry \(number) needs one matcher key (\(matcherKeys.joined(separator: ", ")))")
    }
    if matchers.count > 1 {
      throw RuleError(
        matchers[1].keyLocation,
        "refuse entry \(number) has two matcher keys ('\(matcher.key)' and '\(matchers[1].key)'): use one per entry")
    }
    let text = try matcher.value.string(map.what(matcher.key))
    let moduleMatcher: ModuleMatcher
    switch matcher.key {
    case "export": moduleMatcher = .export(text)
    case "import":
      let (module, name) = try ImportName.split(text, at: matcher.value, what: map.what("import"))
      moduleMatcher = .import(module: module, name: name)
    case "custom_section": moduleMatcher = .customSection(text)
    default: moduleMatcher = .name(text)
    }
    return Refusal(
      matcher: moduleMatcher, flavour: try map.requiredString("flavour"), reason: try map.requiredString("reason"),
      location: map.location)
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
