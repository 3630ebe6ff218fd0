/// What an extending file removes from its base before laying itself over it (`drop:`).
struct Drops {
  /// One named entry to drop: a symbol, global, ... name, or a refusal flavour.
  struct Name {
    let name: String
    let location: SourceLocation
  }

  /// Where one section is dropped: whole (`true`), or by name.
  enum Selection {
    case all(SourceLocation)
    case names([Name])
  }

  /// The `drop` key's mapping.
  let location: SourceLocation
  /// Section key (`reserve`, `globals`, `refuse`, ...) → what of it is dropped, in file order.
  let sections: [(key: String, selection: Selection)]
}

/// Parses `drop:`: `reserve`, `start`, `requires`, `host` take `true`; the named sections (`symbols`, `params`, `globals`,
/// `snippets`, `functions`, `rewrites`, `checks`) take `true` or a list of names; `refuse` takes `true` or a list of flavours.
enum DropParser {
  static let wholeKeys = ["reserve", "start", "requires", "host"]
  static let namedKeys = ["symbols", "params", "globals", "snippets", "functions", "rewrites", "checks", "refuse"]

  static func parse(_ node: YAMLNode) throws(RuleError) -> Drops {
    let map = try node.map("'drop'", context: "in drop", allowed: wholeKeys + namedKeys)
    var sections: [(key: String, selection: Drops.Selection)] = []
    for entry in map.entries {
      if case .sequence = entry.value.node, namedKeys.contains(entry.key) {
        let names = try entry.value.list(map.what(entry.key)).map { item throws(RuleError) in
          Drops.Name(name: try item.string("an entry of \(map.what(entry.key))"), location: item.location)
        }
        sections.append((entry.key, .names(names)))
        continue
      }
      let expected =
        wholeKeys.contains(entry.key)
        ? "true" : entry.key == "refuse" ? "true or a list of flavours" : "true or a list of names"
      guard entry.value.isPlainScalar, entry.value.scalarText == "true" else {
        throw entry.value.typeError(map.what(entry.key), expected: expected)
      }
      sections.append((entry.key, .all(entry.value.location)))
    }
    return Drops(location: map.location, sections: sections)
  }
}
