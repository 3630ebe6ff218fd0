import Yams

/// Parses a rule file's YAML text into a located node tree, turning Yams' errors into located rule errors.
enum YAMLDocument {
  /// The file's root node; an empty file, a YAML error or a file over a YAML limit (``RuleLimits``) is a located
  /// error.
  static func parse(_ source: SourceText, text: String) throws(RuleError) -> YAMLNode {
    try YAMLBudget.check(text, source: source)
    let root: Node?
    do {
      root = try YAMLComposer.compose(text)
    } catch let error as YamlError {
      throw ruleError(error, in: source)
    } catch {
      throw RuleError(source.location(line: 1, column: 1), "YAML error: \(error)")
    }
    guard let root else { throw RuleError(source.location(line: 1, column: 1), "the rule file is empty") }
    return YAMLNode(node: root, source: source)
  }

  private static func ruleError(_ error: YamlError, in source: SourceText) -> RuleError {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let location = source.location(mark)
      if problem.contains("tab character") || source.scalars(ofLine: mark.line).dropFirst(mark.column - 1).first == "\t"
      {
        return RuleError(location, "tab character in indentation: YAML indents with spaces only")
      }
      let contextNote = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
      return RuleError(location, "YAML syntax error: \(problem)\(contextNote)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return duplicateKeyError(duplicates.first ?? "", first: source.location(context.mark), in: source)
    case .reader(let problem, _, _, _):
      return RuleError(source.location(line: 1, column: 1), "the rule file cannot be read as text: \(problem)")
    default:
      return RuleError(source.location(line: 1, column: 1), "YAML error: \(error)")
    }
  }

  /// Yams reports a duplicate key at its first occurrence; this finds the second one (a sibling key at the same
  /// column further down, or later on the same line in a flow mapping) to point at it.
  private static func duplicateKeyError(_ key: String, first: SourceLocation, in source: SourceText) -> RuleError {
    let keyScalars = Array(key.unicodeScalars)
    func isKey(_ line: [Unicode.Scalar], at index: Int) -> Bool {
      guard index >= 0, index + keyScalars.count <= line.count,
        Array(line[index..<index + keyScalars.count]) == keyScalars
      else { return false }
      return line[(index + keyScalars.count)...].first { $0 != " " } == ":"
    }
    let firstLine = source.scalars(ofLine: first.line)
    let keyIndex = first.column - 1
    for index in stride(from: keyIndex + keyScalars.count, to: firstLine.count, by: 1)
    where isKey(firstLine, at: index) && [",", "{", " "].contains(firstLine[index - 1]) {
      return RuleError(
        source.location(line: first.line, column: index + 1),
        "duplicate key '\(key)' (first at column \(first.column))")
    }
    var lineNumber = first.line + 1
    while lineNumber <= source.lineCount {
      let line = source.scalars(ofLine: lineNumber)
      let indentation = line.firstIndex { $0 != " " } ?? line.count
      let isBlankOrComment = indentation == line.count || line[indentation] == "#"
      if !isBlankOrComment {
        if indentation < keyIndex { break }
        if indentation == keyIndex, isKey(line, at: keyIndex) {
          return RuleError(
            source.location(line: lineNumber, column: first.column),
            "duplicate key '\(key)' (first at line \(first.line))")
        }
      }
      lineNumber += 1
    }
    return RuleError(first, "duplicate key '\(key)'")
  }
}
