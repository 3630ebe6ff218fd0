import Foundation
import MarkerFormat
import TestSupport
import Testing
import ThreadifyHost
import WasmKit

/// The checks of `Runtime/node/checks-task.mjs`, made from a WasmKit instance on its own thread, in lock-step with
/// the other threads (barriers between the phases, so the increments and the stack probes overlap).
enum WasmKitChecks {
  static func observe(
    _ c: InstanceContext, barrier: HostBarrier, increments: Int, probeRuns: Int, probeSeconds: Double,
    depth: UInt32 = 64
  ) throws -> ThreadObservation {
    do {
      var o = ThreadObservation(
        thread: c.index, tlsBase: Int64(try c.global32("__tls_base")),
        stackAlloc: c.hasGlobal("__stack_alloc") ? Int64(try c.global32("__stack_alloc")) : 0,
        tlsAddress: Int64(try c.value("tls_address")), tlsAlignedAddress: Int64(try c.value("tls_aligned_address")),
        initialOk: try c.value("tls_initial_ok") == 1, counterBefore: Int64(try c.value("tls_counter")), counter: 0,
        stackAddress: Int64(try c.value("stack_pointer_now")), probeRuns: 0, probeFailures: 0,
        programInitCount: Int64(try c.value("program_init_count")), dataMarker: Int64(try c.value("data_marker")))
      try barrier.wait()
      for _ in 0..<increments { try c.call("tls_increment", 1) }
      try barrier.wait()  // every thread has finished writing: read back
      o.counter = Int64(try c.value("tls_counter"))
      try barrier.wait()
      let pattern = 0x5CA0_0000 | UInt32(c.index + 1)
      let until = Date().addingTimeInterval(probeSeconds)
      while o.probeRuns < probeRuns || Date() < until {
        if try c.value("stack_probe", depth, pattern) != 1 { o.probeFailures += 1 }
        o.probeRuns += 1
      }
      try barrier.wait()
      return o
    } catch {
      barrier.abort()
      throw error
    }
  }

  /// The allocator's live bytes and error count, read on `thread`.
  static func allocStats(_ thread: HostThread) throws -> (liveBytes: UInt32, liveBlocks: UInt32, errors: UInt32) {
    try thread.run { c in
      (try c.value("alloc_live_bytes"), try c.value("alloc_live_blocks"), try c.value("alloc_errors"))
    }
  }
}

/// Patched example modules of every shipped rule set run in-process on ``ModuleHost``: one `SharedMemory`, and per
/// thread one `Store`, one `Memory(store:sharedMemory:)` and one instance, started and destroyed the way the module's
/// marker says. Instance 0 is created first (its start function runs `__wasm_init_memory`), then 7 more instantiate
/// concurrently on 7 threads, and all 8 run the checks at once.
@Suite(
  "Runtime: WasmKit, one Store and instance per thread",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"),
  .serialized)
struct WasmKitRuntimeTests {
  static let threads = 8
  static let increments = 1000
  /// Spawn-8/destroy-8 rounds on the rustc-like examples, fewer on the clang-default ones.
  static let longRounds = 20
  static let shortRounds = 3

  /// Creates the group, instance 0 on its thread, and runs `program_init` there (the program's once-only
  /// initialisation, on the first thread only); returns the allocator's live bytes after it (the baseline).
  private func start(_ bytes: [UInt8], _ example: RuntimeExample) throws -> (ModuleHost, HostThread, UInt32) {
    let group = try ModuleHost(bytes: bytes, name: example.relativePath)
    let leader = try group.startThread()
    let initCount = try leader.run { c in try c.value("program_init") }
    #expect(initCount == 1)
    let baseline = try WasmKitChecks.allocStats(leader).liveBytes
    return (group, leader, baseline)
  }

  private func observeAll(_ threads: [HostThread], probeRuns: Int, probeSeconds: Double) throws
    -> [ThreadObservation]
  {
    let barrier = HostBarrier(parties: threads.count)
    return try HostThreads.runAll(threads) { c in
      try WasmKitChecks.observe(
        c, barrier: barrier, increments: Self.increments, probeRuns: probeRuns, probeSeconds: probeSeconds)
    }
  }

