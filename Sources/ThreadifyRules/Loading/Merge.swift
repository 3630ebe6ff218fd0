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
    result.symbols = Self.merge(base.symbols, symbols, name: { $0.name })
    result.reservation = reservation ?? base.reservation
    result.params = Self.merge(base.params, params, name: { $0.name })
    result.globals = Self.merge(base.globals, globals, name: { $0.name })
    result.snippets = Self.merge(base.snippets, snippets, name: { $0.name })
    result.functions = Self.merge(base.functions, functions, name: { $0.name })
    result.start = start ?? base.start
    result.rewrites = Self.merge(base.rewrites, rewrites, name: { $0.name })
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
}
