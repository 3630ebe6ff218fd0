/// Splits a template (a literal block scalar) into located, tokenised lines.
///
/// Yams' mark for a block scalar points at its `|` indicator; the content starts on the next line, and the scalar's
/// text keeps one line per file line (leading blank lines included). So content line `i` is file line
/// `mark.line + 1 + i`, and a character at offset `k` of that content line sits at column
/// `indentation + k + 1`, where `indentation` is how much longer the file line is than the content line (YAML strips
/// exactly the block's indentation).
struct TemplateLines {
  /// A whitespace-separated word of a template line (a parenthesised group counts as one word).
  struct Token {
    let text: String
    let location: SourceLocation
  }

  /// The non-empty lines, each a list of tokens (comments removed).
  let lines: [[Token]]

  /// Tokenises `node`, which must be a literal block scalar; `what` names it for the type error.
  init(_ node: YAMLNode, what: String) throws(RuleError) {
    guard case .scalar(let scalar) = node.node, scalar.style == .literal else {
      throw node.typeError(what, expected: "a literal block scalar ('|' followed by one instruction per line)")
    }
    let source = node.source
    let firstLine = (node.node.mark?.line ?? 0) + 1
    var indentation = 0
    var lines: [[Token]] = []
    for (index, content) in scalar.string.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let lineNumber = firstLine + index
      let contentScalars = Array(content.unicodeScalars)
      let fileScalars = source.scalars(ofLine: lineNumber)
      if fileScalars.count >= contentScalars.count, Array(fileScalars.suffix(contentScalars.count)) == contentScalars {
        indentation = fileScalars.count - contentScalars.count
      }
      let tokens = Self.tokens(contentScalars).map { text, offset in
        Token(text: text, location: source.location(line: lineNumber, column: indentation + offset + 1))
      }
      if !tokens.isEmpty { lines.append(tokens) }
    }
    self.lines = lines
  }

  /// Words with their offsets; `;;` ends the line; `(` … `)` is one word.
  private static func tokens(_ line: [Unicode.Scalar]) -> [(String, Int)] {
    func isSpace(_ index: Int) -> Bool { line[index] == " " || line[index] == "\t" }
    func isComment(_ index: Int) -> Bool { line[index] == ";" && index + 1 < line.count && line[index + 1] == ";" }
    var tokens: [(String, Int)] = []
    var index = 0
    while index < line.count, !isComment(index) {
      if isSpace(index) {
        index += 1
        continue
      }
      let start = index
      if line[index] == "(" {
        while index < line.count, line[index] != ")" { index += 1 }
        index = min(index + 1, line.count)
      } else {
        while index < line.count, !isSpace(index), !isComment(index) { index += 1 }
      }
      var text = ""
      text.unicodeScalars.append(contentsOf: line[start..<index])
      tokens.append((text, start))
    }
    return tokens
  }
}
