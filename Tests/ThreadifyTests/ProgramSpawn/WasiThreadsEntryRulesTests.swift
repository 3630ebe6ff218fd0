import Foundation
import MarkerFormat
import TestSupport
import Testing
import Threadify
import WasmBinary

/// `rules/wasi-threads-entry.yaml`: checks clean, binds only by name, keeps refusing modules that already export
/// the wasi-threads entry, and writes start family (c) with the spawn import (d) into the marker.
@Suite struct WasiThreadsEntryRulesTests {
  @Test func rulesCheckIsClean() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let result = try scratch.run(["rules", "check", "wasi-threads-entry"])
    #expect(result.status == 0, "\(result)")
    #expect(result.output.contains("ok — rule set wasi-threads-entry 1"), "\(result.output)")
    #expect(result.standardError.isEmpty, "warnings: \(result.standardError)")
  }

  @Test func theMarkerDescribesFamiliesCAndDWithoutABINames() throws {
    let patched = try SpawnFixture.patched()
    let validation = try Validators.wabt(patched)
    #expect(validation.status == 0, "wasm-validate: \(validation.output)")
    let output = try WasmModule(bytes: patched)
    let section = try #require(output.customSections.first { $0.name == "wasm-threadify" })
    let abi = try ThreadMarker(payload: section.payload)
    #expect(abi.rules == "wasi-threads-entry")
    #expect(
      abi.start
        == ThreadMarker.Start(
          call: .otherInstances, export: "wasi_thread_start", arguments: [.role(.threadID), .role(.spawnArgument)]))
    #expect(
      abi.spawn
        == ThreadMarker.Spawn(
          module: "wasi", name: "thread-spawn", params: ["i32"], results: ["i32"], returns: "thread_id", error: -6))
    #expect(abi.destroy == nil)
    // The first instance keeps its start section (__wasm_init_memory).
    #expect(output.start != nil)
  }

  /// The refusal message of patching `bytes` with `rules`, or nil when it patched.
  private func refusal(_ bytes: [UInt8], _ rules: String) throws -> String? {
    let set = try BundledRules.load(rules)
    do {
      _ = try Threadifier.patch(bytes, rules: set)
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test func modulesThatAlreadyEnterTheirThreadsAreStillRefused() throws {
    // wasi-libc linked its own wasi_thread_start (a real wasi-sdk build, Tests/Fixtures/wild/README.md).
    for name in ["thread-spawn-O0.wasm", "thread-spawn-O2-stripped.wasm"] {
      let wild = try Repository.bytes("Tests/Fixtures/wild/wasi-threads/\(name)")
      let why = try refusal(wild, "wasi-threads-entry")
      #expect(why?.contains("refused (wasi-threads)") == true, "\(name): \(why ?? "patched")")
    }
    let again = try refusal(try SpawnFixture.patched(), "wasi-threads-entry")
    #expect(again?.contains("refused (already-patched)") == true, "\(again ?? "patched twice")")
    // Control: the demo imports wasi.thread-spawn, which the base refuses and this set serves.
    let base = try refusal(try SpawnFixture.unpatched(), "c-aligned-alloc")
    #expect(base?.contains("refused (wasi-threads)") == true, "\(base ?? "patched")")
    #expect(try refusal(try SpawnFixture.unpatched(), "wasi-threads-entry") == nil)
  }

  @Test func patchWithoutRulesDoesNotChooseIt() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try SpawnFixture.unpatched(), to: "in.wasm")
    let result = try scratch.run(["patch", "in.wasm", "-o", "out.wasm"])
    #expect(result.status != 0, "\(result)")
    #expect(result.standardError.contains("wasi-threads-entry"), "\(result.standardError)")
  }
}
