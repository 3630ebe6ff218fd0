import Foundation
import TestSupport
import Testing

/// Patched example modules run in node (V8) on the JS host `examples/host/threadify-host.mjs`, driven by
/// `Runtime/node/checks.mjs`: one shared `WebAssembly.Memory`, one instance per `worker_threads` worker (the first
/// thread too), started and destroyed as the module's marker says. Every check is made from inside the module (see
/// `examples/README.md`).
@Suite("Runtime: node worker_threads")
struct NodeRuntimeTests {
  static let threads = 8
  static let increments: Int64 = 1000
  /// Spawn-8/destroy-8 rounds on the rustc-like example of each rule set (the host reuses the workers: each round is
  /// 8 new instances that probe for 10 ms).
  static let longRounds = 100
  /// Rounds on the clang-default examples.
  static let shortRounds = 5

  private func run(_ bytes: [UInt8], _ example: RuntimeExample, _ arguments: [String]) async throws -> NodeReport {
    try await NodeHarness.run(
      module: bytes, name: "\(example.ruleSet)-\(example.flavour.rawValue).wasm", threads: Self.threads, arguments)
  }

  /// One run of N threads in lock-step: distinct, aligned, initialised TLS; exact private counters; concurrent stack
  /// probes that never see another thread's pattern; thread 0 on the static stack and the static .tdata block, the
  /// others on heap stacks; program_init ran once; every worker's destroy gave its TLS and stack back.
  @Test("basic run: own TLS and stack per thread, destroy returns the memory", arguments: RuntimeExample.all)
  func basicRun(example: RuntimeExample) async throws {
    let clock = Stopwatch()
    let stackSize = try example.stackSize()
    let report = try await run(try example.patchedBytes(), example, [])
    try #require(report.ok, "\(report.failureText)")
    #expect(report.abi?.patched == true)
    let results = try #require(report.threadsResults)
    #expect(results.allSatisfy { $0.stackAlloc != nil }, "the patched module must export __stack_alloc")
    let threads = try results.map(ThreadObservation.init(node:))
    RuntimeChecks.expectIsolated(
      threads, example: example, stackSize: stackSize, count: Self.threads, increments: Self.increments)
    let summary = try #require(report.summary)
    #expect(summary.programInitCounts == [1])
    #expect(summary.distinctTlsAddresses == Self.threads && summary.distinctStackAddresses == Self.threads)
    #expect(summary.allTlsAligned && summary.allInitialOk && summary.allCountersExact && summary.allStackProbesOk)
    #expect(results.filter { $0.thread != 0 }.allSatisfy { $0.destroyed == true }, "every worker destroyed itself")

    // Allocator: with every thread alive, exactly one heap stack and one TLS block per follower (thread 0 reuses
    // the static ones); after the workers destroyed themselves and exited, back to the baseline.
    let alloc = try #require(report.alloc)
    let baseline = try #require(alloc.afterInstance0)
    let alive = try #require(alloc.threadsAlive)
    let after = try #require(alloc.afterWorkersExit)
    let perFollower = Int64(stackSize) + Int64(RuntimeExample.tlsSize)
    #expect(alive.liveBytes - baseline.liveBytes == Int64(Self.threads - 1) * perFollower)
    #expect(alive.liveBlocks - baseline.liveBlocks == Int64(Self.threads - 1) * 2)
    #expect(after.liveBytes == baseline.liveBytes, "leaked \(after.liveBytes - baseline.liveBytes) bytes")
    #expect(after.liveBlocks == baseline.liveBlocks)
    #expect(after.errors == 0, "allocator errors (bad or double frees): \(after.errors ?? -1)")
    #expect(alloc.returnedToBaseline == true)
    print(
      "[node \(example.testDescription)] basic: \(RuntimeChecks.figures(threads)); live bytes baseline \(baseline.liveBytes), "
        + "with \(Self.threads) threads \(alive.liveBytes), after destroy \(after.liveBytes) "
        + "(leaked \(after.liveBytes - baseline.liveBytes)); memory \(report.memory?.pagesAtStart ?? -1)→"
        + "\(report.memory?.pagesAtEnd ?? -1) pages; node \(report.elapsedMs ?? -1) ms, test \(clock.formatted)")
  }

