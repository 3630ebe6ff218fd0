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
  /// column further down, or later on the same line in a flow mapping) to point at it. Linear in the file: the
  /// first line (a whole flow mapping may be one line of megabytes) is searched with Knuth–Morris–Pratt.
  private static func duplicateKeyError(_ key: String, first: SourceLocation, in source: SourceText) -> RuleError {
    let keyScalars = Array(key.unicodeScalars)
    func isKey(_ line: [Unicode.Scalar], at index: Int) -> Bool {
      guard index >= 0, index + keyScalars.count <= line.count,
        line[index..<index + keyScalars.count].elementsEqual(keyScalars)
      else { return false }
      return line[(index + keyScalars.count)...].first { $0 != " " } == ":"
    }
    let firstLine = source.scalars(ofLine: first.line)
    let keyIndex = first.column - 1
    if !keyScalars.isEmpty, let index = laterKey(keyScalars, in: firstLine, after: keyIndex + keyScalars.count) {
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

  /// The first index at or after `start` where `key` is written as a flow-mapping key of `line` (after `{`, `,` or a
  /// space, followed by optional spaces and `:`).
  private static func laterKey(_ key: [Unicode.Scalar], in line: [Unicode.Scalar], after start: Int) -> Int? {
    guard start < line.count else { return nil }
    // nextNonSpace[i]: the first index at or after i that is not a space (line.count if none).
    var nextNonSpace = [Int](repeating: line.count, count: line.count + 1)
    for index in stride(from: line.count - 1, through: 0, by: -1) {
      nextNonSpace[index] = line[index] == " " ? nextNonSpace[index + 1] : index
    }
    // Knuth–Morris–Pratt: failure[i] is the length of the longest proper border of key[0...i].
    var failure = [Int](repeating: 0, count: key.count)
    var border = 0
    for index in 1..<max(key.count, 1) {
      while border > 0, key[index] != key[border] { border = failure[border - 1] }
      if key[index] == key[border] { border += 1 }
      failure[index] = border
    }
    var matched = 0
    for index in start..<line.count {
      while matched > 0, line[index] != key[matched] { matched = failure[matched - 1] }
      if line[index] == key[matched] { matched += 1 }
      guard matched == key.count else { continue }
      let keyStart = index + 1 - key.count
      let after = nextNonSpace[index + 1]
      if keyStart > 0, [",", "{", " "].contains(line[keyStart - 1]), after < line.count, line[after] == ":" {
        return keyStart
      }
      matched = failure[matched - 1]
    }
    return nil
  }
}
