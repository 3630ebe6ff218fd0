import Foundation
import Testing
import Threadify
import ThreadifyRules
import WasmBinary

/// `names: prefix`: the name section keeps every original name and names what the patch injects under the prefix.
@Suite struct NamePrefixTests {
  static func input() throws -> [UInt8] {
    try Data(contentsOf: DebugInfoPatchTests.fixture("demo-c-dwarf5.wasm")).map { $0 }
  }

  @Test func injectedFunctionsAndGlobalsAreNamedUnderThePrefixAndOriginalNamesStay() throws {
    let rules = try RuleText.load(
      """
      extends: c-aligned-alloc
      name: mine
      names: {prefix: "threadify."}
      """)
    let input = try WasmModule(bytes: Self.input())
    let output = try WasmModule(bytes: Threadifier.patch(Self.input(), rules: rules))
    for (index, name) in input.names.functions { #expect(output.names.function(at: index) == name) }
    let injected = output.names.functions.filter { $0.key >= UInt32(input.functionCount) }
    #expect(!injected.isEmpty && injected.values.allSatisfy { $0.hasPrefix("threadify.") }, "\(injected)")
    let globals = (input.globalCount..<output.globalCount).map { output.names.global(at: UInt32($0)) }
    #expect(!globals.isEmpty && globals.allSatisfy { $0?.hasPrefix("threadify.") == true }, "\(globals)")
    // Control: without the key, functions carry the rule set's marker prefix and globals their bare rule names.
    let plain = try WasmModule(bytes: Threadifier.patch(Self.input(), rules: BundledRules.load("c-aligned-alloc")))
    #expect(!plain.names.functions.values.contains { $0.hasPrefix("threadify.") })
  }

  @Test func aBadPrefixIsAnErrorAtItsPlace() {
    #expect {
      _ = try RuleText.load("extends: c-aligned-alloc\nname: mine\nnames:\n  prefix: \"\"\n")
    } throws: { error in
      "\(error)".contains("t.yaml:4:11") && "\(error)".contains("names: prefix")
    }
    #expect {
      _ = try RuleText.load("extends: c-aligned-alloc\nname: mine\nnames: {suffix: x}\n")
    } throws: { error in
      "\(error)".contains("suffix")
    }
  }
}
