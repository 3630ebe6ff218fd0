import Foundation
import TestSupport
import Testing
import Threadify
import ThreadifyRules

/// Patched modules run on real threads in headless Chromium, through the JS host (`examples/host/`) and the browser
/// example (`examples/browser/`): one page load runs the seed's rustc programs (`minimal_test.wasm` and its tracing
/// build, patched with the default rules) 20 times each, the `examples/build/` modules of every shipped rule set
/// (and one unpatched, as a control), an unpatched module the host must refuse, a missing import, a trapping thread,
/// a trap in a thread the program created, and a thread start benchmark. The tests below each check one part of that
/// page's report.
///
/// Chromium is required: `apt-get install chromium` (Debian's). Without it these tests fail, they do not skip.
@Suite("Browser: headless Chromium runs patched modules on Web Workers")
struct BrowserRuntimeTests {
  static let reps = 20
  static let rounds = 20
  static let threads = 4
  /// Sequential thread starts measured per worker kind.
  static let starts = 20
  /// The page's own budget, and the bound on the whole run (Chromium start and close included). Alone the run takes
  /// 7-11 s here, 13 s inside the whole parallel test suite; these bounds leave room for a machine loaded by parallel
  /// builds (28 s at a load average of 47 on 2 cores), not for a hang.
  static let pageTimeoutMs = 100_000
  static let runTimeout = 120.0

  /// The page, run once for all the tests of this suite.
  static let page = Task { try await BrowserPageRun.run() }

  private func report() async throws -> BrowserPageRun {
    let run = try await Self.page.value
    let finished = run.report.ok
    try #require(finished, "the page did not finish: \(run.report.failureText)")
    return run
  }

  @Test("the page is cross-origin isolated, finishes in bounded time and shuts its workers down")
  func pageRuns() async throws {
    let run = try await report()
    let page = try #require(run.report.results)
    #expect(page.crossOriginIsolated, "no SharedArrayBuffer without COOP/COEP")
    #expect(page.done && page.ok == true, "page errors: \(page.errors)")
    #expect(page.errors.isEmpty)
    // The driver's own clock (Chromium's start to its exit): the test's clock also counts the time this task waited
    // for a thread of the test process's pool, which sync tests running in parallel can hold for minutes.
    let elapsedMs = try #require(run.report.elapsedMs)
    #expect(Double(elapsedMs) < Self.runTimeout * 1000, "the whole run took \(elapsedMs) ms")
    let workers = try #require(run.report.workers)
    #expect(workers.started > 0, "Chromium reported no worker")
    #expect(workers.liveAtEnd == 0, "\(workers.liveAtEnd) workers still alive after every host was closed")
    #expect(run.report.close == "closed", "Chromium had to be killed: \(run.report.close ?? "-")")
    print(
      "[browser] \(run.report.chromium ?? "?"): page \(run.report.elapsedMs ?? -1) ms, test \(String(format: "%.1f", run.seconds)) s; "
        + "workers started \(workers.started), at most \(workers.maxLive) alive, \(workers.liveAtEnd) at the end")
  }

