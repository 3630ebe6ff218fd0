import Testing
import ThreadifyRules

/// `extends` naming a bundled rule file from a file anywhere (issue 12, item 4).
@Suite struct BundledExtendsTests {
  private let bundled = BundledRuleFiles([
    "base.yaml": """
    name: base
    version: "1"
    marker: m
    params:
      p: {default: 1}
    """,
    "mid.yaml": """
    extends: base.yaml
    name: mid
    params:
      q: {default: 2}
    """,
  ])

  @Test(arguments: ["base", "base.yaml"])
  func aBundledNameResolvesWhenNoFileIsThere(_ value: String) throws {
    let rules = try RuleSetLoader.load(
      path: "/elsewhere/mine.yaml", reader: InMemoryRules.reader(["/elsewhere/mine.yaml": "extends: \(value)\n"]),
      bundled: bundled)
    #expect(rules.name == "base")
    #expect(rules.params.map(\.name) == ["p"])
    #expect(rules.params[0].location.file == "base.yaml")
  }

  @Test func aBundledFilesOwnExtendsStayBundled() throws {
    let rules = try RuleSetLoader.load(
      path: "x/mine.yaml", reader: InMemoryRules.reader(["x/mine.yaml": "extends: mid\nname: mine\n"]),
      bundled: bundled)
    #expect(rules.name == "mine")
    #expect(rules.params.map(\.name) == ["p", "q"])
  }

  @Test func aFileNextToTheExtendingFileWins() throws {
    let local = "name: local\nversion: \"2\"\nmarker: m\n"
    let rules = try RuleSetLoader.load(
      path: "x/mine.yaml",
      reader: InMemoryRules.reader(["x/mine.yaml": "extends: base.yaml\n", "x/base.yaml": local]), bundled: bundled)
    #expect(rules.name == "local")
  }

  @Test func anUnknownNameIsStillReportedAtExtends() {
    #expect(
      throws: RuleError(
        SourceLocation(file: "x/mine.yaml", line: 1, column: 10),
        "cannot read base rule file 'x/bsae': no such file")
    ) {
      try RuleSetLoader.load(
        path: "x/mine.yaml", reader: InMemoryRules.reader(["x/mine.yaml": "extends: bsae\n"]), bundled: bundled)
    }
  }

  @Test func aBundledFileCanBeLoadedByName() throws {
    let rules = try RuleSetLoader.load(bundled: "mid.yaml", from: bundled)
    #expect(rules.name == "mid")
    #expect(rules.location.file == "mid.yaml")
  }
}