  /// Static TLS reuse (the default): the instance whose `__wasm_init_memory` already set up the static `.tdata`
  /// block keeps it, so the patched module makes one TLS allocation fewer than it has threads. With
  /// `reuse_static_tls=0` (wasm-bindgen's behaviour) instance 0 allocates a block too, and both free everything.
  @Test("static TLS reuse saves exactly one TLS block", arguments: RuntimeExample.rustcLike)
  func staticTLSReuse(example: RuntimeExample) async throws {
    var baselines: [Int64: NodeReport.AllocStats] = [:]
    for reuse: Int64 in [1, 0] {
      let bytes = try PatchFixtures.patch(
        try example.unpatchedBytes(), rules: example.ruleSet, params: ["reuse_static_tls": reuse])
      let report = try await run(bytes, example, [])
      try #require(report.ok, "\(report.failureText)")
      let alloc = try #require(report.alloc)
      let baseline = try #require(alloc.afterInstance0)
      #expect(alloc.returnedToBaseline == true)
      let thread0 = try #require(report.threadsResults?.first { $0.thread == 0 })
      if reuse == 1 {
        #expect(thread0.tlsBase.map(UInt32.init) == example.staticTLSAddress)
      } else {
        #expect(thread0.tlsBase.map(UInt32.init) != example.staticTLSAddress)
      }
      baselines[reuse] = baseline
    }
    let reused = try #require(baselines[1])
    let allocated = try #require(baselines[0])
    #expect(allocated.liveBlocks - reused.liveBlocks == 1)
    #expect(allocated.liveBytes - reused.liveBytes == Int64(RuntimeExample.tlsSize))
    print(
      "[node \(example.testDescription)] static TLS reuse: instance 0 live blocks \(reused.liveBlocks) with reuse, "
        + "\(allocated.liveBlocks) without; \(allocated.liveBytes - reused.liveBytes) bytes saved")
  }

