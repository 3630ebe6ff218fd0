import Testing
import Threadify
import WasmBinary

/// The library's rule-set selection: `inspect` names exactly the bundled rule sets that bind, `ready` only when the
/// patch would succeed without `--rules`, and the automatic choice patches with the right set (its marker names it).
@Suite struct RuleSetSelectionTests {
  @Test(arguments: SelectionCase.all) func inspectNamesExactlyTheRuleSetsThatBind(_ test: SelectionCase) throws {
    let report = Inspector.inspect(try WasmModule(bytes: try test.bytes()), rules: try BundledRules.conventions())
    #expect(report.ruleSets.map(\.ruleSet) == (try BundledRules.patchingNames()))
    #expect(report.ruleSets.filter(\.binds).map(\.ruleSet) == test.binding)
    #expect(report.verdict.flavour == test.flavour, "\(report.verdict)")
    #expect(report.verdict.readyToPatch == !test.binding.isEmpty)
    #expect(report.selectedRuleSet == test.chosen)
    for candidate in report.ruleSets {
      // Every set that does not bind says why; one that binds says nothing.
      #expect((candidate.problem == nil) == candidate.binds, "\(candidate)")
    }
  }

  @Test(arguments: SelectionCase.all) func automaticChoicePatchesWithTheRuleSetThatBinds(_ test: SelectionCase) throws {
    let module = try WasmModule(bytes: try test.bytes())
    let selection = RuleSetSelection(module, among: try BundledRules.patching())
    guard let expected = test.chosen else {
      #expect(throws: PatchError.self) { try selection.chosen() }
      return
    }
    let rules = try selection.chosen()
    #expect(rules.name == expected)
    let output = try WasmModule(bytes: try Threadifier.apply(try Threadifier.plan(module, rules: rules), to: module))
    let report = Inspector.inspect(output, rules: try BundledRules.conventions())
    #expect(report.patchedWith == "rules=\(expected) version=1")
  }

  @Test func ambiguityNamesEveryRuleSetThatBindsAndHowToChoose() throws {
    let module = try WasmModule(bytes: try PatchFixtures.wat("selection/two-allocators"))
    let error = try #require(throws: PatchError.self) {
      try RuleSetSelection(module, among: try BundledRules.patching()).chosen()
    }
    guard case .ruleSetNotChosen = error else {
      Issue.record("expected ruleSetNotChosen, got \(error)")
      return
    }
    let text = error.description
    #expect(text.hasPrefix("c-aligned-alloc and wasm-bindgen bind to this module"), "\(text)")
    #expect(text.contains("--rules NAME"))
    #expect(text.contains("  wasmgrind: symbol `malloc`: not found"), "\(text)")
    // Named, either set patches the module as before.
    for name in ["c-aligned-alloc", "wasm-bindgen"] {
      let plan = try Threadifier.plan(module, rules: try BundledRules.load(name))
      #expect(plan.ruleSet == name)
    }
  }

  @Test func aModuleNoSetBindsGetsEachSetsFirstReasonAndHint() throws {
    let module = try WasmModule(bytes: try PatchFixtures.wat("selection/no-allocator"))
    let error = try #require(throws: PatchError.self) {
      try RuleSetSelection(module, among: try BundledRules.patching()).chosen()
    }
    guard case .noRuleSetBinds(let candidates) = error else {
      Issue.record("expected noRuleSetBinds, got \(error)")
      return
    }
    #expect(candidates.map(\.ruleSet) == (try BundledRules.patchingNames()))
    let text = error.description
    for (name, symbol) in [
      ("c-aligned-alloc", "aligned_alloc"), ("wasm-bindgen", "__wbindgen_malloc"), ("wasmgrind", "__wasmgrind_malloc"),
      ("wasmgrind-entry", "__wasmgrind_thread_start"), ("wasi-threads-entry", "wasi.thread-spawn"),
    ] {
      let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("  \(name): ") }, "\(text)")
      #expect(line.contains(symbol), "\(line)")
    }
    // One hint per distinct reason: the two 64-bit sets share theirs (a 32-bit memory).
    #expect(text.contains("  c-aligned-alloc64, wasmgrind64: memory 0 is 32-bit; i64 required"), "\(text)")
    #expect(text.components(separatedBy: "hint: ").count - 1 == 6, "\(text)")
  }

  /// A named rule set is the only candidate, whether or not it takes part in automatic selection.
  @Test func aNamedRuleSetIsTheOnlyCandidate() throws {
    let module = try WasmModule(bytes: try PatchFixtures.wat("selection/entry-only"))
    let report = Inspector.inspect(module, rules: try BundledRules.load("wasmgrind-entry"))
    #expect(report.ruleSets.map(\.ruleSet) == ["wasmgrind-entry"])
    #expect(report.verdict.flavour == "ready")
    #expect(report.selectedRuleSet == "wasmgrind-entry")
    let refused = Inspector.inspect(module, rules: try BundledRules.load("wasmgrind"))
    #expect(refused.verdict.flavour == "unknown")
    #expect(!refused.verdict.readyToPatch)
    #expect(refused.verdict.reason.contains("__wasmgrind_malloc"))
  }

  /// Loaded together (their base parsed once), the bundled sets are the ones loaded one by one.
  @Test func loadingTheBundledSetsTogetherGivesTheSameSets() throws {
    let together = try BundledRules.patching()
    #expect(together.map(\.name) == (try BundledRules.patchingNames()))
    for rules in together {
      let alone = try BundledRules.load(rules.name)
      #expect(rules.symbols.map(\.name) == alone.symbols.map(\.name))
      #expect(rules.functions.map(\.name) == alone.functions.map(\.name))
      #expect(rules.functions.map(\.body.count) == alone.functions.map(\.body.count))
      #expect(rules.refusals.map(\.reason) == alone.refusals.map(\.reason))
      #expect(rules.selection == alone.selection)
    }
    #expect(try BundledRules.conventions().base != nil)
  }
}
