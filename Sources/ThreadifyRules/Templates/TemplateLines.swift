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
    let bytes = Array(scalar.string.utf8)
    let contentLines = LineSplitter.lineRanges(of: bytes, carriageReturnLineFeed: .text)
    for (index, range) in contentLines.enumerated() {
      let lineNumber = firstLine + index
      let content = bytes[range]
      let fileLine = source.utf8(ofLine: lineNumber)
      // A byte suffix equal to a whole line starts where a scalar starts, so it is the same scalar suffix.
      if fileLine.count >= content.count, fileLine.suffix(content.count).elementsEqual(content) {
        indentation = Self.scalarCount(fileLine) - Self.scalarCount(content)
      }
      let tokens = Self.tokens(content).map { text, offset in
        Token(text: text, location: source.location(line: lineNumber, column: indentation + offset + 1))
      }
      if !tokens.isEmpty { lines.append(tokens) }
    }
    self.lines = lines
  }

  /// Words with their offsets in unicode scalars; `;;` ends the line; `(` … `)` is one word, nested parentheses
  /// included (a folded instruction is echoed whole in messages).
  ///
  /// Works on UTF-8 bytes: every byte it stops at is ASCII, so every word starts and ends where a scalar does.
  private static func tokens(_ line: ArraySlice<UInt8>) -> [(String, Int)] {
    func isSpace(_ index: Int) -> Bool { line[index] == UInt8(ascii: " ") || line[index] == UInt8(ascii: "\t") }
    func isComment(_ index: Int) -> Bool {
      line[index] == UInt8(ascii: ";") && index + 1 < line.endIndex && line[index + 1] == UInt8(ascii: ";")
    }
    var tokens: [(String, Int)] = []
    var index = line.startIndex
    var scalarOffset = 0  // scalars before `index`
    func advance() {
      if !isContinuation(line[index]) { scalarOffset += 1 }
      index += 1
    }
    while index < line.endIndex, !isComment(index) {
      if isSpace(index) {
        advance()
        continue
      }
      let start = index
      let startOffset = scalarOffset
      if line[index] == UInt8(ascii: "(") {
        var depth = 0
        while index < line.endIndex {
          if line[index] == UInt8(ascii: "(") { depth += 1 }
          let closes = line[index] == UInt8(ascii: ")")
          advance()
          if closes {
            depth -= 1
            if depth == 0 { break }
          }
        }
      } else {
        while index < line.endIndex, !isSpace(index), !isComment(index) { advance() }
      }
      tokens.append((String(decoding: line[start..<index], as: UTF8.self), startOffset))
    }
    return tokens
  }

  /// The number of unicode scalars in UTF-8 `bytes`.
  private static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
    bytes.reduce(0) { count, byte in isContinuation(byte) ? count : count + 1 }
  }

  /// Whether `byte` continues a multi-byte UTF-8 sequence.
  private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
