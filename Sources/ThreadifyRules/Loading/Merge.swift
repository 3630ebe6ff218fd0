extension RuleFile {
  /// Lays `self` (the extending file) over `base`: scalars and whole sections replace the base's when present, named
  /// maps merge entry by entry (an entry replaces the base entry of the same name, in its place), `refuse` lists
  /// concatenate base first. Entries keep the locations of the file they came from.
  func merged(over base: RuleFile) -> RuleFile {
    var result = base
    result.location = location
    result.extends = extends
    result.name = name ?? base.name
    result.version = version ?? base.version
    result.marker = marker ?? base.marker
    result.refusals = base.refusals + refusals
    result.requirements = requirements ?? base.requirements
    result.symbols = Self.merge(base.symbols, symbols, name: \.name)
    result.reservation = reservation ?? base.reservation
    result.params = Self.merge(base.params, params, name: \.name)
    result.globals = Self.merge(base.globals, globals, name: \.name)
    result.snippets = Self.merge(base.snippets, snippets, name: \.name)
    result.functions = Self.merge(base.functions, functions, name: \.name)
    result.start = start ?? base.start
    result.rewrites = Self.merge(base.rewrites, rewrites, name: \.name)
    return result
  }

  private static func merge<Entry>(_ base: [Entry], _ overlay: [Entry], name: KeyPath<Entry, String>) -> [Entry] {
    var result = base
    for entry in overlay {
      if let index = result.firstIndex(where: { $0[keyPath: name] == entry[keyPath: name] }) {
        result[index] = entry
      } else {
        result.append(entry)
      }
    }
    return result
  }
}
