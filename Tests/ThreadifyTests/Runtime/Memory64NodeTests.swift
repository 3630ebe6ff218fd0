import Foundation
import TestSupport
import Testing
import Threadify
import WAT

/// What node 20 does with memory64 through `examples/browser/memory64/memory64.mjs` (issue 20), run by
/// `Tests/Fixtures/wasm64/node-check.mjs`: behind `--experimental-wasm-memory64` it creates the shared memory64
/// and runs a module without a table; it has no table64, which every wasm64 module wasm-ld writes has, so the
/// patched fixtures are refused with a message naming table64 (and without the flag, one naming memory64).
@Suite struct Memory64NodeTests {
  static let script = Repository.url("Tests/Fixtures/wasm64/node-check.mjs").path

  struct Report: Decodable {
    let memory: Bool?
    let compiled: Bool?
    let instantiated: Bool?
    let size: String?
    let compileError: String?
  }

  private func check(_ module: [UInt8], flag: Bool) async throws -> Report {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(module, to: "m64.wasm")
    let result = try await NodeHarness.node(
      (flag ? ["--experimental-wasm-memory64"] : []) + [Self.script, scratch.path("m64.wasm")])
    #expect(result.status == 0, "\(result.stderr)")
    let line = try #require(result.standardOutput.split(separator: "\n").last, "no report: \(result.stderr)")
    return try JSONDecoder().decode(Report.self, from: Data(line.utf8))
  }

  @Test func nodeRunsAMemory64WithoutATable() async throws {
    let text = try Repository.text("Tests/Fixtures/wasm64/memory64-no-table.wat")
    let report = try await check(try wat2wasm(text, features: [.threads, .memory64]), flag: true)
    #expect(report.memory == true && report.instantiated == true && report.size == "18", "\(report)")
  }

  @Test func thePatchedFixturesNeedTable64() async throws {
    let patched = try Threadifier.patch(
      try Repository.bytes("Tests/Fixtures/wasm64/demo64-wasmgrind.wasm"),
      rules: try BundledRules.load("wasmgrind64"))
    let flagged = try await check(patched, flag: true)
    #expect(flagged.memory == true)
    #expect(flagged.compileError?.hasPrefix("this runtime has no 64-bit tables (table64)") == true, "\(flagged)")
    let plain = try await check(patched, flag: false)
    #expect(plain.compileError?.hasPrefix("this runtime has no 64-bit memories (memory64)") == true, "\(plain)")
  }
}
