import Foundation
import TestSupport
import Testing
import ThreadifyHost
import WasmKit

/// The seed's own Rust programs on real threads: `Tests/Fixtures/real/minimal_test.wasm` and its tracing build,
/// patched with the default rule set and run on ``ModuleHost`` with ``Threadlink`` (one WasmKit instance per
/// thread the program creates). Each export runs 20 times in one host; the memory must reach a steady state.
@Suite(
  "Runtime: wasm_threadlink programs on real threads (WasmKit)",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"),
  .serialized)
struct ThreadlinkRuntimeTests {
  static let repetitions = 20
  /// Fresh hosts for thread_hierarchy_test (50 threads each; a debug WasmKit instance per thread costs ~0.1 s of CPU).
  static let freshHierarchyHosts = 2
  static let fixtures = ["minimal_test.wasm", "minimal_test_tracing.wasm"]

  /// A host and its threadlink runtime over the patched fixture, with the program's first thread started.
  struct Program {
    let host: ModuleHost
    let link: Threadlink
    let main: HostThread

    init(_ fixture: String) throws {
      let patched = try PatchFixtures.patch(
        try Repository.bytes("Tests/Fixtures/real/\(fixture)"), rules: "wasmgrind")
      host = try ModuleHost(bytes: patched, name: fixture)
      link = Threadlink(host: host)
      main = try host.startThread()
    }

    /// Calls an export without arguments on the first thread; its i32 result, if any.
    @discardableResult
    func call(_ export: String) throws -> UInt32? {
      try main.run { c in try c.call(export) }
    }