  @Test("basic run: own TLS and stack per thread, destroy returns the memory", arguments: RuntimeExample.all)
  func basicRun(example: RuntimeExample) throws {
    let clock = Stopwatch()
    let stackSize = try example.stackSize()
    let (group, leader, baseline) = try start(try example.patchedBytes(), example)
    defer { group.shutdown() }
    let followers = try group.startThreads(Self.threads - 1)
    let threads = try observeAll([leader] + followers, probeRuns: 8, probeSeconds: 0.02)
    RuntimeChecks.expectIsolated(
      threads, example: example, stackSize: stackSize, count: Self.threads, increments: Int64(Self.increments))
    let alive = try WasmKitChecks.allocStats(leader)
    let perFollower = stackSize + RuntimeExample.tlsSize
    #expect(alive.liveBytes - baseline == UInt32(Self.threads - 1) * perFollower)

    // Every follower destroys itself the way the marker says (destroy(0, 0, 0)): TLS and stack go back to the
    // allocator.
    let after = try HostThreads.runAll(followers) { c in
      try c.destroySelf()
      return (tls: try c.global32("__tls_base"), stack: try c.global32("__stack_alloc"))
    }
    #expect(after.allSatisfy { $0.tls == 0x8000_0000 && $0.stack == 0 }, "after destroy: \(after)")
    for follower in followers { follower.stop() }
    let end = try WasmKitChecks.allocStats(leader)
    #expect(end.liveBytes == baseline, "leaked \(Int64(end.liveBytes) - Int64(baseline)) bytes")
    #expect(end.errors == 0, "allocator errors (bad or double frees): \(end.errors)")
    print(
      "[WasmKit \(example.testDescription)] basic: \(RuntimeChecks.figures(threads)); live bytes baseline \(baseline), "
        + "with \(Self.threads) threads \(alive.liveBytes), after destroy \(end.liveBytes) "
        + "(leaked \(Int64(end.liveBytes) - Int64(baseline))); \(clock.formatted)")
  }

