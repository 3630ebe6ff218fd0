/// Loads rule files into checked rule sets.
public enum RuleSetLoader {
  /// Loads, merges (`extends`), and checks a rule set. Every problem is a located `RuleError`.
  ///
  /// - Parameters:
  ///   - path: the rule file; a base named by its `extends` is resolved relative to this path.
  ///   - reader: supplies file texts (the file system by default).
  public static func load(path: String, reader: RuleFileReader = .fileSystem) throws(RuleError) -> RuleSet {
    let files = try readChain(from: path, reader: reader)
    var merged = files[files.count - 1]
    for file in files.dropLast().reversed() { merged = file.merged(over: merged) }
    return try RuleSetChecker.check(merged, path: path)
  }

  /// The file at `path` and its bases, most derived first; a cycle is an error at the `extends` that starts it.
  private static func readChain(from path: String, reader: RuleFileReader) throws(RuleError) -> [RuleFile] {
    var files: [RuleFile] = []
    var paths: [String] = []
    var indices: [String: Int] = [:]
    var nextPath = path
    while true {
      let normalized = RulePath.normalize(nextPath)
      if let first = indices[normalized] {
        let chain = (paths[first...] + [normalized]).map { RulePath.display($0, relativeTo: path) }
        throw RuleError(files[first].extends!.location, "extends cycle: \(chain.joined(separator: " → "))")
      }
      if let last = files.last, files.count >= RuleLimits.maxExtendsChain {
        throw RuleError(
          last.extends!.location,
          "'extends' chain longer than \(RuleLimits.maxExtendsChain) files (this file is number \(files.count))")
      }
      let file = try readFile(nextPath, requestedAt: files.last?.extends?.location, reader: reader)
      files.append(file)
      indices[normalized] = paths.count
      paths.append(normalized)
      guard let extends = file.extends else { return files }
      nextPath = RulePath.resolve(extends.path, relativeTo: nextPath)
    }
  }

  private static func readFile(_ path: String, requestedAt: SourceLocation?, reader: RuleFileReader)
    throws(RuleError) -> RuleFile
  {
    let text: String
    do {
      text = try reader.read(path)
    } catch {
      guard let requestedAt else {
        throw RuleError(SourceLocation(file: path, line: 1, column: 1), "cannot read rule file: \(error)")
      }
      throw RuleError(requestedAt, "cannot read base rule file '\(path)': \(error)")
    }
    guard text.utf8.count <= RuleLimits.maxFileBytes else {
      throw RuleError(requestedAt ?? SourceLocation(file: path, line: 1, column: 1), RuleLimits.fileTooLarge)
    }
    let source = SourceText(path: path, text: text)
    return try RuleFileParser.parse(try YAMLDocument.parse(source, text: text))
  }
}
