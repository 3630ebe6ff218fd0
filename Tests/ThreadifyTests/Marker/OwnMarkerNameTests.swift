import Foundation
import TestSupport
import Testing
import WasmBinary

/// Hosts find the marker whatever the rule file named its section (docs/marker-format.md, *Finding the marker*): the
/// seed's Rust program patched with a rule file whose `marker:` is its own runs in `wasm-threadify run` and in the
/// JS host, and `inspect` and `patch` call it already patched.
@Suite(
  "Marker: a rule file's own marker name",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"))
struct OwnMarkerNameTests {
  static let ownName = "acme.threads"

  /// A scratch folder with the bundled wasmgrind rules, their base's `marker:` changed to ``ownName``, the seed's
  /// `minimal_test.wasm` as `in.wasm` and it patched with those rules as `p.wasm`.
  static func patched() throws -> ScratchFolder {
    let scratch = try ScratchFolder()
    let base = String(decoding: try Repository.bytes("rules/llvm-threads.yaml"), as: UTF8.self)
    let own = base.replacingOccurrences(of: "marker: wasm-threadify\n", with: "marker: \(ownName)\n")
    try #require(own != base)
    try scratch.write(Array(own.utf8), to: "llvm-threads.yaml")
    try scratch.copy(Repository.url("rules/wasmgrind.yaml"))
    try scratch.copy(CLIPaths.real("minimal_test.wasm"), as: "in.wasm")
    let patch = try scratch.run([
      "patch", scratch.path("in.wasm"), "--rules", scratch.path("wasmgrind.yaml"), "-o", scratch.path("p.wasm"),
    ])
    try #require(patch.status == 0, "\(patch)")
    return scratch
  }

  @Test func thePatchWritesTheMarkerUnderTheRuleFilesName() throws {
    let scratch = try Self.patched()
    defer { scratch.remove() }
    let names = try WasmModule(bytes: try scratch.bytes("p.wasm")).customSections.map(\.name)
    #expect(names.contains(Self.ownName) && !names.contains("wasm-threadify"), "\(names)")
  }

  @Test func wasmThreadifyRunRunsIt() throws {
    let scratch = try Self.patched()
    defer { scratch.remove() }
    let result = try scratch.run(["run", scratch.path("p.wasm"), "--invoke", "threading_test"])
    #expect(result.status == 0 && result.output == "0\n", "\(result)")
    // Control: the unpatched module is refused as not patched (exit 1).
    let control = try scratch.run(["run", scratch.path("in.wasm"), "--invoke", "threading_test"])
    #expect(control.status == 1 && control.standardError.contains("no marker section"), "\(control)")
  }

  @Test func theJSHostRunsIt() async throws {
    let scratch = try Self.patched()
    defer { scratch.remove() }
    let counter = try ThreadlinkChecks.hierarchyCounterAddress(try scratch.bytes("p.wasm"))
    let result = try await NodeHarness.node([
      ThreadlinkChecks.script.path, scratch.path("p.wasm"), "--repeat=2", "--counter-address=\(counter)",
      "--timeout-ms=60000",
    ])
    let report = try JSONReport.decode(
      ThreadlinkChecks.Report.self, from: result, printedBy: ThreadlinkChecks.script.lastPathComponent)
    #expect(report.ok, "\(report.error ?? "-")")
    #expect(report.reps.count == 2 && report.reps.allSatisfy { $0.threadingTest.value == 0 })
    #expect(report.reps.allSatisfy { $0.threadHierarchyTest.threads == 50 })
  }

  @Test func inspectAndPatchCallItAlreadyPatched() throws {
    let scratch = try Self.patched()
    defer { scratch.remove() }
    let inspect = try scratch.run(["inspect", scratch.path("p.wasm"), "--json"])
    #expect(inspect.output.contains("already-patched"), "\(inspect)")
    #expect(inspect.output.contains("custom section \(Self.ownName)"), "\(inspect)")
    let again = try scratch.run(["patch", scratch.path("p.wasm"), "-o", scratch.path("q.wasm")])
    #expect(again.status == 1 && again.standardError.contains("already patched"), "\(again)")
  }

  /// Issue 18 item 5: the marker is read before any refusal. A rule set whose injected destroy export is the name a
  /// wasi-threads refusal looks for: the patched module is "already patched", not "wasi-threads".
  @Test func theMarkerIsReadBeforeAnyRefusal() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.copy(Repository.url("rules/llvm-threads.yaml"))
    let abi = String(decoding: try Repository.bytes("rules/wasmgrind.yaml"), as: UTF8.self)
    let clashing = abi.replacingOccurrences(
      of: "export: __wasmgrind_thread_destroy", with: "export: wasi_thread_start")
    try #require(clashing != abi)
    try scratch.write(Array(clashing.utf8), to: "wasmgrind.yaml")
    try scratch.copy(CLIPaths.real("minimal_test.wasm"), as: "in.wasm")
    let patch = try scratch.run([
      "patch", scratch.path("in.wasm"), "--rules", scratch.path("wasmgrind.yaml"), "-o", scratch.path("p.wasm"),
    ])
    try #require(patch.status == 0, "\(patch)")
    let inspect = try scratch.run(["inspect", scratch.path("p.wasm"), "--json"])
    #expect(inspect.output.contains("\"already-patched\""), "\(inspect)")
    #expect(!inspect.output.contains(#""flavour" : "wasi-threads""#), "\(inspect)")
    // Control: with the marker payload overwritten by one that is not a marker, the same module is taken for a
    // wasi-threads one (wasi-threads-entry, which serves wasi-threads modules, still refuses it by its section name).
    var stripped = ModuleEditor(try WasmModule(bytes: try scratch.bytes("p.wasm")))
    stripped.setCustomSection(name: "wasm-threadify", payload: Array("not a marker".utf8))
    try scratch.write(stripped.write(), to: "stripped.wasm")
    let control = try scratch.run(["inspect", scratch.path("stripped.wasm"), "--json"])
    #expect(control.output.contains(#""flavour" : "wasi-threads""#), "\(control)")
  }
}