  /// Rounds of: 8 fresh threads instantiate concurrently, run the checks, destroy themselves and exit, while
  /// instance 0 stays. Live bytes are back at the baseline after every round.
  @Test("spawn-8/destroy-8 rounds leak nothing", arguments: RuntimeExample.all)
  func rounds(example: RuntimeExample) throws {
    let clock = Stopwatch()
    let stackSize = try example.stackSize()
    let rounds = example.flavour == .rustcLike ? Self.longRounds : Self.shortRounds
    let (group, leader, baseline) = try start(try example.patchedBytes(), example)
    defer { group.shutdown() }
    var live: [UInt32] = []
    var heapTops: [UInt32] = []
    for round in 0..<rounds {
      let batch = try group.startThreads(Self.threads)
      let barrier = HostBarrier(parties: batch.count)
      let seen = try HostThreads.runAll(batch) { c in
        let o = try WasmKitChecks.observe(c, barrier: barrier, increments: 100, probeRuns: 2, probeSeconds: 0)
        try c.destroySelf()
        return o
      }
      for thread in batch { thread.stop() }
      #expect(Set(seen.map(\.tlsAddress)).count == Self.threads, "round \(round): TLS \(seen.map(\.tlsAddress))")
      #expect(Set(seen.map(\.stackAddress)).count == Self.threads, "round \(round): stacks \(seen.map(\.stackAddress))")
      #expect(seen.allSatisfy { $0.stackAlloc != 0 && $0.tlsBase % Int64(RuntimeExample.tlsAlign) == 0 })
      #expect(
        seen.allSatisfy { $0.stackAddress >= $0.stackAlloc && $0.stackAddress < $0.stackAlloc + Int64(stackSize) })
      #expect(seen.allSatisfy { $0.initialOk && $0.probeFailures == 0 && $0.counter == $0.counterBefore + 100 })
      let stats = try WasmKitChecks.allocStats(leader)
      #expect(stats.liveBytes == baseline, "round \(round): live bytes \(stats.liveBytes), baseline \(baseline)")
      #expect(stats.errors == 0, "round \(round): \(stats.errors) allocator errors")
      live.append(stats.liveBytes)
      heapTops.append(try leader.run { c in try c.value("alloc_heap_top") })
    }
    #expect(Set(heapTops).count == 1, "the heap grew after round 0: heap tops \(Set(heapTops).sorted())")
    print(
      "[WasmKit \(example.testDescription)] rounds: \(rounds) rounds × \(Self.threads) threads = "
        + "\(rounds * Self.threads) spawned and destroyed; live bytes baseline \(baseline), after each round "
        + "\(Set(live).sorted()) (leaked \(Int64(live.last ?? 0) - Int64(baseline))); heap top \(heapTops.first ?? 0) "
        + "after round 0, \(heapTops.last ?? 0) at the end; \(clock.formatted)")
  }

  /// Followers run the checks and park (they stop without destroying themselves, reporting the globals the
  /// marker's `destroy.other` names); the leader frees their TLS blocks and stacks with
  /// `destroy(follower.__tls_base, follower.__stack_alloc, 0)`, as the marker says.
  @Test("the leader destroys its followers", arguments: RuntimeExample.all)
  func leaderDestroysFollower(example: RuntimeExample) throws {
    let stackSize = try example.stackSize()
    let (group, leader, baseline) = try start(try example.patchedBytes(), example)
    defer { group.shutdown() }
    let followers = try group.startThreads(Self.threads - 1)
    let threads = try observeAll([leader] + followers, probeRuns: 2, probeSeconds: 0)
    RuntimeChecks.expectIsolated(
      threads, example: example, stackSize: stackSize, count: Self.threads, increments: Int64(Self.increments))
    let before = try WasmKitChecks.allocStats(leader)
    for follower in followers {
      let parked = try follower.park()
      let seen = try #require(threads.first { $0.thread == Int(follower.id) })
      #expect(
        parked.globals == ["__tls_base": seen.tlsBase, "__stack_alloc": seen.stackAlloc],
        "thread \(follower.id) parked with \(parked.globals)")
      try leader.destroy(parked)
    }
    let after = try WasmKitChecks.allocStats(leader)
    let freed = Int64(before.liveBytes) - Int64(after.liveBytes)
    #expect(freed == Int64(Self.threads - 1) * Int64(stackSize + RuntimeExample.tlsSize))
    #expect(before.liveBlocks - after.liveBlocks == UInt32(Self.threads - 1) * 2)
    #expect(after.liveBytes == baseline)
    #expect(after.errors == 0, "the leader's frees were refused by the allocator")
    // The leader itself is untouched: its TLS and stack still work.
    let leaderStill = try leader.run { c in
      (try c.value("tls_initial_ok"), try c.value("stack_probe", 16, 0x5CA0_0001), try c.global32("__stack_alloc"))
    }
    #expect(leaderStill.0 == 1 && leaderStill.1 == 1 && leaderStill.2 == 0)
    print(
      "[WasmKit \(example.testDescription)] leader destroys \(Self.threads - 1) followers: freed \(freed) bytes; "
        + "live bytes \(before.liveBytes) → \(after.liveBytes) (baseline \(baseline))")
  }

  /// After a self-destroy `__tls_base` is 0x80000000: the next TLS access is outside the memory and WasmKit traps.
  @Test("TLS use after destroy traps", arguments: RuntimeExample.all)
  func useAfterDestroy(example: RuntimeExample) throws {
    let (group, leader, baseline) = try start(try example.patchedBytes(), example)
    defer { group.shutdown() }
    let followers = try group.startThreads(Self.threads - 1)
    let outcomes = try HostThreads.runAll(followers) { c -> String? in
      try c.destroySelf()
      do {
        try c.call("tls_increment", 1)
        return nil
      } catch let trap as HostError where trap.kind == .trap {
        return trap.description
      }
    }
    for follower in followers { follower.stop() }
    #expect(outcomes.allSatisfy { $0 != nil }, "tls_increment after destroy did not trap on every thread: \(outcomes)")
    #expect(try WasmKitChecks.allocStats(leader).liveBytes == baseline)
    print(
      "[WasmKit \(example.testDescription)] use after destroy: \(outcomes.compactMap { $0 }.count)/\(outcomes.count) "
        + "trapped (\(outcomes.first.flatMap { $0 } ?? "-"))")
  }

  /// The module as built is refused by the host, by name: it carries no marker.
  @Test("the host refuses the unpatched module", arguments: RuntimeExample.clangDefault)
  func unpatchedRefused(example: RuntimeExample) throws {
    #expect {
      _ = try ModuleHost(bytes: try example.unpatchedBytes(), name: example.relativePath)
    } throws: { error in
      let failure = error as? HostError
      return failure?.kind == .notPatched && failure?.description.contains(example.relativePath) == true
        && failure?.description.contains("not patched") == true
    }
  }

  /// The control: the module as built, run the same way (its ABI given explicitly: the start section, no destroy).
  /// Every check the patched runs pass fails here: followers have `__tls_base` 0, so their TLS "block" at address 0
  /// holds no `.tdata` image and is shared (their counters see each other's increments); they all start on the
  /// linker's one stack, so concurrent stack probes see each other's patterns.
  @Test("control: every isolation check fails on the unpatched module", arguments: RuntimeExample.all)
  func unpatchedShares(example: RuntimeExample) throws {
    var configuration = HostConfiguration()
    configuration.abi = ThreadMarker(rules: "none", version: "0")
    let group = try ModuleHost(
      bytes: try example.unpatchedBytes(), name: example.relativePath, configuration: configuration)
    defer { group.shutdown() }
    let leader = try group.startThread()
    _ = try leader.run { c in try c.value("program_init") }
    let followers = try group.startThreads(Self.threads - 1)
    var threads = try observeAll([leader] + followers, probeRuns: 8, probeSeconds: 0.05)
    // Stack probes collide only when two threads overlap in time: probe in longer bursts until one has (bounded).
    var bursts = 1
    while threads.reduce(0, { $0 + $1.probeFailures }) == 0 && bursts < 20 {
      threads = try observeAll([leader] + followers, probeRuns: 8, probeSeconds: 0.2)
      bursts += 1
    }
    RuntimeChecks.expectEveryCheckFails(threads, count: Self.threads, increments: Int64(Self.increments))
    print("[WasmKit \(example.testDescription)] UNPATCHED: \(RuntimeChecks.figures(threads)) after \(bursts) bursts")
  }
}
