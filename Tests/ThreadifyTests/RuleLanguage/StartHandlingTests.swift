import Testing
import Threadify
import ThreadifyRules
import WasmBinary

/// The three start conventions, and a rule set without `start` (issue 12, item 1).
@Suite struct StartHandlingTests {
  private let header = """
    name: t
    version: "1"
    marker: m
    symbols:
      old_start: {function: () -> (), lookup: [{start: true}], optional: true, export: init_memory}
    functions:
      entry:
        export: entry
        body: |
          @if old_start
          call $old_start
          @end

    """

  private func patched(_ start: String) throws -> (plan: PatchPlan, output: WasmModule) {
    let module = try RuleText.module(StartModule.wat)
    let plan = try Threadifier.plan(module, rules: try RuleText.load(header + start))
    return (plan, try WasmModule(bytes: try Threadifier.apply(plan, to: module)))
  }

  @Test func withoutStartTheStartSectionIsLeftAlone() throws {
    let (_, output) = try patched("")
    #expect(output.start == 0)
    #expect(output.exports.contains { $0.name == "entry" })
  }

  @Test func startSectionModePointsTheStartAtTheInjectedFunction() throws {
    let (plan, output) = try patched("start: {function: entry, mode: start-section}\n")
    #expect(output.start == plan.functions[0].index)
  }

  @Test func exportedModeOnABoundSymbolExportsTheOldStartAndRemovesTheSection() throws {
    let (_, output) = try patched("start: {function: old_start, mode: exported}\n")
    #expect(output.start == nil)
    #expect(output.exports.contains { $0.name == "init_memory" && $0.descriptor == .function(0) })
  }

  @Test func startSectionModeMayNameABoundSymbol() throws {
    let (_, output) = try patched("start: {function: old_start, mode: start-section}\n")
    #expect(output.start == 0)
  }

  @Test func aBaseRuleSetIsRefusedByTheRuleFileNotTheModule() throws {
    let rules = try RuleText.load(header + "base: true\n")
    #expect(rules.base == SourceLocation(file: "t.yaml", line: 13, column: 7))
    let error = #expect(throws: PatchError.self) {
      try Threadifier.plan(try RuleText.module(StartModule.wat), rules: rules)
    }
    #expect(error?.description.hasPrefix("t.yaml:13:7: rule set t is a base") == true)
  }

  @Test func baseIsNotInherited() throws {
    let rules = try RuleText.load("extends: wasmgrind\nname: mine\n")
    #expect(rules.base == nil)
    #expect(try BundledRules.load("llvm-threads").base != nil)
  }

  @Test func startFunctionMustBeAFunctionOrFunctionSymbol() {
    #expect(
      RuleText.error(header + "start: {function: old_strat, mode: exported}\n")
        == "13:19: error: start function 'old_strat' is neither a function nor a function symbol of this rule set "
        + "(did you mean 'old_start'?)")
  }
}