  /// R rounds of: 8 new threads (new instances, on the host's reused workers) run the checks together and destroy
  /// themselves. The allocator's live bytes return to the baseline after every round, nothing is left over, and the
  /// heap stops growing after the first round (freed stacks are reused).
  @Test("spawn-8/destroy-8 rounds leak nothing", arguments: RuntimeExample.rustcLike + RuntimeExample.clangDefault)
  func rounds(example: RuntimeExample) async throws {
    let clock = Stopwatch()
    let rounds = example.flavour == .rustcLike ? Self.longRounds : Self.shortRounds
    let report = try await run(
      try example.patchedBytes(), example, ["--rounds=\(rounds)", "--timeout-ms=170000"])
    try #require(report.ok, "\(report.failureText)")
    let list = try #require(report.rounds)
    let summary = try #require(report.roundsSummary)
    let baseline = try #require(summary.liveBytesBaseline)
    #expect(list.count == rounds)
    for r in list {
      #expect(r.destroyed == Self.threads, "round \(r.round): \(r.destroyed) threads destroyed")
      #expect(
        r.liveBytesAfter == baseline, "round \(r.round): live bytes \(r.liveBytesAfter ?? -1), baseline \(baseline)")
      #expect(r.liveBytesBefore == baseline, "round \(r.round): started at \(r.liveBytesBefore ?? -1) live bytes")
      #expect(r.allocErrorsAfter == 0, "round \(r.round): \(r.allocErrorsAfter ?? -1) allocator errors")
      #expect(r.distinctTlsAddresses == Self.threads, "round \(r.round): \(r.distinctTlsAddresses) distinct TLS blocks")
      #expect(r.distinctStackAddresses == Self.threads, "round \(r.round): \(r.distinctStackAddresses) distinct stacks")
      #expect(r.allInitialOk && r.allCountersExact && r.allStackProbesOk, "round \(r.round): a thread check failed")
    }
    #expect(summary.everyRoundReturned && summary.returnedToBaseline == true)
    #expect(summary.allRoundsTlsDistinct && summary.allRoundsProbesOk)
    // Steady state: freed stacks and TLS blocks are reused, so neither the heap nor the memory grows after round 0.
    #expect(summary.heapTopFinal == summary.heapTopAfterFirstRound)
    #expect(summary.memoryPagesFinal == summary.memoryPagesAfterFirstRound)
    let leaked = (summary.liveBytesFinal ?? -1) - baseline
    print(
      "[node \(example.testDescription)] rounds: \(rounds) rounds × \(Self.threads) threads = \(rounds * Self.threads) "
        + "spawned and destroyed; live bytes baseline \(baseline), final \(summary.liveBytesFinal ?? -1) (leaked \(leaked)); "
        + "heap top \(summary.heapTopAfterFirstRound ?? -1) after round 0, \(summary.heapTopFinal ?? -1) at the end; "
        + "memory \(summary.memoryPagesAfterFirstRound)→\(summary.memoryPagesFinal) pages; node \(report.elapsedMs ?? -1) ms, "
        + "test \(clock.formatted)")
  }

  /// Followers run the checks and park; the leader (main thread) frees each follower's TLS block and stack with
  /// `destroy(follower.__tls_base, follower.__stack_alloc, 0)`.
  @Test("the leader destroys its followers", arguments: RuntimeExample.all)
  func leaderDestroysFollower(example: RuntimeExample) async throws {
    let stackSize = try example.stackSize()
    let report = try await run(
      try example.patchedBytes(), example, ["--leader-destroys-follower"])
    try #require(report.ok, "\(report.failureText)")
    let threads = try (try #require(report.threadsResults)).map(ThreadObservation.init(node:))
    RuntimeChecks.expectIsolated(
      threads, example: example, stackSize: stackSize, count: Self.threads, increments: Self.increments)
    let lf = try #require(report.leaderDestroysFollower)
    let baseline = try #require(report.alloc?.afterInstance0?.liveBytes)
    #expect(lf.destroyed == Self.threads - 1)
    #expect(lf.followers.allSatisfy { ($0.tlsBase ?? 0) != 0 && ($0.stackAlloc ?? 0) != 0 })
    #expect(lf.freedBytes == Int64(Self.threads - 1) * (Int64(stackSize) + Int64(RuntimeExample.tlsSize)))
    #expect(lf.freedBlocks == Int64(Self.threads - 1) * 2)
    #expect(
      lf.returnedToBaseline == true, "live bytes after \(lf.allocAfterDestroy?.liveBytes ?? -1), baseline \(baseline)")
    #expect(lf.newAllocErrors == 0, "the leader's frees were refused by the allocator")
    print(
      "[node \(example.testDescription)] leader destroys \(lf.destroyed) followers: freed \(lf.freedBytes ?? -1) bytes "
        + "in \(lf.freedBlocks ?? -1) blocks; live bytes \(lf.allocBeforeDestroy?.liveBytes ?? -1) → "
        + "\(lf.allocAfterDestroy?.liveBytes ?? -1) (baseline \(baseline))")
  }

  /// After a self-destroy `__tls_base` is 0x80000000, so the next TLS access traps instead of writing into memory
  /// that belongs to the allocator again.
  @Test("TLS use after destroy traps", arguments: RuntimeExample.all)
  func useAfterDestroy(example: RuntimeExample) async throws {
    let report = try await run(
      try example.patchedBytes(), example, ["--use-after-destroy"])
    try #require(report.ok, "\(report.failureText)")
    let uses = try #require(report.useAfterDestroy)
    #expect(uses.count == Self.threads - 1)
    for u in uses {
      #expect(u.destroyed, "thread \(u.thread) did not destroy itself")
      #expect(u.trapped == true, "thread \(u.thread): tls_increment after destroy did not trap")
      #expect(u.tlsBaseAfter == 0x8000_0000, "thread \(u.thread): __tls_base after destroy \(u.tlsBaseAfter ?? -1)")
      #expect(u.stackAllocAfter == 0, "thread \(u.thread): __stack_alloc after destroy \(u.stackAllocAfter ?? -1)")
    }
    let alloc = try #require(report.alloc)
    #expect(alloc.returnedToBaseline == true, "live bytes \(alloc.afterWorkersExit?.liveBytes ?? -1)")
    print(
      "[node \(example.testDescription)] use after destroy: \(uses.filter { $0.trapped == true }.count)/\(uses.count) "
        + "trapped (\(uses.first?.error ?? "-"))")
  }

  /// The marker of the wasm-bindgen rule set asks for `__wbindgen_start(stack_size)`: the host passes its
  /// `stackSize` option there, so every follower's heap stack has that size (0 would give the rule set's default).
  @Test("the host's stack size reaches the exported start")
  func stackSizeReachesExportedStart() async throws {
    let example = RuntimeExample(ruleSet: "wasm-bindgen", flavour: .rustcLike)
    let stackSize: Int64 = 262_144
    #expect(stackSize != Int64(try example.stackSize()))
    let report = try await run(try example.patchedBytes(), example, ["--stack-size=\(stackSize)"])
    try #require(report.ok, "\(report.failureText)")
    #expect(report.abi?.start == "export:__wbindgen_start")
    let alloc = try #require(report.alloc)
    let baseline = try #require(alloc.afterInstance0)
    let alive = try #require(alloc.threadsAlive)
    #expect(
      alive.liveBytes - baseline.liveBytes == Int64(Self.threads - 1) * (stackSize + Int64(RuntimeExample.tlsSize)))
    let threads = try (try #require(report.threadsResults)).map(ThreadObservation.init(node:))
    for t in threads where t.thread != 0 {
      #expect(t.stackAddress >= t.stackAlloc && t.stackAddress < t.stackAlloc + stackSize, "thread \(t.thread)")
    }
    #expect(alloc.returnedToBaseline == true)
  }
}
