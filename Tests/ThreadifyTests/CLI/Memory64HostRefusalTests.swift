import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyHost
import ThreadifyRules

/// WasmKit 0.4.2 cannot share a 64-bit memory between threads (its `SharedMemory` refuses memory64), so the Swift
/// host, `wasm-threadify run` and `wasm-threadify verify` refuse a patched memory64 module with a message that says
/// so and where it runs instead (issue 20), rather than a generic "no shared memory".
@Suite struct Memory64HostRefusalTests {
  static func patched() throws -> [UInt8] {
    try Threadifier.patch(
      try Repository.bytes("Tests/Fixtures/wasm64/demo64-wasmgrind.wasm"), rules: try BundledRules.load("wasmgrind64"))
  }

  @Test func theSwiftHostNamesWasmKitsLimit() throws {
    let error = #expect(throws: HostError.self) { _ = try ModuleHost(bytes: try Self.patched()) }
    #expect(
      error?.description.contains("64-bit memory (memory64): WasmKit 0.4.2") == true, "\(String(describing: error))")
    // Control: the 32-bit build of the same program is accepted.
    _ = try ModuleHost(
      bytes: try PatchFixtures.patch(
        try Repository.bytes("examples/build/demo-wasmgrind-rustc-like.wasm"), rules: "wasmgrind"))
  }

  @Test func runAndVerifySayTheSame() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try Self.patched(), to: "p64.wasm")
    for command in [["run", "p64.wasm", "--invoke", "tls_address"], ["verify", "p64.wasm"]] {
      let result = try scratch.run(command)
      #expect(result.status == 1, "\(command[0]): \(result)")
      #expect(result.standardError.contains("WasmKit 0.4.2"), "\(command[0]): \(result.standardError)")
      #expect(!result.standardError.contains("32-bit memory"), "\(command[0]): \(result.standardError)")
    }
  }
}
