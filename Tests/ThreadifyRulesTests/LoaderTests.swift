import Testing
import ThreadifyRules

/// Reading files, `extends` resolution and merging.
@Suite struct LoaderTests {
  private let base = """
    name: base
    version: "1"
    marker: m
    refuse:
      - {export: a, flavour: f, reason: "first"}
    requires:
      memory: {count: 1}
    symbols:
      s: {value: i32, lookup: [{export: s}]}
      t: {value: i32, lookup: [{export: t}]}
    params:
      p: {default: 1}
    snippets:
      two: |
        i32.const 2
    functions:
      f:
        results: [i32]
        body: |
          @use two
    """

  @Test func extendingFileIsLaidOverItsBase() throws {
    let derived = """
      extends: ../base/base.yaml
      name: derived
      refuse:
        - {name: b, flavour: g, reason: "second"}
      requires:
        active_data_segments: allowed
      symbols:
        t: {value: i64, lookup: [{name: t}], optional: true}
        u: {value: i32, lookup: [{export: u}]}
      snippets:
        two: |
          i32.const 3
      """
    let rules = try RuleSetLoader.load(
      path: "rules/abi/derived.yaml",
      reader: InMemoryRules.reader(["rules/abi/derived.yaml": derived, "rules/base/base.yaml": base]))
    #expect(rules.name == "derived")
    #expect(rules.version == "1")
    #expect(rules.refusals.map(\.reason) == ["first", "second"])
    // `requires` is replaced whole.
    #expect(rules.requirements.memoryCount == nil)
    #expect(rules.requirements.activeDataSegmentsAllowed == true)
    // Maps merge entry by entry; a replaced entry keeps its place and comes from the extending file.
    #expect(rules.symbols.map(\.name) == ["s", "t", "u"])
    #expect(rules.symbols[1].optional)
    #expect(rules.symbols[1].lookups.map(\.lookup) == [.name("t")])
    #expect(rules.symbols[0].location == SourceLocation(file: "rules/base/base.yaml", line: 9, column: 3))
    #expect(rules.symbols[1].location == SourceLocation(file: "rules/abi/derived.yaml", line: 8, column: 3))
    // The base's function uses the derived file's snippet.
    guard case .instruction(let constant) = rules.functions.first?.body.first else {
      Issue.record("f has no instruction")
      return
    }
    #expect(constant.operands == [.constant(.literal(3))])
    #expect(constant.location == SourceLocation(file: "rules/abi/derived.yaml", line: 12, column: 5))
    #expect(rules.location == SourceLocation(file: "rules/abi/derived.yaml", line: 1, column: 1))
  }

