import Foundation
import TestSupport
import Testing
import ThreadifyHost

/// `rules/wasmgrind-entry.yaml` writes `"start": {"call": "host-allocates"}` (docs/marker-format.md): its entry
/// needs a stack and TLS block the host allocates, which no shipped host does. Every host refuses the module by
/// name instead of running it without calling the entry; told an ABI without that start, the same module is taken.
@Suite struct HostAllocatedEntryTests {
  static let module = "Tests/Fixtures/entry/demo-wasmgrind-entry.wasm"

  static func patched() throws -> [UInt8] {
    try PatchFixtures.patch(try Repository.bytes(module), rules: "wasmgrind-entry")
  }

  @Test func theSwiftHostRefusesItByName() throws {
    let bytes = try Self.patched()
    let error = #expect(throws: HostError.self) { _ = try ModuleHost(bytes: bytes, name: "entry.wasm") }
    #expect(error?.kind == .badMarker, "\(String(describing: error))")
    #expect(
      error?.description.contains(#""call": "host-allocates" (entry __wasmgrind_instance_entry)"#) == true
        && error?.description.contains("cannot honour") == true, "\(String(describing: error))")
    // Control: told an ABI without a start record, the host takes the same module.
    var configuration = HostConfiguration()
    configuration.abi = .init(rules: "told", version: "1")
    _ = try ModuleHost(bytes: bytes, name: "entry.wasm", configuration: configuration)
  }

  @Test func theJSHostRefusesItByName() async throws {
    struct Outcome: Decodable {
      let accepted: Bool
      let error: String?
    }
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try Self.patched(), to: "entry.wasm")
    let script = Repository.url("Tests/ThreadifyTests/Runtime/node/host-accepts.mjs")
    func outcome(_ arguments: [String]) async throws -> Outcome {
      let result = try await NodeHarness.node([script.path, scratch.path("entry.wasm")] + arguments, limit: 120)
      return try JSONReport.decode(Outcome.self, from: result, printedBy: script.lastPathComponent)
    }
    let refused = try await outcome([])
    #expect(!refused.accepted)
    #expect(
      refused.error?.contains(#""call": "host-allocates" (entry __wasmgrind_instance_entry)"#) == true
        && refused.error?.contains("cannot honour") == true, "\(refused.error ?? "accepted")")
    let told = try await outcome(["--no-start"])
    #expect(told.accepted, "\(told.error ?? "")")
  }

  @Test func wasmThreadifyRunRefusesIt() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try Self.patched(), to: "entry.wasm")
    let result = try scratch.run(["run", "entry.wasm", "--invoke", "test_start_routine"])
    #expect(result.status == 1, "\(result)")
    #expect(result.standardError.contains("host-allocates"), "\(result)")
  }

  @Test func verifyRefusesItByNameInSwiftAndJS() async throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try Self.patched(), to: "entry.wasm")
    let expected = #"start "call": "host-allocates" (entry __wasmgrind_instance_entry) cannot be driven by verify"#
    let swift = try scratch.run(["verify", "entry.wasm"])
    #expect(swift.status == 1 && swift.standardError.contains(expected), "\(swift)")
    let script = Repository.url("examples/host/verify.mjs")
    let js = try await NodeHarness.node([script.path, scratch.path("entry.wasm")], limit: 120)
    #expect(js.output.contains(expected), "\(js)")
  }
}