    func variable() throws -> Int32 { Int32(bitPattern: try #require(try call("get_some_variable"))) }

    func finish() {
      _ = try? main.destroy()
      host.shutdown()
    }
  }

  /// Per repetition: memory pages after it, threads created by it.
  struct Repetitions {
    var pages: [Int] = []
    var created: [Int] = []

    /// The memory stopped growing: over the last half of the repetitions it grew by at most one heap stack (2 MiB,
    /// 32 pages, and a page for the allocator's bookkeeping). Threads that overlap differently from one repetition
    /// to the next can fragment the heap once; a stack or TLS block not given back grows it every repetition.
    var steady: Bool {
      guard let last = pages.last, pages.count >= 2 else { return false }
      return last - pages[pages.count / 2 - 1] <= 33
    }

    var summary: String {
      "memory pages \(pages.first ?? 0) after the first run, \(pages.last ?? 0) after the last (distinct sizes "
        + "\(Set(pages).sorted())); threads created per run \(Set(created).sorted())"
    }
  }

  private func repeatExport(
    _ program: Program, _ body: (Int) throws -> Void
  ) throws -> Repetitions {
    var seen = Repetitions()
    for round in 0..<Self.repetitions {
      let before = program.link.createdThreads
      try body(round)
      try program.link.waitUntilIdle()
      #expect(program.link.failures.isEmpty, "round \(round): \(program.link.failures)")
      #expect(program.link.runningThreads == 0)
      seen.created.append(program.link.createdThreads - before)
      seen.pages.append(program.host.memoryPages)
    }
    #expect(seen.steady, "the memory did not reach a steady state: \(seen.pages)")
    #expect(program.host.liveThreads.count == 1, "threads left: \(program.host.liveThreads.map(\.id))")
    return seen
  }

  @Test("threading_test returns 0 and leaves the variable in 0...100, 20 times", arguments: fixtures)
  func threadingTest(fixture: String) throws {
    let clock = Stopwatch()
    let program = try Program(fixture)
    defer { program.finish() }
    var values: [Int32] = []
    let seen = try repeatExport(program) { round in
      #expect(try program.call("threading_test") == 0, "round \(round)")
      let value = try program.variable()
      #expect((0...100).contains(value), "round \(round): get_some_variable() = \(value)")
      values.append(value)
    }
    #expect(seen.created.allSatisfy { $0 == 2 }, "threads per run \(seen.created)")
    try expectBalancedLocks(program, fixture: fixture)
    print(
      "[threadlink \(fixture)] threading_test ×\(Self.repetitions): variable \(values), \(seen.summary); "
        + "\(lockFigures(program, fixture)); \(clock.formatted)")
  }

  @Test("two_nested_threads_test adds 100, 20 times", arguments: fixtures)
  func twoNestedThreads(fixture: String) throws {
    try addsHundred(fixture: fixture, export: "two_nested_threads_test")
  }

  @Test("two_nested_detached_threads_test adds 100 once its threads are done, 20 times", arguments: fixtures)
  func twoNestedDetachedThreads(fixture: String) throws {
    try addsHundred(fixture: fixture, export: "two_nested_detached_threads_test")
  }

  private func addsHundred(fixture: String, export: String) throws {
    let clock = Stopwatch()
    let program = try Program(fixture)
    defer { program.finish() }
    let seen = try repeatExport(program) { round in
      try program.call("reset_some_variable")
      try program.call(export)
      try program.link.waitUntilIdle()  // the detached grandchild may still be running
      #expect(try program.variable() == 100, "round \(round)")
    }
    #expect(seen.created.allSatisfy { $0 == 2 }, "threads per run \(seen.created)")
    try expectBalancedLocks(program, fixture: fixture)
    print(
      "[threadlink \(fixture)] \(export) ×\(Self.repetitions): 100 each time; \(seen.summary); "
        + "\(lockFigures(program, fixture)); \(clock.formatted)")
  }

  /// The program's thread counter is a `static` that is never reset: the first run in a host creates 50 threads
  /// (recursively: threads creating threads, up to ~50 alive at once), the next runs none. So the 20 repetitions
  /// run in one host, and the export runs again in fresh hosts (same process), where every run creates 50.
  @Test("thread_hierarchy_test creates 50 threads recursively and joins them", arguments: fixtures)
  func threadHierarchy(fixture: String) throws {
    let clock = Stopwatch()
    let program = try Program(fixture)
    defer { program.finish() }
    let seen = try repeatExport(program) { _ in try program.call("thread_hierarchy_test") }
    #expect(seen.created.first == 50 && seen.created.dropFirst().allSatisfy { $0 == 0 }, "\(seen.created)")
    try expectBalancedLocks(program, fixture: fixture, locks: false)
    var fresh: [Int] = []
    var starts: [Double] = []
    for _ in 0..<Self.freshHierarchyHosts {
      let again = try Program(fixture)
      defer { again.finish() }
      try again.call("thread_hierarchy_test")
      try again.link.waitUntilIdle()
      #expect(again.link.failures.isEmpty, "\(again.link.failures)")
      try expectBalancedLocks(again, fixture: fixture, locks: false)
      fresh.append(again.link.createdThreads)
      starts += again.link.threadStartSeconds
    }
    #expect(fresh.allSatisfy { $0 == 50 }, "threads created in fresh hosts: \(fresh)")
    starts.sort()
    print(
      "[threadlink \(fixture)] thread_hierarchy_test: one host ×\(Self.repetitions): \(seen.summary); "
        + "\(Self.freshHierarchyHosts) fresh hosts: \(fresh) threads; thread start (instantiate + start routine, "
        + "up to 50 starting at once) median \(milliseconds(starts[starts.count / 2])), p90 "
        + "\(milliseconds(starts[starts.count * 9 / 10])) over \(starts.count) threads; \(clock.formatted)")
  }

  /// What one thread costs to start on WasmKit: instantiation and the start routine, threads started one at a time
  /// (the figure BENCHMARKS.md quotes).
  @Test("thread start cost, one thread at a time")
  func threadStartCost() throws {
    let program = try Program("minimal_test.wasm")
    defer { program.finish() }
    var seconds: [Double] = []
    for _ in 0..<20 {
      let thread = try program.host.startThread()
      seconds.append(try #require(thread.startDuration))
      try thread.destroy()
    }
    seconds.sort()
    #expect(program.host.liveThreads.count == 1)
    print(
      "[threadlink minimal_test.wasm] thread start (instantiate + start routine), 20 threads one at a time: "
        + "median \(milliseconds(seconds[10])), min \(milliseconds(seconds[0])), max \(milliseconds(seconds[19])) "
        + "(first thread \(milliseconds(try #require(program.main.startDuration))))")
  }

  private func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

  /// The tracing build's lock callbacks balance (and were called at all when the export locks); the plain build
  /// imports none.
  private func expectBalancedLocks(_ program: Program, fixture: String, locks: Bool = true) throws {
    let counts = program.link.lockCounts
    if fixture.contains("tracing") {
      #expect(!locks || counts.startLock > 0, "the tracing build called no lock callback")
      #expect(counts.balanced, "lock callbacks do not balance: \(counts)")
    } else {
      #expect(counts == Threadlink.LockCounts())
    }
  }

  private func lockFigures(_ program: Program, _ fixture: String) -> String {
    let c = program.link.lockCounts
    return fixture.contains("tracing")
      ? "lock callbacks \(c.startLock)/\(c.finishLock)/\(c.startUnlock)/\(c.finishUnlock)" : "no lock callbacks"
  }
}