  @Test func aMissingBaseIsReportedAtExtends() {
    #expect(
      throws: RuleError(
        SourceLocation(file: "a/t.yaml", line: 1, column: 10), "cannot read base rule file 'a/b.yaml': no such file")
    ) {
      try RuleSetLoader.load(path: "a/t.yaml", reader: InMemoryRules.reader(["a/t.yaml": "extends: b.yaml\n"]))
    }
  }

  @Test func anUnreadableFileIsReportedAtItsStart() {
    #expect(
      throws: RuleError(SourceLocation(file: "x.yaml", line: 1, column: 1), "cannot read rule file: no such file")
    ) {
      try RuleSetLoader.load(path: "x.yaml", reader: InMemoryRules.reader([:]))
    }
  }

  @Test func aFileThatExtendsItselfIsACycle() {
    #expect(InMemoryRules.error("extends: ./t.yaml\n") == "1:10: error: extends cycle: t.yaml → t.yaml")
  }

  @Test func readsRealFilesRelativeToTheExtendingFile() throws {
    // wasmgrind.yaml extends llvm-threads.yaml by a relative path.
    let rules = try RuleSetLoader.load(path: TestFiles.shippedRule("wasmgrind.yaml"))
    #expect(rules.refusals.first?.location.file == TestFiles.shippedRule("llvm-threads.yaml"))
  }

  @Test func documentShapeErrors() {
    #expect(InMemoryRules.error("") == "1:1: error: the rule file is empty")
    #expect(InMemoryRules.error("- a\n- b\n") == "1:1: error: a rule file must be a mapping, found a list")
    #expect(
      InMemoryRules.error("name: a\n---\nname: b\n")
        == "2:1: error: YAML syntax error: but found another document (expected a single document in the stream at line 1, column 1)"
    )
    #expect(
      InMemoryRules.error(InMemoryRules.header + "symbols:\n  s: {value: i32, lookup: [{export: s}], lookup: []}\n")
        == "5:42: error: duplicate key 'lookup' (first at column 19)")
  }

  @Test func yamlAliasesAreResolved() throws {
    let rules = try InMemoryRules.load(
      InMemoryRules.header + "params:\n  a: {default: &n 64}\n  b: {default: *n}\n")
    #expect(rules.params.map(\.defaultValue) == [64, 64])
  }

  @Test func requiredAfterMerging() throws {
    let rules = try RuleSetLoader.load(
      path: "d.yaml",
      reader: InMemoryRules.reader(["d.yaml": "extends: b.yaml\nname: d\n", "b.yaml": "version: '2'\nmarker: m\n"]))
    #expect(rules.name == "d")
    #expect(rules.version == "2")
  }

  @Test func moreValidation() {
    let header = InMemoryRules.header
    #expect(
      InMemoryRules.error(header + "symbols:\n  s: {value: i32, lookup: []}\n")
        == "5:27: error: 'lookup' in symbol 's' is empty")
    #expect(
      InMemoryRules.error(header + "symbols:\n  s: {global: i32, lookup: [{start: true}]}\n")
        == "5:30: error: 'start' in lookup 1 of symbol 's': the start lookup finds a function, and 's' is not one")
    #expect(
      InMemoryRules.error(header + "symbols:\n  s: {global: i32, lookup: [{heuristic: guess}]}\n")
        == "5:41: error: unknown heuristic 'guess' in lookup 1 of symbol 's' (known: mutable-i32-nonzero-init, mutable-i64-nonzero-init)"
    )
    #expect(
      InMemoryRules.error(header + "symbols:\n  s: {global: i32, lookup: [{import: env}]}\n")
        == "5:38: error: 'import' in lookup 1 of symbol 's' must be MODULE.NAME, found 'env'")
    #expect(
      InMemoryRules.error(header + "symbols:\n  s: {global: i32, default: 4, lookup: [{export: s}]}\n")
        == "5:29: error: 'default' in symbol 's' is only allowed for value symbols")
    #expect(
      InMemoryRules.error(header + "symbols:\n  s: {global: mutable i32, lookup: [{export: s}]}\n")
        == "5:15: error: 'global' in symbol 's' must be a global type (i32, i64, mut i32 or mut i64), found 'mutable i32'"
    )
    #expect(
      InMemoryRules.error(header + "requires:\n  active_data_segments: some\n")
        == "5:25: error: 'active_data_segments' in requires must be 'none' or 'allowed', found 'some'")
    #expect(
      InMemoryRules.error(header + "reserve: {pages: 0}\n")
        == "4:18: error: 'pages' in reserve must be between 1 and 65536, found 0")
    #expect(
      InMemoryRules.error(header + "params:\n  p: {default: 1, min: 4, max: 2}\n")
        == "5:32: error: 'max' in param 'p' (2) is below its 'min' (4)")
    #expect(
      InMemoryRules.error(header + "globals:\n  g: {type: i32, init: 0x100000000}\n")
        == "5:24: error: 'init' in global 'g': 0x100000000 does not fit in i32")
    #expect(
      InMemoryRules.error(
        header + "functions:\n  f:\n    locals: {x: i32}\n    params: {x: i32}\n    body: |\n      nop\n")
        == "6:14: error: local 'x' of function 'f' repeats the name declared at line 7")
    #expect(
      InMemoryRules.error(
        header
          + "functions:\n  f:\n    params: {x: i32}\n    body: |\n      nop\nstart: {function: f, mode: start-section}\n"
      )
        == "9:19: error: start function 'f' has type (i32) -> (); mode 'start-section' needs () -> ()")
    #expect(
      InMemoryRules.error(header + "start: {function: f, mode: later}\n")
        == "4:28: error: 'mode' in start must be 'start-section', 'exported', 'other-instances', 'host-allocates', found 'later'"
    )
  }
}
