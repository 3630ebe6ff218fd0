import Testing
import Threadify
import ThreadifyRules

/// An extending file removing what it inherits, or keeping only some parts of its base (issue 12, item 3).
@Suite struct DropTests {
  @Test func anExtendingFileKeepsOnlyTheScreeningAndSymbolsOfItsBase() throws {
    let rules = try RuleText.load(
      """
      extends: llvm-threads
      name: mine
      drop:
        reserve: true
        params: true
        globals: true
        functions: true
        snippets: true
        rewrites: true
      """)
    #expect(rules.reservation == nil)
    #expect(rules.params.isEmpty && rules.globals.isEmpty && rules.functions.isEmpty && rules.rewrites.isEmpty)
    let base = try BundledRules.load("llvm-threads")
    #expect(rules.symbols.map(\.name) == base.symbols.map(\.name))
    #expect(rules.refusals.count == base.refusals.count)
  }

  @Test func namedEntriesAndRefusalFlavoursAreDroppedOneByOne() throws {
    let rules = try RuleText.load(
      """
      extends: wasmgrind
      name: mine
      drop:
        refuse: [emscripten]
        symbols: [heap_base]
        functions: [thread_destroy]
        host: true
      """)
    #expect(!rules.refusals.contains { $0.flavour == "emscripten" })
    #expect(rules.refusals.contains { $0.flavour == "wasi-threads" })
    #expect(!rules.symbols.contains { $0.name == "heap_base" })
    #expect(rules.functions.map(\.name) == ["stack_overflow", "out_of_memory", "thread_start"])
    #expect(rules.host == nil)
  }

  @Test func aDroppedEntryCanBeDeclaredAgainAtTheEnd() throws {
    let rules = try RuleText.load(
      """
      extends: llvm-threads
      name: mine
      drop:
        params: [stack_size]
      params:
        stack_size: {default: 65536}
      """)
    #expect(rules.params.map(\.name) == ["stack_guard", "reuse_static_tls", "stack_size"])
    #expect(rules.params.last?.defaultValue == 65536)
  }

  @Test func droppingWhatOthersUseIsReportedWhereItIsUsed() {
    let error = RuleText.error("extends: llvm-threads\nname: mine\ndrop:\n  globals: [stack_limit]\n")
    #expect(error?.contains("stack_limit") == true)
  }
}
