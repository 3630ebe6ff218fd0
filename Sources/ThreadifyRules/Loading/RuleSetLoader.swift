/// Loads rule files into checked rule sets.
public enum RuleSetLoader {
  /// Loads, merges (`extends`), and checks a rule set. Every problem is a located `RuleError`.
  ///
  /// - Parameters:
  ///   - path: the rule file; a base named by its `extends` is resolved relative to this path.
  ///   - reader: supplies file texts (the file system by default).
  ///   - bundled: rule files an `extends` may name by bundled name when no file of that name is next to it.
  public static func load(path: String, reader: RuleFileReader = .fileSystem, bundled: BundledRuleFiles = .none)
    throws(RuleError) -> RuleSet
  {
    try load(.file(path), reader: reader, bundled: bundled)
  }

  /// Loads the bundled rule file `fileName` (e.g. `llvm-threads.yaml`); its `extends` resolve to bundled files.
  /// Locations in it name the file name alone.
  public static func load(bundled fileName: String, from bundled: BundledRuleFiles) throws(RuleError) -> RuleSet {
    try load(.bundled(fileName), reader: .fileSystem, bundled: bundled)
  }

  /// Loads several bundled rule files (e.g. every one shipped); a bundled file that several extend (their base) is
  /// parsed once. The first error stops the loading.
  public static func load(bundled fileNames: [String], from bundled: BundledRuleFiles) throws(RuleError) -> [RuleSet] {
    var parsed: [String: RuleFile] = [:]
    return try fileNames.map { (fileName) throws(RuleError) in
      try load(.bundled(fileName), reader: .fileSystem, bundled: bundled, parsed: &parsed)
    }
  }

  private static func load(_ source: Source, reader: RuleFileReader, bundled: BundledRuleFiles) throws(RuleError)
    -> RuleSet
  {
    var parsed: [String: RuleFile] = [:]
    return try load(source, reader: reader, bundled: bundled, parsed: &parsed)
  }

  /// - Parameter parsed: bundled files already parsed, by source key; each bundled file parsed here is added.
  private static func load(
    _ source: Source, reader: RuleFileReader, bundled: BundledRuleFiles, parsed: inout [String: RuleFile]
  ) throws(RuleError) -> RuleSet {
    let path = source.path
    let files = try readChain(from: source, reader: reader, bundled: bundled, parsed: &parsed)
    var merged = files[files.count - 1]
    for file in files.dropLast().reversed() { merged = try file.merged(over: merged) }
    return try RuleSetChecker.check(merged, path: path)
  }

  /// Where a rule file's text comes from.
  private enum Source: Equatable {
    /// A path for the reader.
    case file(String)
    /// A bundled file name.
    case bundled(String)

    var path: String {
      switch self {
      case .file(let path), .bundled(let path): path
      }
    }

    /// The source's identity for cycle detection.
    var key: String {
      switch self {
      case .file(let path): "file:" + RulePath.normalize(path)
      case .bundled(let name): "bundled:" + name
      }
    }
  }

  /// The file at `source` and its bases, most derived first; a cycle is an error at the `extends` that starts it.
  private static func readChain(
    from source: Source, reader: RuleFileReader, bundled: BundledRuleFiles, parsed: inout [String: RuleFile]
  ) throws(RuleError) -> [RuleFile] {
    var files: [RuleFile] = []
    var sources: [Source] = []
    var indices: [String: Int] = [:]
    var next = source
    var text = try readText(source, reader: reader, bundled: bundled)
    var requestedAt: SourceLocation? = nil
    while true {
      let file: RuleFile
      if let known = parsed[next.key] {
        file = known
      } else {
        file = try parse(text, path: next.path, requestedAt: requestedAt)
        if case .bundled = next { parsed[next.key] = file }
      }
      indices[next.key] = sources.count
      files.append(file)
      sources.append(next)
      guard let extends = file.extends else { return files }
      if files.count >= RuleLimits.maxExtendsChain {
        throw RuleError(
          extends.location,
          "'extends' chain longer than \(RuleLimits.maxExtendsChain) files (this file is number \(files.count))")
      }
      (next, text) = try resolve(extends, of: next, reader: reader, bundled: bundled)
      requestedAt = extends.location
      if let first = indices[next.key] {
        let chain = (sources[first...] + [next]).map { RulePath.display($0.path, relativeTo: source.path) }
        throw RuleError(files[first].extends!.location, "extends cycle: \(chain.joined(separator: " → "))")
      }
    }
  }

  /// The base an `extends` names and its text: a path relative to the extending file, or, when nothing is there
  /// (or the extending file is bundled), a bundled file of that name.
  private static func resolve(
    _ extends: (path: String, location: SourceLocation), of file: Source, reader: RuleFileReader,
    bundled: BundledRuleFiles
  ) throws(RuleError) -> (Source, String) {
    if case .bundled = file {
      let name = extends.path.split(separator: "/").last.map(String.init) ?? extends.path
      guard let fileName = bundled.fileName(for: name) else {
        throw RuleError(
          extends.location,
          "cannot read base rule file '\(extends.path)': no bundled rule file of that name"
            + Names.hint(for: name, among: bundled.files.keys.sorted()))
      }
      return (.bundled(fileName), bundled.files[fileName]!)
    }
    let path = RulePath.resolve(extends.path, relativeTo: file.path)
    do {
      return (.file(path), try reader.read(path))
    } catch {
      if let fileName = bundled.fileName(for: extends.path) { return (.bundled(fileName), bundled.files[fileName]!) }
      throw RuleError(extends.location, "cannot read base rule file '\(path)': \(error)")
    }
  }

  private static func readText(_ source: Source, reader: RuleFileReader, bundled: BundledRuleFiles)
    throws(RuleError) -> String
  {
    switch source {
    case .bundled(let name):
      guard let text = bundled.files[name] else {
        throw RuleError(SourceLocation(file: name, line: 1, column: 1), "no bundled rule file \(name)")
      }
      return text
    case .file(let path):
      do {
        return try reader.read(path)
      } catch {
        throw RuleError(SourceLocation(file: path, line: 1, column: 1), "cannot read rule file: \(error)")
      }
    }
  }

  private static func parse(_ text: String, path: String, requestedAt: SourceLocation?) throws(RuleError) -> RuleFile {
    guard text.utf8.count <= RuleLimits.maxFileBytes else {
      throw RuleError(requestedAt ?? SourceLocation(file: path, line: 1, column: 1), RuleLimits.fileTooLarge)
    }
    let source = SourceText(path: path, text: text)
    return try RuleFileParser.parse(try YAMLDocument.parse(source, text: text))
  }
}
