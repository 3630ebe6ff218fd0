import Foundation
import TestSupport
import Testing
import ThreadifyHost
import WasmKit

/// The Swift host (`ModuleHost`, on WasmKit) runs a program that spawns its own threads from the marker alone:
/// the spawn import starts a thread entered through the start export with (thread id, spawn argument), the first
/// instance keeps its start section. 8 threads a round, 20 rounds.
@Suite(
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"))
struct ProgramSpawnHostTests {
  struct Round: Sendable {
    let spawned: UInt32
    let failedChecks: UInt32
    let children: [[UInt32]]  // per child: thread id, TLS address, stack address, TLS initial values ok
    let liveBytes: UInt32
  }

  /// Runs the rounds on the host's first thread; returns what each round saw and the memory size after it.
  static func rounds(_ host: ModuleHost, count: Int) throws -> (baseline: UInt32, rounds: [(Round, Int)]) {
    let main = try host.startThread()
    defer { try? main.destroy() }
    let baseline = try main.run { try $0.value("alloc_live_bytes") }
    var rounds: [(Round, Int)] = []
    for _ in 0..<count {
      let round = try main.run { context in
        let spawned = try context.value("spawn_children", UInt32(SpawnFixture.threads))
        let failed = try context.value("join_children")
        let children = try (0..<spawned).map { index in try (0..<4).map { try context.value("child_field", index, $0) }
        }
        return Round(spawned: spawned, failedChecks: failed, children: children, liveBytes: 0)
      }
      try host.waitUntilSpawnedThreadsEnd()
      let live = try main.run { try $0.value("alloc_live_bytes") }
      rounds.append(
        (
          Round(spawned: round.spawned, failedChecks: round.failedChecks, children: round.children, liveBytes: live),
          host.memoryPages
        ))
    }
    return (baseline, rounds)
  }

  @Test func theProgramsOwnThreadsRunIsolatedAndLeakNothing() throws {
    let host = try ModuleHost(bytes: try SpawnFixture.patched(), name: "spawn.wasm")
    let (baseline, rounds) = try Self.rounds(host, count: SpawnFixture.rounds)
    let pagesAfterFirst = rounds[0].1
    for (index, (round, pages)) in rounds.enumerated() {
      #expect(round.spawned == UInt32(SpawnFixture.threads), "round \(index)")
      #expect(round.failedChecks == 0, "round \(index): join_children counted \(round.failedChecks) failed checks")
      #expect(Set(round.children.map { $0[0] }).count == SpawnFixture.threads, "round \(index): thread ids")
      #expect(round.children.allSatisfy { $0[0] > 0 }, "round \(index): a thread id 0")
      #expect(Set(round.children.map { $0[1] }).count == SpawnFixture.threads, "round \(index): TLS blocks shared")
      #expect(Set(round.children.map { $0[2] }).count == SpawnFixture.threads, "round \(index): stacks shared")
      #expect(round.children.allSatisfy { $0[3] == 1 }, "round \(index): TLS initial values")
      #expect(round.liveBytes == baseline, "round \(index): \(round.liveBytes) live bytes, \(baseline) before")
      #expect(pages == pagesAfterFirst, "round \(index): memory grew to \(pages) pages")
    }
    #expect(host.spawnedThreads == SpawnFixture.threads * SpawnFixture.rounds)
    #expect(host.spawnFailures.isEmpty, "\(host.spawnFailures)")
    #expect(host.liveThreads.isEmpty, "\(host.liveThreads.map(\.id))")
  }

  @Test func anEntryThatDoesNotSetTheStackPointerFailsTheProgramsChecks() throws {
    let host = try ModuleHost(bytes: try SpawnFixture.patchedWithoutStackPointer(), name: "control.wasm")
    let (_, rounds) = try Self.rounds(host, count: 1)
    #expect(rounds[0].0.failedChecks > 0, "the control passed: the checks cannot see a shared stack")
    #expect(Set(rounds[0].0.children.map { $0[2] }).count < SpawnFixture.threads)
  }

  @Test func theUnpatchedProgramIsRefused() throws {
    let unpatched = try SpawnFixture.unpatched()
    do throws(HostError) {
      _ = try ModuleHost(bytes: unpatched, name: "unpatched.wasm")
      Issue.record("the unpatched module was accepted")
    } catch {
      #expect(error.kind == .notPatched, "\(error)")
    }
  }
}
