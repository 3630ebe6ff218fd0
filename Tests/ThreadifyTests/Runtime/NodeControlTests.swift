import Foundation
import Testing

/// Controls for the node runtime checks: the same run on each example module as built (no patch, so no marker:
/// the harness tells the host there is nothing to start or destroy). Every check the patched run passes in
/// `NodeRuntimeTests.basicRun` must fail here, or that check could not see the bug the patch fixes.
@Suite("Runtime: node controls on unpatched modules")
struct NodeControlTests {
  static let threads = 8
  static let increments: Int64 = 1000

  @Test("every check the patched run passes fails on the unpatched module", arguments: RuntimeExample.all)
  func unpatchedFailsEveryCheck(example: RuntimeExample) async throws {
    // Probing stops as soon as one thread saw another's pattern, or after 5 s: sharing is found, not hoped for.
    let report = try await NodeHarness.run(
      module: try example.unpatchedBytes(), name: "unpatched-\(example.ruleSet)-\(example.flavour.rawValue).wasm",
      threads: Self.threads, ["--unpatched", "--stop-on-failure", "--probe-ms=5000", "--depth=256"])
    try #require(report.ok, "\(report.failureText)")
    #expect(report.abi?.patched == false)
    let threads = try (try #require(report.threadsResults)).map(ThreadObservation.init(node:))
    let followers = threads.filter { $0.thread != 0 }
    let label = example.testDescription
    try #require(threads.count == Self.threads)

    // TLS: the followers have no block of their own (they all use address 0)...
    #expect(Set(threads.map(\.tlsAddress)).count < Self.threads, "\(label): TLS addresses \(threads.map(\.tlsAddress))")
    #expect(followers.allSatisfy { $0.tlsBase == 0 }, "\(label): __tls_base \(followers.map(\.tlsBase))")
    // ...so they do not see the .tdata initial values...
    #expect(followers.allSatisfy { !$0.initialOk }, "\(label): a follower saw intact TLS initial values")
    // ...and their "private" counters are one shared word: each sees the others' increments.
    let deltas = followers.map { $0.counter - $0.counterBefore }
    #expect(deltas.allSatisfy { $0 != Self.increments }, "\(label): counter increments \(deltas)")
    // Stacks: every thread starts on the linker's one stack, and the concurrent probes see each other's frames.
    #expect(Set(threads.map(\.stackAddress)).count == 1, "\(label): stack addresses \(threads.map(\.stackAddress))")
    let failures = threads.reduce(0) { $0 + $1.probeFailures }
    let runs = threads.reduce(0) { $0 + $1.probeRuns }
    #expect(failures > 0, "\(label): \(runs) stack probes never saw another thread's pattern")
    let summary = try #require(report.summary)
    #expect(summary.tlsShared && summary.stackShared)
    #expect(!summary.allInitialOk && !summary.allCountersExact && !summary.allStackProbesOk)
    print("[node \(label)] UNPATCHED control: \(RuntimeChecks.figures(threads)); counter deltas \(deltas)")
  }
}
