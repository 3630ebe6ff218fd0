import Foundation
import TestSupport
import Testing

/// `wasm-threadify verify`: the table, the JSON, and the exit status (0 every check held, 1 a check failed or the
/// module is not patched, 2 usage).
@Suite(
  "CLI: wasm-threadify verify",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"))
struct VerifyCommandTests {
  @Test("a patched module: exit 0, a table row per thread, every check held")
  func passes() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let module = try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm")
    try scratch.write(try PatchFixtures.patch(module, rules: "wasmgrind"), to: "p.wasm")
    let result = try scratch.run(["verify", "p.wasm", "--threads", "3", "--rounds", "2"])
    #expect(result.status == 0, "\(result)")
    #expect(result.output.hasPrefix("thread | stack top  | TLS base   | checks\n"), "\(result.output)")
    #expect(result.output.split(separator: "\n").filter { $0.hasSuffix("| ok") }.count == 1 + 3 * 2)
    #expect(result.output.contains("verify: every check held"))
    let json = try scratch.run(["verify", "p.wasm", "--threads", "2", "--rounds", "2", "--json"])
    #expect(json.status == 0, "\(json)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput)) as? [String: Any])
    #expect(object["passed"] as? Bool == true)
    #expect((object["rows"] as? [Any])?.count == 1 + 2 * 2)
  }

  @Test("an unpatched module: exit 1, the marker check named")
  func unpatched() throws {
    let result = try ScratchFolder().run(["verify", CLIPaths.real("minimal_test.wasm").path])
    #expect(result.status == 1, "\(result)")
    #expect(result.standardError.contains("failed verify: marker:"), "\(result.standardError)")
    #expect(result.output.contains("FAILED marker"))
  }

  @Test("one round is a usage error: exit 2")
  func usage() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let module = try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm")
    try scratch.write(try PatchFixtures.patch(module, rules: "wasmgrind"), to: "p.wasm")
    let result = try scratch.run(["verify", "p.wasm", "--rounds", "1"])
    #expect(result.status == 2, "\(result)")
    #expect(result.standardError.contains("--rounds"))
  }
}
