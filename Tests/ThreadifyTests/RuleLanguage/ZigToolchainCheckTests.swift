import Foundation
import TestSupport
import Testing
import Threadify
import WasmBinary

/// The shipped TLS check on real toolchain output (examples/zig, examples/matrix, examples/build, the real fixtures):
/// in every LLD-linked module with TLS the pattern is found and the copied length equals `__tls_size`, so the check
/// passes them on the facts, not by default (issue 12, item 8). The `-fno-lld` refusal: `Matrix/ZigFixtureTests`.
@Suite struct ZigToolchainCheckTests {
  @Test func everyLLDLinkedModuleHasTheCopyAndPassesTheCheck() throws {
    // The base's check made strict: a module without the memory.init pattern would be refused too.
    let strict = try RuleText.load(
      """
      extends: llvm-threads
      name: strict
      base: false
      drop:
        checks: true
      checks:
        copied_length_found:
          in: init_tls
          find: |
            i32.const ?copied
            memory.init _
          if_not_found: refuse
          expect: "?copied == {tls_size}"
          reason: "strict"
      """)
    var checked: [String] = []
    for folder in ["examples/zig/build", "examples/matrix/build", "examples/build", "Tests/Fixtures/real"] {
      let url = Repository.url(folder)
      for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
      where name.hasSuffix(".wasm") && name != "tls-demo-nolld.wasm" {
        let report = Inspector.inspect(
          try WasmModule(bytes: try Repository.bytes("\(folder)/\(name)")), rules: strict)
        guard report.tlsSize != nil, report.verdict.flavour != "not-threaded" else { continue }
        #expect(report.verdict.flavour != "inconsistent", "\(folder)/\(name): \(report.verdict.reason)")
        checked.append(name)
      }
    }
    #expect(checked.contains("tls-demo-lld.wasm"))
    #expect(checked.count >= 20, "\(checked)")
  }
}
