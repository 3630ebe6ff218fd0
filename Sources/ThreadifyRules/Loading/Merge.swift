extension RuleFile {
  /// Lays `self` (the extending file) over `base`: scalars and whole sections replace the base's when present, named
  /// maps merge entry by entry (an entry replaces the base entry of the same name, in its place), `refuse` lists
  /// concatenate base first. Entries keep the locations of the file they came from.
  func merged(over base: RuleFile) throws(RuleError) -> RuleFile {
    var result = base
    if let drops { try result.drop(drops) }
    let base = result
    result.location = location
    result.extends = extends
    result.name = name ?? base.name
    result.version = version ?? base.version
    result.marker = marker ?? base.marker
    result.namePrefix = namePrefix ?? base.namePrefix
    result.refusals = base.refusals + refusals
    result.requirements = requirements ?? base.requirements
    result.symbols = Self.merge(base.symbols, symbols, name: { $0.name })
    result.reservation = reservation ?? base.reservation
    result.params = Self.merge(base.params, params, name: { $0.name })
    result.globals = Self.merge(base.globals, globals, name: { $0.name })
    result.snippets = Self.merge(base.snippets, snippets, name: { $0.name })
    result.functions = Self.merge(base.functions, functions, name: { $0.name })
    result.start = start ?? base.start
    result.base = self.base
    result.selection = self.selection
    result.host = host ?? base.host
    result.rewrites = Self.merge(base.rewrites, rewrites, name: { $0.name })
    result.checks = Self.merge(base.checks, checks, name: { $0.name })
    return result
  }

  /// `name` is a closure rather than a key path: key path objects are built at run time, which costs more than the
  /// whole merge. Entries are found by a dictionary of names, so a merge takes time linear in the entries.
  private static func merge<Entry>(_ base: [Entry], _ overlay: [Entry], name: (Entry) -> String) -> [Entry] {
    var result = base
    var indices: [String: Int] = [:]
    for (index, entry) in base.enumerated() where indices[name(entry)] == nil { indices[name(entry)] = index }
    for entry in overlay {
      if let index = indices[name(entry)] {
        result[index] = entry
      } else {
        indices[name(entry)] = result.count
        result.append(entry)
      }
    }
    return result
  }

  /// Removes what `drops` names; naming something the base does not have is an error at the name.
  private mutating func drop(_ drops: Drops) throws(RuleError) {
    for (key, selection) in drops.sections {
      switch key {
      case "reserve": try Self.dropWhole(&reservation, key, selection)
      case "start": try Self.dropWhole(&start, key, selection)
      case "requires": try Self.dropWhole(&requirements, key, selection)
      case "host": try Self.dropWhole(&host, key, selection)
      case "symbols": try Self.dropNamed(&symbols, "symbol", selection, name: { $0.name })
      case "params": try Self.dropNamed(&params, "param", selection, name: { $0.name })
      case "globals": try Self.dropNamed(&globals, "global", selection, name: { $0.name })
      case "snippets": try Self.dropNamed(&snippets, "snippet", selection, name: { $0.name })
      case "functions": try Self.dropNamed(&functions, "function", selection, name: { $0.name })
      case "rewrites": try Self.dropNamed(&rewrites, "rewrite", selection, name: { $0.name })
      case "checks": try Self.dropNamed(&checks, "check", selection, name: { $0.name })
      default: try Self.dropNamed(&refusals, "refusal of flavour", selection, all: "refusal", name: { $0.flavour })
      }
    }
  }

  private static func dropWhole<Value>(_ value: inout Value?, _ key: String, _ selection: Drops.Selection)
    throws(RuleError)
  {
    guard case .all(let location) = selection else { return }
    guard value != nil else { throw RuleError(location, "cannot drop '\(key)': the base has none") }
    value = nil
  }

  private static func dropNamed<Entry>(
    _ entries: inout [Entry], _ kind: String, _ selection: Drops.Selection, all: String? = nil,
    name: (Entry) -> String
  ) throws(RuleError) {
    switch selection {
    case .all(let location):
      guard !entries.isEmpty else {
        throw RuleError(location, "cannot drop every \(all ?? kind): the base has none")
      }
      entries = []
    case .names(let names):
      for dropped in names {
        guard entries.contains(where: { name($0) == dropped.name }) else {
          throw RuleError(
            dropped.location,
            "cannot drop \(kind) '\(dropped.name)': the base has none of that name"
              + Names.hint(for: dropped.name, among: entries.map(name)))
        }
        entries.removeAll { name($0) == dropped.name }
      }
    }
  }
}
