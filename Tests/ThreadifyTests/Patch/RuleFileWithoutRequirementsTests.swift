import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyRules
import WAT
import WasmBinary

/// `rules check` and patch agree: a rule file that checks but requires nothing of the module (not even a memory) must
/// be refused by the patch, never crash it, on a module without memory; `inspect` too.
@Suite struct RuleFileWithoutRequirementsTests {
  static let ruleText = """
    name: nomem
    version: "1"
    marker: nm
    functions:
      f:
        body: |
          nop
    start:
      function: f
      mode: start-section

    """

  static func rules() throws -> RuleSet {
    try RuleSetLoader.load(path: "nomem.yaml", reader: RuleFileReader { _ in ruleText })
  }

  static func moduleWithoutMemory() throws -> [UInt8] {
    try wat2wasm(#"(module (func (export "x")))"#)
  }

  @Test func patchRefusesAModuleWithoutMemory() throws {
    let module = try WasmModule(bytes: try Self.moduleWithoutMemory())
    #expect {
      try Threadifier.plan(module, rules: try Self.rules())
    } throws: { error in
      guard case .requirementFailed(let message, _) = error as? PatchError else { return false }
      return message == "the module has no memory: nothing to thread"
    }
    let report = Inspector.inspect(module, rules: try Self.rules())
    #expect(!report.verdict.readyToPatch)
    #expect(report.verdict.reason == "the module has no memory")
  }

  @Test func theCommandLineRefusesItToo() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(Array(Self.ruleText.utf8), to: "nomem.yaml")
    try scratch.write(try Self.moduleWithoutMemory(), to: "in.wasm")
    let check = try scratch.run(["rules", "check", "nomem.yaml"])
    #expect(check.status == 0, "\(check)")
    for extra in [[], ["--dry-run"]] {
      let result = try scratch.run(["--rules", "nomem.yaml", "in.wasm", "-o", "out.wasm"] + extra)
      #expect(result.status == 1, "\(extra): \(result)")
      #expect(result.standardError.contains("the module has no memory: nothing to thread"), "\(result)")
      #expect(!scratch.exists("out.wasm"))
    }
  }
}
