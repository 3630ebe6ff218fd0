import Testing
import ThreadifyRules

/// A `refuse` entry's matcher keys: each parses to its condition, several in one entry are kept in file order (all
/// must hold), and a bad value is an error at that value.
@Suite struct RefusalParserTests {
  private func refusals(_ entries: String) throws -> [Refusal] {
    try InMemoryRules.load(InMemoryRules.header + "refuse:\n" + entries).refusals
  }

  @Test func everyMatcherKeyParsesToItsCondition() throws {
    let parsed = try refusals(
      """
        - export: e
          import: m.n.x
          import_module: wasix_32v1
          imports_only_from: [a, b]
          custom_section: c
          name: nm
          start_section: false
          name_section: true
          shared_memory: true
          flavour: f
          reason: r

      """)
    #expect(parsed.count == 1)
    #expect(
      parsed.first?.matchers == [
        .export("e"), .import(module: "m", name: "n.x"), .importModule("wasix_32v1"), .importsOnlyFrom(["a", "b"]),
        .customSection("c"), .name("nm"), .startSection(false), .nameSection(true), .sharedMemory(true),
      ])
  }

  @Test func oneKeyEntriesStayAsTheyWere() throws {
    let parsed = try refusals(
      """
        - export: wasi_thread_start
          flavour: wasi-threads
          reason: r
        - import: wasi.thread-spawn
          flavour: wasi-threads
          reason: r

      """)
    #expect(
      parsed.map(\.matchers) == [[.export("wasi_thread_start")], [.import(module: "wasi", name: "thread-spawn")]])
  }

  @Test func shapeKeysNeedANamingKey() {
    let error = InMemoryRules.error(
      InMemoryRules.header + "refuse:\n  - shared_memory: true\n    flavour: f\n    reason: r\n")
    #expect(
      error
        == "5:5: error: refuse entry 1 needs a matcher key that names something (export, import, import_module, "
        + "imports_only_from, custom_section, name): 'shared_memory' only narrow one")
  }

  @Test func anImportsOnlyFromItemMustBeAString() {
    let error = InMemoryRules.error(
      InMemoryRules.header + "refuse:\n  - imports_only_from: [a, [b]]\n    flavour: f\n    reason: r\n")
    #expect(error == "5:28: error: an item of 'imports_only_from' in refuse entry 1 must be a string, found a list")
  }

  @Test func anImportNeedsModuleAndName() {
    let error = InMemoryRules.error(
      InMemoryRules.header + "refuse:\n  - import: wasix_32v1\n    flavour: f\n    reason: r\n")
    #expect(error == "5:13: error: 'import' in refuse entry 1 must be MODULE.NAME, found 'wasix_32v1'")
  }
}
