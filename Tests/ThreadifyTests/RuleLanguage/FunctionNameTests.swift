import Testing
import Threadify
import WasmBinary

/// The names injected functions get in the output's name section (issue 12, item 6).
@Suite struct FunctionNameTests {
  @Test func aRuleSetChoosesTheNameOrKeepsTheDefault() throws {
    let rules = try RuleText.load(
      """
      name: t
      version: "1"
      marker: m
      functions:
        chosen:
          name: __my_entry
          body: |
            nop
        unnamed:
          body: |
            nop
      """)
    let module = try RuleText.module(StartModule.wat)
    let output = try WasmModule(bytes: try Threadifier.patch(try RuleText.wasm(StartModule.wat), rules: rules))
    let first = UInt32(module.functionCount)
    #expect(output.names.function(at: first) == "__my_entry")
    #expect(output.names.function(at: first + 1) == "m.unnamed")
  }
}