  @Test("the four wasm_threadlink exports, 20 times each, on both builds of the seed's program")
  func threadlinkExports() async throws {
    let run = try await report()
    let programs = try #require(run.report.results?.threadlink)
    #expect(programs.map(\.module) == BrowserPageRun.threadlinkModules.map { "/modules/\($0)" })
    for program in programs {
      let name = program.module
      #expect(program.rules == "wasmgrind", "\(name) patched with \(program.rules ?? "nil")")
      #expect(program.reps == Self.reps)
      #expect(program.threadingTest == Array(repeating: 0, count: Self.reps), "\(name): threading_test")
      #expect(program.afterThreadingTest.count == Self.reps)
      #expect(
        program.afterThreadingTest.allSatisfy { (0...100).contains($0) }, "\(name): \(program.afterThreadingTest)")
      #expect(program.afterTwoNestedThreadsTest == Array(repeating: 100, count: Self.reps), "\(name): nested")
      #expect(program.afterTwoNestedDetachedThreadsTest == Array(repeating: 100, count: Self.reps), "\(name): detached")
      // thread_hierarchy_test spawns while a global counter (never reset) is below 50: 50 threads in the first call,
      // none after.
      #expect(
        program.threadHierarchyCreated == [50] + Array(repeating: 0, count: Self.reps - 1),
        "\(name): \(program.threadHierarchyCreated)")
      let counters = try #require(program.counters)
      // Per repetition: 2 (threading) + 2 (nested) + 2 (detached) threads, plus the hierarchy's 50 once. Every
      // thread but the detached grandchild is joined.
      #expect(counters.created == 6 * Self.reps + 50)
      #expect(counters.joined == counters.created - Self.reps)
      #expect(counters.failed == 0 && counters.live == 0)
      print(
        "[browser \(name)] \(Self.reps) reps: threading_test left \(program.afterThreadingTest); hierarchy created "
          + "\(program.threadHierarchyCreated.first ?? -1) threads; \(counters.created) threads in all on "
          + "\(program.workersCreated ?? -1) workers; \(program.elapsedMs) ms")
    }
  }

  @Test("the tracing build's lock callbacks balance")
  func tracingLocksBalance() async throws {
    let run = try await report()
    let programs = try #require(run.report.results?.threadlink)
    let tracing = try #require(programs.first { $0.tracing }, "no tracing build in the page's report")
    let counters = try #require(tracing.counters)
    #expect(tracing.locksBalanced == true)
    #expect(counters.startLock > 0, "the tracing build reported no lock")
    #expect(
      [counters.finishLock, counters.startUnlock, counters.finishUnlock].allSatisfy { $0 == counters.startLock },
      "\(counters)")
    for plain in programs where !plain.tracing {
      #expect(plain.counters?.startLock == 0, "the plain build has no lock callbacks")
    }
    print("[browser] tracing build: \(counters.startLock) locks, \(counters.startUnlock) unlocks, all balanced")
  }

  @Test("memory reaches a steady state over the 20 repetitions")
  func memorySteady() async throws {
    let run = try await report()
    for program in try #require(run.report.results?.threadlink) {
      let sizes = program.memoryBytes
      try #require(sizes.count == Self.reps)
      // The first repetition peaks (thread_hierarchy_test has up to 50 threads alive); freed stacks are reused after.
      #expect(sizes.allSatisfy { $0 == sizes[0] }, "\(program.module): memory.buffer.byteLength per rep \(sizes)")
      print("[browser \(program.module)] memory.buffer.byteLength \(sizes.first ?? -1) → \(sizes.last ?? -1) bytes")
    }
  }

  @Test("the examples/build modules of every rule set, both layouts: own TLS and stack, destroy gives them back")
  func examplesPerRuleSet() async throws {
    let run = try await report()
    let demos = try #require(run.report.results?.demo)
    #expect(demos.map(\.module) == RuntimeExample.all.map { "/modules/\($0.servedName)" })
    for (demo, example) in zip(demos, RuntimeExample.all) {
      let name = example.testDescription
      #expect(demo.rules == example.ruleSet, "\(name): marker says \(demo.rules ?? "nil")")
      #expect(demo.rounds.count == Self.rounds)
      #expect(demo.programInitCount == 1 && demo.dataMarker == RuntimeExample.dataMarkerAfterInit)
      let baseline = try #require(demo.baseline)
      let perFollower = Int(try example.stackSize()) + Int(RuntimeExample.tlsSize)
      for r in demo.rounds {
        #expect(r.distinctTls == Self.threads && r.distinctStacks == Self.threads, "\(name) round \(r.round)")
        #expect(r.tlsInitialOk && r.countersExact && r.probesOk, "\(name) round \(r.round)")
        #expect(r.liveBytesAlive - baseline.liveBytes == (Self.threads - 1) * perFollower, "\(name) round \(r.round)")
        #expect(r.liveBytesAfter == baseline.liveBytes && r.liveBlocksAfter == baseline.liveBlocks, "\(name) leaked")
        #expect(r.allocErrors == 0, "\(name) round \(r.round): allocator errors")
      }
      let tops = demo.rounds.map(\.heapTop)
      let sizes = demo.rounds.map(\.memoryBytes)
      #expect(tops.allSatisfy { $0 == tops[0] }, "\(name): heap top per round \(tops)")
      #expect(sizes.allSatisfy { $0 == sizes[0] }, "\(name): memory per round \(sizes)")
      print(
        "[browser \(name)] \(Self.rounds) rounds × \(Self.threads) threads: live bytes back to \(baseline.liveBytes) "
          + "every round; heap top \(tops.first ?? -1), memory \(sizes.first ?? -1) bytes throughout; "
          + "\(demo.elapsedMs) ms")
    }
  }

  /// Control for the test above: the same page on the unpatched wasmgrind example (the host told it has no start or
  /// destroy routine) sees what the patch prevents: the followers share one TLS block at address 0, without its
  /// `.tdata` pattern, and every thread runs on the same stack.
  @Test("control: the unpatched example shares TLS and stack between its threads in the same page")
  func unpatchedExampleShares() async throws {
    let run = try await report()
    let control = try #require(run.report.results?.unpatched.first)
    #expect(control.module == "/modules/\(BrowserPageRun.unpatchedExample)")
    let round = try #require(control.rounds.first)
    #expect(round.distinctTls < Self.threads, "unpatched: \(round.distinctTls) distinct TLS blocks")
    #expect(round.distinctStacks == 1, "unpatched: \(round.distinctStacks) distinct stacks")
    #expect(!round.tlsInitialOk)
    print(
      "[browser control] unpatched \(BrowserPageRun.unpatchedExample): \(round.distinctTls) distinct TLS blocks and "
        + "\(round.distinctStacks) stack for \(Self.threads) threads; .tdata intact: \(round.tlsInitialOk)")
  }

  @Test("an unpatched module is refused by name")
  func unpatchedRefused() async throws {
    let run = try await report()
    let refusals = try #require(run.report.results?.refused)
    let refusal = try #require(refusals.first)
    #expect(refusals.count == 1)
    #expect(refusal.refused)
    let message = refusal.error ?? ""
    #expect(message.contains(BrowserPageRun.unpatchedModule) && message.contains("not patched"), "\(message)")
  }

  @Test("a patched module hosted without its imports fails naming the missing import")
  func missingImport() async throws {
    let run = try await report()
    let missing = try #require(run.report.results?.missing.first)
    #expect(missing.failed)
    #expect(missing.error?.contains("missing import wasm_threadlink.") == true, "\(missing.error ?? "no message")")
  }

  @Test("a trap in a thread fails the call waiting for it, with the message, in bounded time")
  func trapInThread() async throws {
    let run = try await report()
    let trap = try #require(run.report.results?.trap.first)
    #expect(trap.failed)
    #expect(trap.error?.contains("out of bounds") == true, "\(trap.error ?? "no message")")
    #expect((trap.elapsedMs ?? .max) < 30_000)
    #expect(trap.mainStillAnswers, "the program's first thread no longer answers")
    print("[browser] trap in a thread: \"\(trap.error ?? "")\" after \(trap.elapsedMs ?? -1) ms")
  }

  /// The tracing build with `examples/browser/fault-imports.mjs`: every thread the program creates traps in its
  /// first lock. The grandchild of two_nested_threads_test traps, its parent's join fails and it panics, and so on:
  /// the page's call fails with the whole chain. (Without the fault imports the same call adds 100: see above.)
  @Test("a trap in a program-created thread: the joiner panics, the page's call fails with both messages")
  func faultInProgramThread() async throws {
    let run = try await report()
    let fault = try #require(run.report.results?.fault.first)
    #expect(fault.failed)
    let message = fault.error ?? ""
    #expect(message.contains("two_nested_threads_test") && message.contains("panic"), "\(message)")
    #expect(message.contains("RuntimeError"), "the trap's own message is lost: \(message)")
    #expect((fault.elapsedMs ?? .max) < 30_000)
    #expect(fault.counters?.failed == 2 && fault.counters?.live == 0, "\(String(describing: fault.counters))")
    print("[browser] trap in a program-created thread: \"\(message)\" after \(fault.elapsedMs ?? -1) ms")
  }

  /// Thread start cost in Chromium, from two runs: `bench=` starts threads one after the other (each ended before
  /// the next), on reused workers and on a new worker each; and the start times of every thread of the runs above,
  /// which overlap (thread_hierarchy_test starts 50 workers at once on this 2-core machine).
  @Test("thread start cost (instantiate + start routine) per thread in Chromium")
  func threadStartCost() async throws {
    let run = try await report()
    let page = try #require(run.report.results)
    func line(_ t: BrowserReport.Timings?) -> String {
      guard let t, t.count > 0 else { return "none" }
      return "\(t.count) threads, mean \(t.mean ?? -1) ms, median \(t.median ?? -1) ms, p90 \(t.p90 ?? -1) ms, "
        + "max \(t.max ?? -1) ms"
    }
    let bench = try #require(page.bench.first)
    #expect(bench.n == Self.starts)
    for kind in [bench.reused, bench.new] {
      #expect(kind.startMsInWorker.count == Self.starts && kind.readyMs.count == Self.starts)
      print(
        "[browser bench \(bench.module)] \(Self.starts) sequential starts on \(kind.workers) workers: in the worker "
          + "(instantiate + start routine) \(line(kind.startMsInWorker)); page request to ready "
          + "\(line(kind.readyMs)); destroy \(line(kind.endMs))")
    }
    // Reused: the first thread's worker and one more, taken again for every start; new: one worker per thread.
    #expect(bench.reused.workersCreated == 2, "workers created with reuse: \(bench.reused.workersCreated)")
    #expect(bench.new.workersCreated == Self.starts + 1, "workers created without: \(bench.new.workersCreated)")

    let all =
      page.threadlink.map { ($0.module, $0.threadStartMs, $0.readyMsNewWorker, $0.readyMsReusedWorker) }
      + page.demo.map { ($0.module, $0.threadStartMs, $0.readyMsNewWorker, $0.readyMsReusedWorker) }
    for (module, inWorker, newWorker, reusedWorker) in all {
      let t = try #require(inWorker)
      #expect(t.count > 0, "\(module): no thread start measured")
      print(
        "[browser \(module)] thread start in its worker (instantiate + start routine): \(line(t)); "
          + "request to ready on a new worker: \(line(newWorker)); on a reused worker: \(line(reusedWorker))")
    }
    print("[browser] phases (ms since the driver started): \(run.report.phasesMs ?? [:])")
  }

}

