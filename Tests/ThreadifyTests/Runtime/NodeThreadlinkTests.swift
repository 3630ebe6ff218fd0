import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyRules
import WasmBinary

/// The real rustc modules `Tests/Fixtures/real/minimal_test.wasm` and its tracing build, patched with the default
/// rule set, run their four thread tests on real threads in node: the JS host `examples/host/threadify-host.mjs`
/// with `examples/host/threadlink.mjs` (the `wasm_threadlink` contract), driven by `Runtime/node/threadlink-checks.mjs`,
/// 20 times on one host. What the exports do is in AFKoffee/wasmgrind `wasm-artifacts/minimal-test/src/lib.rs`.
@Suite("Runtime: the real rustc modules on real threads in node")
struct NodeThreadlinkTests {
  static let repeats = 20
  static let fixtures = ["minimal_test.wasm", "minimal_test_tracing.wasm"]
  /// The module patched in-process with the default rule set.
  static func patched(_ name: String) throws -> [UInt8] {
    try PatchFixtures.patch(try Repository.bytes("Tests/Fixtures/real/\(name)"), rules: "wasmgrind")
  }

  static func run(_ fixture: String) async throws -> ThreadlinkChecks.Report {
    let bytes = try patched(fixture)
    let counter = try ThreadlinkChecks.hierarchyCounterAddress(bytes)
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(bytes, to: fixture)
    let result = try await NodeHarness.node([
      ThreadlinkChecks.script.path, scratch.path(fixture), "--repeat=\(repeats)", "--counter-address=\(counter)",
      "--timeout-ms=60000",
    ])
    return try JSONReport.decode(
      ThreadlinkChecks.Report.self, from: result, printedBy: ThreadlinkChecks.script.lastPathComponent)
  }

  @Test("the four thread tests, 20 times on one host: results, threads created, steady memory", arguments: fixtures)
  func fourExports(fixture: String) async throws {
    let report = try await Self.run(fixture)
    try #require(report.ok, "\(report.error ?? "-"); thread errors \(report.errors ?? [])")
    #expect(report.reps.count == Self.repeats)
    for r in report.reps {
      let who = "\(fixture) rep \(r.rep)"
      // threading_test: two threads race by design (100 increments vs a reset): returns 0, leaves 0...100.
      #expect(r.threadingTest.value == 0, "\(who): threading_test returned \(r.threadingTest.value ?? -1)")
      #expect((0...100).contains(r.threadingTest.variable ?? -1), "\(who): \(r.threadingTest.variable ?? -1)")
      #expect(r.threadingTest.threads == 2)
      #expect(r.twoNestedThreadsTest.variable == 100, "\(who): nested \(r.twoNestedThreadsTest.variable ?? -1)")
      #expect(r.twoNestedThreadsTest.threads == 2)
      #expect(
        r.twoNestedDetachedThreadsTest.variable == 100,
        "\(who): detached \(r.twoNestedDetachedThreadsTest.variable ?? -1)")
      #expect(r.twoNestedDetachedThreadsTest.threads == 2)
      // Spawns until COUNTER passes 50: 50 threads, every one of them joined by its creator.
      #expect(r.threadHierarchyTest.threads == 50, "\(who): hierarchy created \(r.threadHierarchyTest.threads)")
      #expect(r.threadHierarchyTest.counter == 101, "\(who): COUNTER \(r.threadHierarchyTest.counter ?? -1)")
      #expect(r.liveThreads == 0, "\(who): \(r.liveThreads) threads still running after idle()")
    }
    let c = report.counters
    let perRep = 2 + 2 + 2 + 50
    #expect(c.created == Self.repeats * perRep + 200, "threads created \(c.created)")
    #expect(c.live == 0 && c.failed == 0, "live \(c.live), failed \(c.failed)")
    if fixture.contains("tracing") {
      #expect(c.startLock > 0, "the tracing build's lock callbacks were never called")
      #expect(report.locksBalanced, "lock callbacks do not balance: \(c)")
    } else {
      #expect(c.startLock == 0 && c.finishUnlock == 0)
    }
    // Steady state. Memory grows only with the most threads alive at once (thread_hierarchy_test's, which depends
    // on timing; at most 51), never past what 51 threads need. Then 100 more calls of two_nested_threads_test (200
    // threads, at most 3 alive at once) must not grow it at all: a thread that kept its stack or TLS block would.
    let memory = report.reps.map(\.memoryBytes)
    let stackSize = try #require(
      try BundledRules.load("wasmgrind").paramValues(overrides: [:])["stack_size"])
    let bound = (report.memoryBytesAtStart ?? 0) + 51 * (Int(stackSize) + 65536)
    #expect(memory.allSatisfy { $0 <= bound }, "memory bytes per rep \(memory), bound \(bound)")
    let quiet = try #require(report.quiet)
    #expect(quiet.threads == 200)
    #expect(
      quiet.memoryBytesAfter == quiet.memoryBytesBefore,
      "memory grew from \(quiet.memoryBytesBefore) to \(quiet.memoryBytesAfter) bytes over 200 sequential threads")
    let stats = try #require(report.hostStats)
    #expect(stats.detachedFailed == 0)
    print(
      "[node \(fixture)] \(Self.repeats) reps: threads created \(c.created) (\(perRep) per rep + 200 quiet; hierarchy "
        + "\(report.reps.map(\.threadHierarchyTest.threads).first ?? -1)), workers \(stats.workersCreated); "
        + "threading_test leaves \(report.reps.map { $0.threadingTest.variable ?? -1 }); locks \(c.startLock)/"
        + "\(c.finishLock)/\(c.startUnlock)/\(c.finishUnlock); memory \(report.memoryBytesAtStart ?? -1) → "
        + "\(memory.first ?? -1) … \(memory.last ?? -1) bytes (per rep \(memory.map { $0 / 65536 }) pages; peak "
        + "\(c.peakLive) threads created and not ended), after 200 quiet threads \(quiet.memoryBytesAfter); thread start (instantiate + start routine) median "
        + "\(String(format: "%.2f", stats.startMs?.median ?? -1)) ms, ready on a reused worker median "
        + "\(String(format: "%.2f", stats.readyMsReusedWorker?.median ?? -1)) ms, on a new worker median "
        + "\(String(format: "%.1f", stats.readyMsNewWorker?.median ?? -1)) ms; rep ms "
        + "\(report.reps.map { Int($0.ms) }); total \(Int(report.elapsedMs)) ms")
  }
}
