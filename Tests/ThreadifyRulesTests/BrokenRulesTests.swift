import Foundation
import Testing
import ThreadifyRules

/// Every file in `BrokenRules/` is a rule file with one mistake. Its first line says the error expected,
/// `# expect: LINE:COL: error: MESSAGE` (the file's path is implied), and its second line, `# at: TEXT`, says what
/// the file holds at LINE:COL, so that each location is checked to point at the offending key or instruction.
@Suite struct BrokenRulesTests {
  static let files: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: TestFiles.brokenRulesDirectory.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted()
  }()

  @Test func coversEnoughMistakes() {
    #expect(Self.files.count >= 30)
  }

  @Test(arguments: files)
  func reportsTheExpectedError(_ name: String) throws {
    let path = TestFiles.brokenRulesDirectory.appendingPathComponent(name).path
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    let expectPrefix = "# expect: "
    let atPrefix = "# at: "
    try #require(lines.count > 2 && lines[0].hasPrefix(expectPrefix) && lines[1].hasPrefix(atPrefix))
    let expected = "\(path):\(lines[0].dropFirst(expectPrefix.count))"

    let error = #expect(throws: RuleError.self) { try RuleSetLoader.load(path: path) }
    let thrown = try #require(error)
    #expect(thrown.description == expected)

    // The location points at the text named on the `# at:` line.
    let target = Array(lines[1].dropFirst(atPrefix.count).unicodeScalars)
    #expect(thrown.location.file == path)
    let line = Array(lines[thrown.location.line - 1].unicodeScalars)
    let found = line.dropFirst(thrown.location.column - 1).prefix(target.count)
    #expect(
      Array(found) == target,
      "\(thrown.location) holds '\(String(String.UnicodeScalarView(found)))', not '\(String(String.UnicodeScalarView(target)))'"
    )
  }
}