/// One run of the browser page with every module the suite checks.
struct BrowserPageRun: Sendable {
  static let threadlinkModules = ["minimal_test.threaded.wasm", "minimal_test_tracing.threaded.wasm"]
  /// Served unpatched, under the fixture's own name: the host must name it when refusing it.
  static let unpatchedModule = "minimal_test.wasm"
  /// The control of the examples run: served as built.
  static let unpatchedExample = "demo-wasmgrind-rustc-like.wasm"

  let report: BrowserReport
  let seconds: Double

  static func run() async throws -> BrowserPageRun {
    let plain = try Repository.bytes("Tests/Fixtures/real/minimal_test.wasm")
    let tracing = try Repository.bytes("Tests/Fixtures/real/minimal_test_tracing.wasm")
    var modules: [String: [UInt8]] = [
      threadlinkModules[0]: try PatchFixtures.patch(plain, rules: "wasmgrind"),
      threadlinkModules[1]: try PatchFixtures.patch(tracing, rules: "wasmgrind"),
      unpatchedModule: plain,
      unpatchedExample: try Repository.bytes("examples/build/\(unpatchedExample)"),
    ]
    var query = threadlinkModules.map { "threadlink=/modules/\($0)" }
    for example in RuntimeExample.all {
      modules[example.servedName] = try example.patchedBytes()
      query.append("demo=/modules/\(example.servedName)")
    }
    query += [
      "unpatched=/modules/\(unpatchedExample)", "refuse=/modules/\(unpatchedModule)",
      "missing=/modules/\(threadlinkModules[0])", "trap=/modules/\(threadlinkModules[0])",
      "fault=/modules/\(threadlinkModules[1])",
      "reps=\(BrowserRuntimeTests.reps)", "rounds=\(BrowserRuntimeTests.rounds)",
      "threads=\(BrowserRuntimeTests.threads)", "bench=/modules/\(threadlinkModules[0])",
      "starts=\(BrowserRuntimeTests.starts)",
    ]
    let clock = Stopwatch()
    let report = try await BrowserHarness.run(
      modules: modules, query: query.joined(separator: "&"), pageTimeoutMs: BrowserRuntimeTests.pageTimeoutMs,
      timeout: BrowserRuntimeTests.runTimeout + 15)
    return BrowserPageRun(report: report, seconds: clock.seconds)
  }
}

extension RuntimeExample {
  /// The patched module's name on the browser test's server.
  var servedName: String { "\(ruleSet)-\(flavour.rawValue).threaded.wasm" }
}
