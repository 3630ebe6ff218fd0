import Foundation
import MarkerFormat
import Testing
import Threadify
import ThreadifyVerify
import WasmBinary

/// verify judges the module by what its marker promises: start family (c) is driven as the marker says, a family
/// it cannot drive and a promise the code does not keep fail by name.
@Suite("verify: what the marker promises")
struct VerifyMarkerTests {
  /// `bytes` with its marker payload (JSON text) edited by `edit`.
  static func editingMarker(_ bytes: [UInt8], _ edit: (String) -> String) throws -> [UInt8] {
    let module = try WasmModule(bytes: bytes)
    let payload = try #require(module.customSections.first { $0.name == "wasm-threadify" }).payload
    var editor = ModuleEditor(module)
    editor.setCustomSection(
      name: "wasm-threadify", payload: Array(edit(String(decoding: Array(payload), as: UTF8.self)).utf8))
    return editor.write()
  }

  static func patchedSeed() throws -> [UInt8] {
    try VerifyFixtures.patch(VerifyFixtures.minimalTest(), bundled: "wasmgrind")
  }

  @Test("start family (c): the first instance by its start section alone, the others through the export")
  func otherInstances() throws {
    let folder = FileManager.default.temporaryDirectory.appending(path: "verify-family-c-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // The seed ABI entered through an export on every instance but the first: the first instance never runs the
    // thread routine, so the entry counts it (the counter goes from 0 to 1) before taking a number of its own.
    let rule = """
      extends: wasmgrind
      name: family-c
      functions:
        thread_start:
          params: {thread_id: i32}
          export: family_c_thread_entry
          body: |
            i32.const {counter}
            i32.const 0
            i32.const 1
            i32.atomic.rmw.cmpxchg
            drop
            @use start_thread
      start:
        function: thread_start
        mode: other-instances
      host:
        start_args: [thread_id]
        stack_size: "{stack_size}"
        destroy:
          function: thread_destroy
          self: [0, 0, 0]
          other: [tls_base, stack_alloc, 0]
      """
    let file = folder.appending(path: "family-c.yaml")
    try rule.write(to: file, atomically: true, encoding: .utf8)
    let patched = try Threadifier.patch(VerifyFixtures.minimalTest(), rules: BundledRules.load(file.path))
    let marker = try ThreadMarker(
      payload: try #require(try WasmModule(bytes: patched).customSections.first { $0.name == "wasm-threadify" })
        .payload)
    #expect(marker.start?.call == .otherInstances)
    let report = try VerifyFixtures.verify(patched)
    #expect(report.passed, "\(report.table)")
  }

  @Test("start family (d), threads the program spawns, fails the marker check by name")
  func spawnedThreads() throws {
    let patched = try Self.editingMarker(try Self.patchedSeed()) {
      $0.replacingOccurrences(
        of: "\"marker\":2",
        with: "\"marker\":2,\"spawn\":{\"error\":-6,\"module\":\"wasi\",\"name\":\"thread-spawn\","
          + "\"params\":[\"i32\"],\"results\":[\"i32\"],\"returns\":\"thread_id\"}")
    }
    let report = try VerifyFixtures.verify(patched)
    #expect(VerifyFixtures.failed(report) == [.marker])
    #expect(report.failures.first?.detail.contains("\"spawn\"") == true, "\(report.failures)")
  }

  @Test("a marker promising larger stacks than the code allocates fails stacks-distinct; the true size passes")
  func stackSizePromise() throws {
    let patched = try Self.patchedSeed()
    #expect(try VerifyFixtures.verify(patched).passed)
    let promising = try Self.editingMarker(patched) {
      $0.replacingOccurrences(of: "\"stack-size\":2097152", with: "\"stack-size\":4194304")
    }
    #expect(VerifyFixtures.failed(try VerifyFixtures.verify(promising)).contains(.stacksDistinct))
  }

  @Test("a marker naming another global as the stack pointer fails first-keeps-static-stack")
  func wrongStackPointerGlobal() throws {
    let patched = try Self.editingMarker(try Self.patchedSeed()) {
      $0.replacingOccurrences(of: "\"stack-pointer\":{\"index\":0}", with: "\"stack-pointer\":{\"index\":1}")
    }
    #expect(VerifyFixtures.failed(try VerifyFixtures.verify(patched)).contains(.firstKeepsStaticStack))
  }

  @Test("a marker without a globals record (format 1) fails the marker check, asking for a re-patch")
  func noGlobals() throws {
    let patched = try Self.editingMarker(try Self.patchedSeed()) { text in
      guard var object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return "" }
      object["globals"] = nil
      object["marker"] = 1
      let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      return data.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
    let report = try VerifyFixtures.verify(patched)
    #expect(VerifyFixtures.failed(report) == [.marker])
    #expect(report.failures.first?.detail.contains("re-patch") == true, "\(report.failures)")
  }

  @Test("wasmgrind-entry, whose host allocates stacks and TLS, fails the marker check saying so")
  func hostAllocated() throws {
    let module = try VerifyFixtures.bytes("Tests/Fixtures/entry/demo-wasmgrind-entry.wasm")
    let report = try VerifyFixtures.verify(try VerifyFixtures.patch(module, bundled: "wasmgrind-entry"))
    #expect(VerifyFixtures.failed(report) == [.marker])
    #expect(report.failures.first?.detail.contains("host allocates") == true, "\(report.failures)")
    let seedABI = try VerifyFixtures.verify(try VerifyFixtures.patch(module, bundled: "wasmgrind"))
    #expect(seedABI.passed, "the same module with the seed ABI:\n\(seedABI.table)")
  }

  @Test("a long run reports its progress after every round")
  func progress() throws {
    final class Rounds: @unchecked Sendable {
      var seen: [Int] = []
    }
    let rounds = Rounds()
    var options = VerifyOptions()
    options.threads = 1
    options.rounds = 5
    options.progress = { round, pages in
      rounds.seen.append(round)
      #expect(pages > 0)
    }
    let report = try Verifier.verify(bytes: try Self.patchedSeed(), options: options)
    #expect(report.passed)
    #expect(rounds.seen == [1, 2, 3, 4, 5])
  }
}
