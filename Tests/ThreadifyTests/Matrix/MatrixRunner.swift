import Foundation
import TestSupport
import Testing
import ThreadifyHost

/// What one run of a matrix module on several threads observed, in one shape for every runtime.
struct MatrixRun: Sendable {
  var runtime: String
  /// What each thread saw from inside the module (the shape the runtime tests use).
  var threads: [ThreadObservation]
  /// The allocator's live bytes after instance 0 exists and `program_init` ran on it.
  var liveBytesBaseline: Int64
  /// Live bytes after every other thread destroyed itself and its instance was dropped.
  var liveBytesAfter: Int64
  /// Failed allocations and bad frees, at the end.
  var allocErrors: Int64
}

/// A runtime that runs a matrix module on `threads` threads over one shared memory: instance 0 first (its start
/// function initialises memory), `program_init` once on it, then the others concurrently; every thread reads its
/// TLS and stack addresses, increments its TLS counter `increments` times, runs stack probes, and every thread but
/// the first destroys itself before it exits. A patched module is started and destroyed the way its marker says;
/// `unpatched` runs the module as built (no marker: nothing to start or destroy), for the controls. To run the
/// matrix on another host, add a conformance here and list it in ``MatrixRuntimeTests/Runtime``.
protocol MatrixRunner: Sendable {
  var name: String { get }
  func run(_ module: [UInt8], unpatched: Bool, threads: Int, increments: Int) async throws -> MatrixRun
}

/// The JS host examples/host/threadify-host.mjs in node `worker_threads`, through ``NodeHarness`` and
/// `Runtime/node/checks.mjs`.
struct NodeMatrixRunner: MatrixRunner {
  var name: String { "node" }

  func run(_ module: [UInt8], unpatched: Bool, threads: Int, increments: Int) async throws -> MatrixRun {
    let report = try await NodeHarness.run(
      module: module, name: "matrix.wasm", threads: threads,
      ["--increments=\(increments)"] + (unpatched ? ["--unpatched"] : []))
    guard report.ok else { throw TestFailure("node: \(report.failureText)") }
    #expect(report.abi?.patched == !unpatched, "node: the host read the ABI \(String(describing: report.abi))")
    let results = try #require(report.threadsResults, "node: no per-thread results")
    let baseline = try #require(report.alloc?.afterInstance0, "node: no allocator statistics after instance 0")
    let after = try #require(report.alloc?.afterWorkersExit, "node: no allocator statistics after the workers exit")
    return MatrixRun(
      runtime: name, threads: try results.map(ThreadObservation.init(node:)), liveBytesBaseline: baseline.liveBytes,
      liveBytesAfter: after.liveBytes, allocErrors: after.errors ?? -1)
  }
}

/// In-process WasmKit on ``ModuleHost``: one `Store` and instance per host thread over one `SharedMemory`; the
/// per-thread checks are ``WasmKitChecks/observe(_:barrier:increments:probeRuns:probeSeconds:depth:)``.
struct WasmKitMatrixRunner: MatrixRunner {
  var name: String { "WasmKit" }

  func run(_ module: [UInt8], unpatched: Bool, threads count: Int, increments: Int) async throws -> MatrixRun {
    let group =
      unpatched
      ? try ModuleHost.explicit(bytes: module)
      : try ModuleHost(bytes: module, name: "matrix.wasm")
    defer { group.shutdown() }
    let leader = try group.startThread()
    _ = try leader.run { c in try c.value("program_init") }
    let baseline = try WasmKitChecks.allocStats(leader).liveBytes
    let followers = try group.startThreads(count - 1)
    let barrier = HostBarrier(parties: count)
    let seen = try HostThreads.runAll([leader] + followers) { c in
      let o = try WasmKitChecks.observe(c, barrier: barrier, increments: increments, probeRuns: 8, probeSeconds: 0)
      if c.index != 0 { try c.destroySelf() }
      return o
    }
    for follower in followers { follower.stop() }
    let end = try WasmKitChecks.allocStats(leader)
    return MatrixRun(
      runtime: name, threads: seen, liveBytesBaseline: Int64(baseline), liveBytesAfter: Int64(end.liveBytes),
      allocErrors: Int64(end.errors))
  }
}
