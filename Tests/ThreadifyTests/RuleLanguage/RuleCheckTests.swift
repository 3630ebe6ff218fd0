import Foundation
import TestSupport
import Testing
import Threadify
import WasmBinary

/// Rule-level checks: comparisons of bound values and values captured from bound functions' bodies (issue 12,
/// item 8), and the shipped check that refuses Zig's `-fno-lld` TLS shape.
@Suite struct RuleCheckTests {
  private func zigShape(tlsSize: Int = 1_048_704) throws -> [UInt8] {
    let path = Repository.url("Tests/Fixtures/wat/zig-fno-lld-shape.wat")
    let text = try String(contentsOf: path, encoding: .utf8)
      .replacingOccurrences(of: "(i32.const 1048704)", with: "(i32.const \(tlsSize))")
    return try RuleText.wasm(text)
  }

  @Test func theShippedRulesRefuseAnAbsoluteTLSSize() throws {
    let error = #expect(throws: PatchError.self) {
      try Threadifier.patch(try zigShape(), rules: try BundledRules.load("wasm-bindgen"))
    }
    let text = try #require(error?.description)
    #expect(text.hasPrefix("refused (inconsistent-tls): __tls_size is not the number of bytes __wasm_init_tls copies"))
    #expect(text.contains("?copied = 132, {tls_size} = 1048704"))
    #expect(text.contains("hint: link with LLD"))
  }

  @Test func theConsistentControlPatches() throws {
    let output = try Threadifier.patch(try zigShape(tlsSize: 132), rules: try BundledRules.load("wasm-bindgen"))
    #expect(try WasmModule(bytes: output).exports.contains { $0.name == "__wbindgen_start" })
  }

  @Test func inspectGivesTheCheckAsTheVerdict() throws {
    let report = Inspector.inspect(try WasmModule(bytes: try zigShape()), rules: try BundledRules.load("llvm-threads"))
    #expect(report.verdict.flavour == "inconsistent-tls")
    #expect(!report.verdict.readyToPatch)
  }

  @Test func everyRealLLDModulePassesTheCheck() throws {
    let rules = try BundledRules.load("llvm-threads")
    let folders = ["Tests/Fixtures/real", "examples/build"]
    var checked = 0
    for folder in folders {
      let url = Repository.url(folder)
      for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".wasm") {
        let report = Inspector.inspect(
          try WasmModule(bytes: try Repository.bytes("\(folder)/\(name)")), rules: rules)
        #expect(report.verdict.flavour != "inconsistent-tls", "\(folder)/\(name): \(report.verdict.reason)")
        checked += 1
      }
    }
    #expect(checked >= 10)
  }

  private let comparisonOnly = """
    name: t
    version: "1"
    marker: m
    symbols:
      align: {value: i32, lookup: [{export: __tls_align}]}
    params:
      limit: {default: 16}
    checks:
      small_alignment:
        expect: "{align} <= {limit}"
        reason: "TLS alignment above the limit"
    """

  @Test func aComparisonOfBoundValuesAndParams() throws {
    let rules = try RuleText.load(comparisonOnly)
    let module = try zigShape()
    _ = try Threadifier.patch(module, rules: rules)
    let error = #expect(throws: PatchError.self) {
      try Threadifier.patch(module, rules: rules, params: ["limit": 2])
    }
    #expect(
      error?.description
        == "refused (inconsistent): TLS alignment above the limit (check `small_alignment`: {align} = 4, {limit} = 2; "
        + "expected {align} <= {limit})")
  }

  @Test func aMissingPatternPassesOrRefusesAsTold() throws {
    let text = """
      name: t
      version: "1"
      marker: m
      symbols:
        init: {function: (i32) -> (), lookup: [{export: __wasm_init_tls}]}
      checks:
        copies_with_memory_copy:
          in: init
          find: |
            memory.copy
          if_not_found: MODE
          expect: "0 == 0"
          reason: "no memory.copy"
      """
    let module = try zigShape()
    _ = try Threadifier.patch(module, rules: try RuleText.load(text.replacingOccurrences(of: "MODE", with: "pass")))
    #expect(throws: PatchError.self) {
      try Threadifier.patch(module, rules: try RuleText.load(text.replacingOccurrences(of: "MODE", with: "refuse")))
    }
  }
}
