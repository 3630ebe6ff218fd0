import Testing
import ThreadifyRules

/// Template lines are located in the rule file: Yams' mark for a block scalar is its `|`, content starts on the next
/// line, and columns add the block's indentation.
@Suite struct TemplateLocationTests {
  private func instructions(_ items: [TemplateItem]) -> [TemplateInstruction] {
    items.flatMap { item -> [TemplateInstruction] in
      switch item {
      case .instruction(let instruction): [instruction]
      case .conditional(_, let then, let otherwise, _): instructions(then) + instructions(otherwise)
      }
    }
  }

  /// Checks that every instruction's location holds its mnemonic.
  private func expectLocated(_ text: String, _ expected: [(String, Int, Int)]) throws {
    let rules = try InMemoryRules.load(text)
    let found = instructions(rules.functions[0].body)
    #expect(found.map(\.info.name) == expected.map(\.0))
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (instruction, (name, line, column)) in zip(found, expected) {
      #expect(instruction.location == SourceLocation(file: "t.yaml", line: line, column: column))
      let fileLine = Array(lines[line - 1].unicodeScalars)
      #expect(
        String(String.UnicodeScalarView(fileLine.dropFirst(column - 1).prefix(name.unicodeScalars.count))) == name)
    }
  }

  @Test func linesAndColumnsFollowTheBlockIndentation() throws {
    try expectLocated(
      InMemoryRules.header + """
        functions:
          f:
            body: |
              i32.const 1     ;; line 7
              if
                nop
              end

                  ;; a comment line, then a blank one

              i32.const 2
              drop
        """,
      [("i32.const", 7, 7), ("if", 8, 7), ("nop", 9, 9), ("end", 10, 7), ("i32.const", 14, 7), ("drop", 15, 7)])
  }

  @Test func aCommentAfterTheIndicatorAndLeadingBlankLines() throws {
    try expectLocated(
      InMemoryRules.header + """
        functions:
          f:
            body: |   # the body


              nop
                nop
        """,
      [("nop", 9, 7), ("nop", 10, 9)])
  }

  @Test func explicitIndentationIndicatorAndTabsInsideLines() throws {
    try expectLocated(
      InMemoryRules.header + "functions:\n  f:\n    body: |2\n        nop\n      \tnop\n",
      [("nop", 7, 9), ("nop", 8, 8)])
  }

  @Test func windowsLineEndings() throws {
    let text = (InMemoryRules.header + "functions:\n  f:\n    body: |\n      nop\n       nop\n")
      .replacingOccurrences(of: "\n", with: "\r\n")
    let rules = try InMemoryRules.load(text)
    #expect(
      instructions(rules.functions[0].body).map(\.location) == [
        SourceLocation(file: "t.yaml", line: 7, column: 7), SourceLocation(file: "t.yaml", line: 8, column: 8),
      ])
  }

  @Test func operandErrorsPointAtTheOperand() {
    #expect(
      InMemoryRules.error(InMemoryRules.function(body: "i32.const   {nope}\ndrop"))
        == "10:19: error: unknown constant '{nope}' (there are none)")
    #expect(
      InMemoryRules.error(InMemoryRules.function(body: "i32.const 0\ni32.load offset=-1"))
        == "11:16: error: offset of 'i32.load' must be an unsigned integer or a {constant}, found '-1'")
  }

  @Test func snippetLinesKeepTheirOwnLocations() throws {
    let text =
      InMemoryRules.header + """
        snippets:
          two: |
            i32.const 2
        functions:
          f:
            results: [i32]
            body: |
              @use two
        """
    let rules = try InMemoryRules.load(text)
    #expect(
      instructions(rules.functions[0].body).map(\.location) == [SourceLocation(file: "t.yaml", line: 6, column: 5)])
  }
}
